using CrossReview.Diffs;
using CrossReview.Git;

namespace CrossReview.Tests.Findings;

/// <summary>Builds parsed diffs by hand: each line is written as in a unified diff (<c>" ctx"</c>, <c>"+add"</c>, <c>"-del"</c>).</summary>
internal static class TestChanges
{
    public static Hunk Hunk(int oldStart, int newStart, params string[] lines)
    {
        var oldNumber = oldStart;
        var newNumber = newStart;
        var parsed = new List<DiffLine>();
        foreach (var line in lines)
        {
            var text = line[1..];
            switch (line[0])
            {
                case '+':
                    parsed.Add(new DiffLine(DiffLineKind.Added, text, null, newNumber++));
                    break;
                case '-':
                    parsed.Add(new DiffLine(DiffLineKind.Removed, text, oldNumber++, null));
                    break;
                default:
                    parsed.Add(new DiffLine(DiffLineKind.Context, text, oldNumber++, newNumber++));
                    break;
            }
        }

        return new Hunk(oldStart, oldNumber - oldStart, newStart, newNumber - newStart, "", parsed);
    }

    public static FileChange File(string path, params Hunk[] hunks) => File(path, FileStatus.Modified, hunks);

    public static FileChange File(string path, FileStatus status, params Hunk[] hunks) => new()
    {
        Path = path,
        Status = status,
        Hunks = hunks,
        Additions = hunks.Sum(h => h.Lines.Count(l => l.Kind == DiffLineKind.Added)),
        Deletions = hunks.Sum(h => h.Lines.Count(l => l.Kind == DiffLineKind.Removed)),
    };

    public static FileChange Binary(string path) => new() { Path = path, Status = FileStatus.Modified, IsBinary = true };

    public static AcquiredChange Change(params FileChange[] files) =>
        new(TargetKind.Diff, null, null, null, "", files);

    /// <summary>
    /// src/calc.cs: new lines 10–16 in the first hunk (12, 13 and 15 added, one line removed before 14) and 100–102 in a
    /// second hunk (101 added).
    /// </summary>
    public static FileChange Calc() => File(
        "src/calc.cs",
        Hunk(10, 10,
            " int a = 0;",
            " int b = 1;",
            "+int c = a + b;",
            "+int d = c * 2;",
            "-int e = 5;",
            " Check(d);",
            "+Save(d);",
            " Flush();"),
        Hunk(98, 100,
            " Begin();",
            "+Log(d);",
            " End();"));
}
