namespace CrossReview.Git;

/// <summary>
/// The <c>Co-Authored-By:</c> trailers of the commits a change is made of, which coding agents add to their commits
/// (<c>Claude &lt;noreply@anthropic.com&gt;</c>): the cheapest honest clue to who wrote the code.
/// </summary>
internal sealed class CoAuthorTrailers
{
    private readonly GitCli _git;

    public CoAuthorTrailers(GitCli git)
    {
        _git = git;
    }

    /// <summary>
    /// Every trailer value of the commits under review, one per entry (a commit may add several): for <c>--commit</c>
    /// that commit, for <c>--range</c> and <c>--base</c> the commits between the base and the head. A working-tree
    /// change or a patch has no commits of its own, so it has none.
    /// </summary>
    public async Task<IReadOnlyList<string>> ReadAsync(AcquiredChange change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.RepositoryRoot is null || change.Kind is TargetKind.Uncommitted or TargetKind.Diff)
        {
            return [];
        }

        var head = change.Head ?? "HEAD";
        // A root commit has no base: it alone is the commit under review.
        IReadOnlyList<string> revisions = change.Base is null ? ["-1", head] : [$"{change.Base}..{head}"];
        var output = await _git.RunCheckedAsync(
            change.RepositoryRoot,
            ["-c", "log.showSignature=false", "log", "--no-color", "--format=%(trailers:key=Co-Authored-By,valueonly,unfold)", .. revisions, "--"],
            cancellationToken);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
