using CrossReview.Diffs;

namespace CrossReview.Git;

/// <summary>A change as git reads it: the diff text and its parsed files.</summary>
/// <param name="Base">What the change is compared against (a commit id, or null for an empty tree / a patch file).</param>
/// <param name="Head">The commit id of the new side, or null when it is the working tree or a patch.</param>
/// <param name="RepositoryRoot">The repository's top-level folder; null for a patch read outside any repository.</param>
public sealed record AcquiredChange(
    TargetKind Kind,
    string? Base,
    string? Head,
    string? RepositoryRoot,
    string DiffText,
    IReadOnlyList<FileChange> Files);
