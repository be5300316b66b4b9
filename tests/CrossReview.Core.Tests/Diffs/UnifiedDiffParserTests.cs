using System.Text;
using CrossReview.Diffs;
using CrossReview.Testing;

namespace CrossReview.Tests.Diffs;

/// <summary>
/// Every change is built for real in a temporary repository, diffed by git, parsed, and held to what git itself
/// reports for the same change (<c>--numstat</c>, <c>--raw</c>) and to the files' actual lines.
/// </summary>
public sealed class UnifiedDiffParserTests
{
    private static string Numbered(int count, string prefix = "line") =>
        string.Concat(Enumerable.Range(1, count).Select(i => $"{prefix} {i}\n"));

    /// <summary>
    /// Diffs the staged change against HEAD with <paramref name="options"/> (a <c>-c NAME=VALUE</c> pair goes before
    /// the subcommand), parses it, and checks it against git.
    /// </summary>
    private static async Task<IReadOnlyList<FileChange>> ParseStagedAsync(TempGitRepo repo, params string[] options)
    {
        var config = options.Select((o, i) => (o, i)).Where(p => p.o == "-c").SelectMany(p => new[] { "-c", options[p.i + 1] }).ToArray();
        var rest = options.Where((o, i) => o != "-c" && (i == 0 || options[i - 1] != "-c")).ToArray();
        string[] args = [.. config, "diff", "--cached", "-M", .. rest, "HEAD"];
        var files = UnifiedDiffParser.Parse(await repo.GitAsync(args));
        GitOracle.AssertSameAsGit(await GitOracle.StatAsync(repo, args), files);
        foreach (var file in files.Where(f => !f.IsBinary))
        {
            var oldContent = file.Status == FileStatus.Added ? null : await repo.GitAsync("show", "HEAD:" + (file.OldPath ?? file.Path));
            var newContent = file.Status == FileStatus.Deleted ? null : await repo.GitAsync("show", ":" + file.Path);
            GitOracle.AssertLinesMatch(file, oldContent, newContent);
        }

        return files;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Parse_ModifiedFileWithSeveralHunks_MatchesGit(bool suppressBlankEmpty)
    {
        using var repo = await TempGitRepo.CreateAsync();
        var lines = Numbered(120).Split('\n')[..^1];
        lines[10] = string.Empty;
        repo.WriteFile("src/app.txt", string.Join('\n', lines) + "\n");
        await repo.CommitAllAsync("base");
        lines[9] = "changed 10";
        lines[60] = "changed 61";
        lines = [.. lines[..100], "inserted", .. lines[100..115]];
        repo.WriteFile("src/app.txt", string.Join('\n', lines) + "\n");
        await repo.GitAsync("add", "-A");

        var files = await ParseStagedAsync(repo, "-c", "diff.suppressBlankEmpty=" + suppressBlankEmpty.ToString().ToLowerInvariant());

        var file = Assert.Single(files);
        Assert.True(file.Hunks.Count >= 3);
    }

    [Fact]
    public async Task Parse_RenameWithEdit_ReportsOldPathAndSimilarity()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("old/name.txt", Numbered(40));
        await repo.CommitAllAsync("base");
        repo.DeleteFile("old/name.txt");
        repo.WriteFile("new/name.txt", Numbered(40).Replace("line 20\n", "line twenty\n", StringComparison.Ordinal));
        await repo.GitAsync("add", "-A");

        var file = Assert.Single(await ParseStagedAsync(repo));

        Assert.Equal(FileStatus.Renamed, file.Status);
        Assert.NotEmpty(file.Hunks);
    }

    [Fact]
    public async Task Parse_PureRenameWithSpaces_HasNoHunks()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a dir/one file.txt", Numbered(5));
        await repo.CommitAllAsync("base");
        repo.DeleteFile("a dir/one file.txt");
        repo.WriteFile("b dir/other file.txt", Numbered(5));
        await repo.GitAsync("add", "-A");

        var file = Assert.Single(await ParseStagedAsync(repo));

