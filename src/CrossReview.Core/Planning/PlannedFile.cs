using CrossReview.Diffs;

namespace CrossReview.Planning;

/// <summary>One file of a change and what the plan does with it.</summary>
/// <param name="SkipReason">Why the file is not reviewed (<c>binary</c>, <c>deleted</c>, <c>filtered: lockfile</c>, <c>generated</c>, <c>too large</c>, ...); null when it is.</param>
/// <param name="DiffBytes">UTF-8 bytes of the file's hunks as a unified diff (headers and lines), without the file header.</param>
public sealed record PlannedFile(
    FileChange File,
    bool Reviewed,
    string? SkipReason,
    int Additions,
    int Deletions,
    int DiffBytes)
{
    public int ChangedLines => Additions + Deletions;
}
