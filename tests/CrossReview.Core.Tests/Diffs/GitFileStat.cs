using CrossReview.Diffs;

namespace CrossReview.Tests.Diffs;

/// <summary>One file as git itself reports it (<c>--numstat -z</c> joined with <c>--raw -z</c>): the oracle parsed changes are held to.</summary>
internal sealed record GitFileStat(
    string Path, string? OldPath, FileStatus Status, bool IsBinary, int Additions, int Deletions, int? Similarity, string? OldMode, string? NewMode)
{
    public static GitFileStat From(FileChange change) =>
        new(change.Path, change.OldPath, change.Status, change.IsBinary, change.Additions, change.Deletions, change.Similarity, change.OldMode, change.NewMode);
}
