using CrossReview.Diffs;
using CrossReview.Git;
using CrossReview.Testing;
using CrossReview.Tests.Diffs;

namespace CrossReview.Tests.Git;

public sealed class ChangeAcquirerTests
{
    private static string Numbered(int count) => string.Concat(Enumerable.Range(1, count).Select(i => $"line {i}\n"));

    private static Task<AcquiredChange> AcquireAsync(TargetSpec target, string directory, string stdin = "") =>
        new ChangeAcquirer().AcquireAsync(target, directory, new StringReader(stdin), CancellationToken.None);

    /// <summary>What git says the working tree (untracked files included) holds against <paramref name="against"/>, staged in a scratch clone of the index.</summary>
    private static async Task<IReadOnlyList<GitFileStat>> WorkingTreeOracleAsync(TempGitRepo repo, string against)
    {
        await repo.GitAsync("add", "-A");
        var stats = await GitOracle.StatAsync(repo, "diff", "--cached", "-M", against);
        await repo.GitAsync("reset", "-q");
        return stats;
    }

    [Fact]
    public async Task AcquireAsync_Uncommitted_HasStagedUnstagedAndUntrackedButNotIgnored()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".gitignore", "*.log\n");
        repo.WriteFile("staged.txt", Numbered(5));
        repo.WriteFile("unstaged.txt", Numbered(5));
        repo.WriteFile("moved.txt", Numbered(30));
        var head = await repo.CommitAllAsync("base");
        repo.WriteFile("staged.txt", Numbered(6));
        await repo.GitAsync("add", "staged.txt");
        repo.WriteFile("unstaged.txt", Numbered(4));
        repo.WriteFile("untracked dir/new é.txt", "fresh\n");
        repo.WriteFile("debug.log", "ignored\n");
        repo.DeleteFile("moved.txt");
        repo.WriteFile("renamed.txt", Numbered(30));
        var indexBefore = await repo.GitAsync("diff", "--cached", "--name-only");

        var change = await AcquireAsync(TargetSpec.Uncommitted, repo.Root);

        Assert.Equal(indexBefore, await repo.GitAsync("diff", "--cached", "--name-only"));
        Assert.Equal(TargetKind.Uncommitted, change.Kind);
        Assert.Equal(head, change.Base);
        Assert.Null(change.Head);
        Assert.Equal(repo.Root, change.RepositoryRoot);
        GitOracle.AssertSameAsGit(await WorkingTreeOracleAsync(repo, head), change.Files);
        Assert.DoesNotContain(change.Files, f => f.Path == "debug.log");
        Assert.Contains(change.Files, f => f.Status == FileStatus.Renamed);
    }

    [Theory]
    [InlineData("sha1")]
    [InlineData("sha256")]
    public async Task AcquireAsync_UncommittedInRepoWithoutCommits_DiffsAgainstEmptyTree(string objectFormat)
    {
        using var repo = await TempGitRepo.CreateAsync(objectFormat);
        repo.WriteFile("a.txt", Numbered(3));
        repo.WriteFile("sub/b.bin", [0, 1, 2]);
        var emptyTree = (await repo.GitAsync("hash-object", "-t", "tree", "/dev/null")).Trim();

        var change = await AcquireAsync(TargetSpec.Uncommitted, Path.Combine(repo.Root));

        Assert.Null(change.Base);
        Assert.All(change.Files, f => Assert.Equal(FileStatus.Added, f.Status));
        GitOracle.AssertSameAsGit(await WorkingTreeOracleAsync(repo, emptyTree), change.Files);
    }

    [Fact]
    public async Task AcquireAsync_UncommittedFromSubdirectory_CoversWholeRepository()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("top.txt", "a\n");
        repo.WriteFile("sub/inner.txt", "a\n");
        var head = await repo.CommitAllAsync("base");
        repo.WriteFile("top.txt", "b\n");
        repo.WriteFile("sub/inner.txt", "b\n");

        var change = await AcquireAsync(TargetSpec.Uncommitted, repo.FullPath("sub"));

        Assert.Equal(repo.Root, change.RepositoryRoot);
        GitOracle.AssertSameAsGit(await WorkingTreeOracleAsync(repo, head), change.Files);
    }

    [Fact]
    public async Task AcquireAsync_Base_DiffsMergeBaseWithWorkingTree()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("shared.txt", Numbered(10));
        var forkPoint = await repo.CommitAllAsync("fork point");
        await repo.GitAsync("checkout", "-q", "-b", "feature");
        repo.WriteFile("feature.txt", "feature work\n");
        await repo.CommitAllAsync("feature commit");
        await repo.GitAsync("checkout", "-q", "main");
        repo.WriteFile("main-only.txt", "later on main\n");
        await repo.CommitAllAsync("main moves on");
        await repo.GitAsync("checkout", "-q", "feature");
        repo.WriteFile("shared.txt", Numbered(11));
        repo.WriteFile("untracked.txt", "new\n");

        var change = await AcquireAsync(new TargetSpec(TargetKind.Base, "main"), repo.Root);

        Assert.Equal(forkPoint, change.Base);
        Assert.Null(change.Head);
        Assert.DoesNotContain(change.Files, f => f.Path == "main-only.txt");
        GitOracle.AssertSameAsGit(await WorkingTreeOracleAsync(repo, forkPoint), change.Files);
    }

    [Fact]
    public async Task AcquireAsync_Commit_DiffsAgainstParent()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", Numbered(10));
        var parent = await repo.CommitAllAsync("first");
        repo.WriteFile("a.txt", Numbered(12));
        repo.WriteFile("b.txt", "b\n");
        var commit = await repo.CommitAllAsync("second");
        repo.WriteFile("a.txt", "uncommitted noise\n");

        var change = await AcquireAsync(new TargetSpec(TargetKind.Commit, commit[..10]), repo.Root);

        Assert.Equal(parent, change.Base);
        Assert.Equal(commit, change.Head);
        GitOracle.AssertSameAsGit(await GitOracle.StatAsync(repo, "diff", "-M", parent, commit), change.Files);
    }

    [Fact]
    public async Task AcquireAsync_RootCommit_DiffsAgainstEmptyTree()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", Numbered(3));
        repo.WriteFile("b/c.txt", "c\n");
        var root = await repo.CommitAllAsync("root");
        repo.WriteFile("a.txt", Numbered(4));
        await repo.CommitAllAsync("second");

        var change = await AcquireAsync(new TargetSpec(TargetKind.Commit, root), repo.Root);

        Assert.Null(change.Base);
        Assert.Equal(root, change.Head);
        GitOracle.AssertSameAsGit(await GitOracle.StatAsync(repo, "show", "-M", "--format=", root), change.Files);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("...")]
    public async Task AcquireAsync_Range_UsesGitRangeSemantics(string separator)
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("shared.txt", Numbered(10));
        var forkPoint = await repo.CommitAllAsync("fork point");
        await repo.GitAsync("checkout", "-q", "-b", "topic");
        repo.WriteFile("topic.txt", "topic\n");
        var topic = await repo.CommitAllAsync("topic");
        await repo.GitAsync("checkout", "-q", "main");
        repo.WriteFile("shared.txt", Numbered(9));
        var main = await repo.CommitAllAsync("main");

        var change = await AcquireAsync(new TargetSpec(TargetKind.Range, "main" + separator + "topic"), repo.Root);

        var expectedBase = separator == "..." ? forkPoint : main;
        Assert.Equal(expectedBase, change.Base);
        Assert.Equal(topic, change.Head);
        GitOracle.AssertSameAsGit(await GitOracle.StatAsync(repo, "diff", "-M", "main" + separator + "topic"), change.Files);
    }

    [Fact]
    public async Task AcquireAsync_DiffFile_ParsesPatchAndFindsRepository()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", Numbered(10));
        await repo.CommitAllAsync("base");
        repo.WriteFile("a.txt", Numbered(11));
        var patch = await repo.GitAsync("diff");
        repo.WriteFile("patches/change.diff", patch);

        var change = await AcquireAsync(new TargetSpec(TargetKind.Diff, "patches/change.diff"), repo.Root);

        Assert.Equal(TargetKind.Diff, change.Kind);
        Assert.Equal(repo.Root, change.RepositoryRoot);
        Assert.Null(change.Base);
        Assert.Null(change.Head);
        Assert.Equal(patch, change.DiffText);
        GitOracle.AssertSameAsGit(await GitOracle.StatAsync(repo, "diff", "-M"), change.Files);
    }

    [Fact]
    public async Task AcquireAsync_DiffFromStdinOutsideRepository_HasNoRepositoryRoot()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", Numbered(10));
        await repo.CommitAllAsync("base");
        repo.WriteFile("a.txt", Numbered(8));
        var patch = await repo.GitAsync("diff");
        var outside = Directory.CreateTempSubdirectory("crossreview-norepo-");
        try
        {
            var change = await AcquireAsync(new TargetSpec(TargetKind.Diff, "-"), outside.FullName, patch);

            Assert.Null(change.RepositoryRoot);
            GitOracle.AssertSameAsGit(await GitOracle.StatAsync(repo, "diff", "-M"), change.Files);
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task AcquireAsync_DiffThatIsNotADiff_ThrowsDiffFormatException()
    {
        await Assert.ThrowsAsync<DiffFormatException>(() =>
            AcquireAsync(new TargetSpec(TargetKind.Diff, "-"), Path.GetTempPath(), "hello, this is prose\n"));
    }

    [Fact]
    public async Task AcquireAsync_MissingDiffFile_ThrowsInputException()
    {
        var ex = await Assert.ThrowsAsync<InputException>(() =>
            AcquireAsync(new TargetSpec(TargetKind.Diff, "no-such-file.diff"), Path.GetTempPath()));
        Assert.Contains("no-such-file.diff", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(TargetKind.Uncommitted)]
    [InlineData(TargetKind.Commit)]
    public async Task AcquireAsync_NotARepository_ThrowsInputException(TargetKind kind)
    {
        var outside = Directory.CreateTempSubdirectory("crossreview-norepo-");
        try
        {
            var ex = await Assert.ThrowsAsync<InputException>(() => AcquireAsync(new TargetSpec(kind, "HEAD"), outside.FullName));
            Assert.Equal($"not a git repository: {outside.FullName}", ex.Message);
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData(TargetKind.Base, "nope")]
    [InlineData(TargetKind.Commit, "nope")]
    [InlineData(TargetKind.Range, "main..nope")]
    [InlineData(TargetKind.Range, "nope...main")]
    public async Task AcquireAsync_UnknownRevision_ThrowsInputExceptionNamingIt(TargetKind kind, string value)
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", "a\n");
        await repo.CommitAllAsync("base");

        var ex = await Assert.ThrowsAsync<InputException>(() => AcquireAsync(new TargetSpec(kind, value), repo.Root));

        Assert.Equal("unknown revision 'nope'", ex.Message);
    }

    [Fact]
    public async Task AcquireAsync_GitNotInstalled_ThrowsInputExceptionSayingSo()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var acquirer = new ChangeAcquirer(new GitCli("git-that-does-not-exist-" + Guid.NewGuid().ToString("N")));

        var ex = await Assert.ThrowsAsync<InputException>(() =>
            acquirer.AcquireAsync(TargetSpec.Uncommitted, repo.Root, new StringReader(string.Empty), CancellationToken.None));

        Assert.Contains("install git", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_DiffWithoutGitInstalled_StillParsesThePatch()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", Numbered(4));
        await repo.CommitAllAsync("base");
        repo.WriteFile("a.txt", Numbered(5));
        var patch = await repo.GitAsync("diff");
        var acquirer = new ChangeAcquirer(new GitCli("git-that-does-not-exist-" + Guid.NewGuid().ToString("N")));

        var change = await acquirer.AcquireAsync(new TargetSpec(TargetKind.Diff, "-"), repo.Root, new StringReader(patch), CancellationToken.None);

        Assert.Null(change.RepositoryRoot);
        GitOracle.AssertSameAsGit(await GitOracle.StatAsync(repo, "diff", "-M"), change.Files);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_Throws()
    {
        using var repo = await TempGitRepo.CreateAsync();
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new ChangeAcquirer().AcquireAsync(TargetSpec.Uncommitted, repo.Root, new StringReader(string.Empty), cts.Token));
    }
}