        Assert.Equal(FileStatus.Renamed, file.Status);
        Assert.Empty(file.Hunks);
    }

    [Fact]
    public async Task Parse_CopyFoundWithFindCopiesHarder_ReportsCopied()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("origin.txt", Numbered(30));
        await repo.CommitAllAsync("base");
        repo.WriteFile("copy.txt", Numbered(30) + "extra\n");
        repo.WriteFile("exact copy.txt", Numbered(30));
        await repo.GitAsync("add", "-A");

        var files = await ParseStagedAsync(repo, "-C", "--find-copies-harder");

        Assert.Equal(2, files.Count(f => f.Status == FileStatus.Copied));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Parse_BinaryFiles_MarkedBinaryWithoutCounts(bool gitBinaryPatch)
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("img/kept.bin", [0, 1, 2, 3, 4]);
        repo.WriteFile("img/gone.bin", [0, 9, 9]);
        repo.WriteFile("text.txt", Numbered(3));
        await repo.CommitAllAsync("base");
        repo.WriteFile("img/kept.bin", [.. Enumerable.Range(0, 3000).Select(i => (byte)(i * 7 % 256))]);
        repo.DeleteFile("img/gone.bin");
        repo.WriteFile("img/new.bin", [0, 42]);
        repo.WriteFile("img dir/with space.bin", [0, 43]);
        repo.WriteFile("text.txt", Numbered(4));
        await repo.GitAsync("add", "-A");

        var files = await ParseStagedAsync(repo, gitBinaryPatch ? ["--binary"] : []);

        Assert.Equal(4, files.Count(f => f.IsBinary));
        Assert.Contains(files, f => !f.IsBinary && f.Path == "text.txt");
    }

    [Fact]
    public async Task Parse_ModeOnlyChange_HasModesAndNoHunks()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("run.sh", "echo hi\n");
        repo.WriteFile("my tools/run b.sh", "echo hi\n");
        repo.WriteFile("edit.sh", "echo a\n");
        await repo.CommitAllAsync("base");
        repo.WriteFile("edit.sh", "echo b\n");
        await repo.GitAsync("add", "-A");
        await repo.GitAsync("update-index", "--chmod=+x", "run.sh", "edit.sh", "my tools/run b.sh");

        var files = await ParseStagedAsync(repo);

        var modeOnly = files.Where(f => f.Path != "edit.sh").ToList();
        Assert.Equal(2, modeOnly.Count);
        Assert.All(modeOnly, f => Assert.Empty(f.Hunks));
        Assert.All(modeOnly, f => Assert.NotEqual(f.OldMode, f.NewMode));
    }

    [Fact]
    public async Task Parse_Symlinks_AreRecognised()
    {
        using var repo = await TempGitRepo.CreateAsync();
        File.CreateSymbolicLink(repo.FullPath("changed-link"), "target-a");
        await repo.CommitAllAsync("base");
        File.Delete(repo.FullPath("changed-link"));
        File.CreateSymbolicLink(repo.FullPath("changed-link"), "target-b");
        File.CreateSymbolicLink(repo.FullPath("new-link"), "somewhere/else");
        await repo.GitAsync("add", "-A");

        var files = await ParseStagedAsync(repo);

        Assert.Equal(2, files.Count);
        Assert.All(files, f => Assert.True(f.IsSymlink));
    }

    [Fact]
    public async Task Parse_CrlfContent_KeepsCarriageReturnInText()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("win.txt", "one\r\ntwo\r\nthree\r\n");
        await repo.CommitAllAsync("base");
        repo.WriteFile("win.txt", "one\r\n2\r\nthree\r\nfour\r\n");
        await repo.GitAsync("add", "-A");

        var file = Assert.Single(await ParseStagedAsync(repo));

        Assert.All(file.Hunks.SelectMany(h => h.Lines), l => Assert.EndsWith("\r", l.Text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Parse_NoNewlineAtEnd_MarksTheLastLine()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("gains.txt", "a\nb");
        repo.WriteFile("loses.txt", "a\nb\n");
        repo.WriteFile("both.txt", "x\ny");
        await repo.CommitAllAsync("base");
        repo.WriteFile("gains.txt", "a\nb\n");
        repo.WriteFile("loses.txt", "a\nc");
        repo.WriteFile("both.txt", "x\nz");
        await repo.GitAsync("add", "-A");

        var files = await ParseStagedAsync(repo);

        Assert.Equal(3, files.Count);
        Assert.All(files, f => Assert.Contains(f.Hunks.SelectMany(h => h.Lines), l => l.NoNewlineAtEnd));
    }

    [Theory]
    [InlineData("-U3")]
    [InlineData("-U0")]
    public async Task Parse_ContentLinesThatLookLikeHeaders_StayContent(string context)
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("sql.txt", "keep\n-- comment\n--- a/fake\nkeep\n@@ -1 +1 @@\nkeep\n");
        await repo.CommitAllAsync("base");
        repo.WriteFile("sql.txt", "keep\n+++ b/fake\n++ counter\n--- a/other\nkeep\ndiff --git a/x b/x\nkeep\n");
        await repo.GitAsync("add", "-A");

        var file = Assert.Single(await ParseStagedAsync(repo, context));

        Assert.Contains(file.Hunks.SelectMany(h => h.Lines), l => l.Kind == DiffLineKind.Removed && l.Text.StartsWith("-- ", StringComparison.Ordinal));
        Assert.Contains(file.Hunks.SelectMany(h => h.Lines), l => l.Kind == DiffLineKind.Added && l.Text.StartsWith("++ ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Parse_NonAsciiPathsWithSpaces_AreUnquoted(bool quotePath)
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("sp ace/é ü.txt", Numbered(10));
        repo.WriteFile("tab\there\".txt", "x\n");
        await repo.CommitAllAsync("base");
        repo.WriteFile("sp ace/é ü.txt", Numbered(11));
        repo.DeleteFile("tab\there\".txt");
        repo.WriteFile("naïve/日本.txt", "new\n");
        await repo.GitAsync("add", "-A");

        var files = await ParseStagedAsync(repo, "-c", "core.quotepath=" + quotePath.ToString().ToLowerInvariant());

        Assert.Contains(files, f => f.Path == "sp ace/é ü.txt");
        Assert.Contains(files, f => f.Path == "naïve/日本.txt");
        Assert.Contains(files, f => f.Path == "tab\there\".txt");
    }

    [Fact]
    public async Task Parse_UnifiedZeroHunks_NumberLinesFromHeaders()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("f.txt", Numbered(20));
        await repo.CommitAllAsync("base");
        var lines = Numbered(20).Split('\n')[..^1].ToList();
        lines.InsertRange(3, ["new a", "new b"]);
        lines.RemoveAt(12);
        lines[16] = "changed";
        repo.WriteFile("f.txt", string.Join('\n', lines) + "\n");
        await repo.GitAsync("add", "-A");

        var file = Assert.Single(await ParseStagedAsync(repo, "-U0"));

        Assert.Contains(file.Hunks, h => h.OldCount == 0);
        Assert.Contains(file.Hunks, h => h.NewCount == 0);
    }

    [Fact]
    public async Task Parse_EmptyFilesAddedAndDeleted_HaveNoHunks()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("old-empty", string.Empty);
        repo.WriteFile("removed.txt", Numbered(3));
        await repo.CommitAllAsync("base");
        repo.DeleteFile("old-empty");
        repo.DeleteFile("removed.txt");
        repo.WriteFile("new-empty", string.Empty);
        await repo.GitAsync("add", "-A");

        // Two empty files are identical: without --no-renames git would call this a rename.
        var files = await ParseStagedAsync(repo, "--no-renames");

        Assert.Equal(3, files.Count);
        Assert.Empty(files.Single(f => f.Path == "new-empty").Hunks);
        Assert.Empty(files.Single(f => f.Path == "old-empty").Hunks);
    }

    [Fact]
    public async Task Parse_FormatPatchWithCommitMessage_SkipsThePreamble()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", Numbered(5));
        await repo.CommitAllAsync("base");
        repo.WriteFile("a.txt", Numbered(6));
        repo.WriteFile("b.txt", "b\n");
        await repo.CommitAllAsync("subject\n\n--- a/not-a-file\n+++ b/not-a-file\ndiff --stat looking text\n");

        var files = UnifiedDiffParser.Parse(await repo.GitAsync("format-patch", "-1", "--stdout", "HEAD"));

        GitOracle.AssertSameAsGit(await GitOracle.StatAsync(repo, "diff", "-M", "HEAD^", "HEAD"), files);
    }

    [Theory]
    [InlineData("UTC")]
    [InlineData("Europe/Paris")]
    [InlineData("America/New_York")]
    public async Task Parse_PlainDiffRuN_MatchesGitNoIndex(string timeZone)
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a/x.txt", Numbered(30));
        repo.WriteFile("b/x.txt", Numbered(30).Replace("line 7\n", "seven\n", StringComparison.Ordinal));
        repo.WriteFile("a/gone.txt", "bye\n");
        repo.WriteFile("b/sp ace/é.txt", "hello\n");
        repo.WriteFile("a/data.bin", [0, 1, 2]);
        repo.WriteFile("b/data.bin", [0, 1, 3]);
        repo.WriteFile("a/sql.txt", "-- c\n");
        repo.WriteFile("b/sql.txt", "++ c\n");

        var (exitCode, diff, stderr) = await repo.RunAsync("env", "TZ=" + timeZone, "diff", "-ruN", "a", "b");
        Assert.True(exitCode == 1, stderr);

        var files = UnifiedDiffParser.Parse(diff);

        GitOracle.AssertSameAsGit(await GitOracle.StatNoIndexAsync(repo, "a", "b"), files);
        foreach (var file in files.Where(f => !f.IsBinary))
        {
            var oldPath = repo.FullPath("a/" + file.Path);
            var newPath = repo.FullPath("b/" + file.Path);
            GitOracle.AssertLinesMatch(
                file,
                File.Exists(oldPath) ? File.ReadAllText(oldPath) : null,
                File.Exists(newPath) ? File.ReadAllText(newPath) : null);
        }
    }

    [Fact]
    public void Parse_EmptyInput_ReturnsNoFiles()
    {
        Assert.Empty(UnifiedDiffParser.Parse(string.Empty));
        Assert.Empty(UnifiedDiffParser.Parse("\n"));
    }

    [Fact]
    public void Parse_TextThatIsNotADiff_Throws()
    {
        var ex = Assert.Throws<DiffFormatException>(() => UnifiedDiffParser.Parse("# README\n\nSome prose, no patch here.\n"));
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public async Task Parse_DiffCutInsideAHunk_Throws()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("f.txt", Numbered(10));
        await repo.CommitAllAsync("base");
        repo.WriteFile("f.txt", Numbered(12));
        var diff = await repo.GitAsync("diff");
        var cut = diff[..diff.TrimEnd('\n').LastIndexOf('\n')] + "\n";

        var ex = Assert.Throws<DiffFormatException>(() => UnifiedDiffParser.Parse(cut));
        Assert.Contains("shorter", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Parse_MalformedHunkHeader_Throws()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("f.txt", Numbered(10));
        await repo.CommitAllAsync("base");
        repo.WriteFile("f.txt", Numbered(12));
        var diff = await repo.GitAsync("diff");
        var broken = new StringBuilder(diff).Replace("@@ -", "@@ -x").ToString();

        var ex = Assert.Throws<DiffFormatException>(() => UnifiedDiffParser.Parse(broken));
        Assert.Contains("hunk header", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HunkWithoutFileHeader_Throws()
    {
        Assert.Throws<DiffFormatException>(() => UnifiedDiffParser.Parse("@@ -1 +1 @@\n-a\n+b\n"));
    }
}
