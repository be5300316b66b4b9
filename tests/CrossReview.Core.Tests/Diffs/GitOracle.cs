using CrossReview.Diffs;
using CrossReview.Testing;

namespace CrossReview.Tests.Diffs;

/// <summary>Asks git what a change contains, so tests compare the parser with git instead of with hand-counted numbers.</summary>
internal static class GitOracle
{
    /// <summary>Runs <c>git ARGS --numstat -z</c> and <c>git ARGS --raw -z</c> and joins them per file.</summary>
    public static async Task<IReadOnlyList<GitFileStat>> StatAsync(TempGitRepo repo, params string[] diffArgs)
    {
        var numstat = (await repo.GitAsync([.. diffArgs, "--numstat", "-z"])).Split('\0');
        var raw = (await repo.GitAsync([.. diffArgs, "--raw", "-z"])).Split('\0');
        return Join(numstat, raw, noIndex: false);
    }

    /// <summary>
    /// The same for two folders compared with <c>git diff --no-index</c>; names lose their first component (the
    /// folder) and modes are dropped, since a plain diff carries none.
    /// </summary>
    public static async Task<IReadOnlyList<GitFileStat>> StatNoIndexAsync(TempGitRepo repo, string oldDir, string newDir)
    {
        var numstat = (await GitNoIndexAsync(repo, "--numstat", "-z", oldDir, newDir)).Split('\0');
        var raw = (await GitNoIndexAsync(repo, "--raw", "-z", oldDir, newDir)).Split('\0');
        return Join(numstat, raw, noIndex: true);
    }

    /// <summary>
    /// Checks every hunk line against the real file contents: a line with an old number must be that line of the
    /// old file, one with a new number that line of the new file (text after the last '\n' counts as a line).
    /// </summary>
    public static void AssertLinesMatch(FileChange change, string? oldContent, string? newContent)
    {
        var oldLines = SplitLines(oldContent);
        var newLines = SplitLines(newContent);
        foreach (var hunk in change.Hunks)
        {
            foreach (var line in hunk.Lines)
            {
                if (line.OldNumber is { } oldNumber)
                {
                    Assert.Equal(oldLines[oldNumber - 1], line.Text);
                }

                if (line.NewNumber is { } newNumber)
                {
                    Assert.Equal(newLines[newNumber - 1], line.Text);
                }
            }
        }

        var lastOld = change.Hunks.SelectMany(h => h.Lines).LastOrDefault(l => l.OldNumber == oldLines.Length);
        if (oldContent is { Length: > 0 } && lastOld is not null)
        {
            Assert.Equal(!oldContent.EndsWith('\n'), lastOld.NoNewlineAtEnd);
        }

        var lastNew = change.Hunks.SelectMany(h => h.Lines).LastOrDefault(l => l.NewNumber == newLines.Length);
        if (newContent is { Length: > 0 } && lastNew is not null)
        {
            Assert.Equal(!newContent.EndsWith('\n'), lastNew.NoNewlineAtEnd);
        }
    }

    public static void AssertSameAsGit(IReadOnlyList<GitFileStat> expected, IReadOnlyList<FileChange> actual)
    {
        Assert.NotEmpty(expected);
        Assert.Equal(expected, actual.Select(GitFileStat.From).ToList());
    }

    private static string[] SplitLines(string? content)
    {
        if (string.IsNullOrEmpty(content))
        {
            return [];
        }

        var lines = content.Split('\n');
        return content.EndsWith('\n') ? lines[..^1] : lines;
    }

    private static async Task<string> GitNoIndexAsync(TempGitRepo repo, params string[] args)
    {
        // --no-index exits 1 when the folders differ, which is the point here.
        var (exitCode, stdout, stderr) = await repo.RunAsync("git", ["diff", "--no-index", .. args]);
        return exitCode is 0 or 1 ? stdout : throw new InvalidOperationException($"git diff --no-index failed: {stderr}");
    }

    private static List<GitFileStat> Join(string[] numstat, string[] raw, bool noIndex)
    {
        var stats = new List<GitFileStat>();
        int n = 0, r = 0;
        while (n < numstat.Length && numstat[n].Length > 0)
        {
            var fields = numstat[n].Split('\t');
            var binary = fields[0] == "-";
            var additions = binary ? 0 : int.Parse(fields[0]);
            var deletions = binary ? 0 : int.Parse(fields[1]);
            n += fields[2].Length == 0 ? 3 : 1;

            // ":100644 100755 OLDID NEWID R087" then one name, or two for renames and copies.
            var meta = raw[r].TrimStart(':').Split(' ');
            var code = meta[4];
            var status = code[0] switch
            {
                'A' => FileStatus.Added,
                'D' => FileStatus.Deleted,
                'R' => FileStatus.Renamed,
                'C' => FileStatus.Copied,
                _ => FileStatus.Modified,
            };
            var paired = status is FileStatus.Renamed or FileStatus.Copied;
            var oldName = raw[r + 1];
            var newName = paired ? raw[r + 2] : raw[r + 1];
            r += paired ? 3 : 2;

            if (noIndex)
            {
                stats.Add(new GitFileStat(Strip(newName), null, status, binary, additions, deletions, null, null, null));
            }
            else
            {
                // For an exact rename or copy with the same mode git prints no index line: the diff states no mode at all.
                var modesShown = !(paired && code[1..] == "100" && meta[0] == meta[1]);
                stats.Add(new GitFileStat(
                    newName,
                    paired ? oldName : null,
                    status,
                    binary,
                    additions,
                    deletions,
                    paired ? int.Parse(code[1..]) : null,
                    modesShown && meta[0] != "000000" ? meta[0] : null,
                    modesShown && meta[1] != "000000" ? meta[1] : null));
            }
        }

        return stats;
    }

    private static string Strip(string name) => name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
