using CrossReview.Diffs;
using CrossReview.Git;

namespace CrossReview.Planning;

/// <summary>What will be sent to reviewers: every file of the change, reviewed or skipped with a reason, and the size of the prompt.</summary>
/// <param name="EstimatedInputTokens">Tokens of the rendered review prompt (instructions and change, no focus text), counted with o200k_base.</param>
public sealed record ReviewPlan(AcquiredChange Change, IReadOnlyList<PlannedFile> Files, int EstimatedInputTokens)
{
    public int FileCount => Files.Count;

    public int ReviewedFileCount => Files.Count(f => f.Reviewed);

    /// <summary>Added plus removed lines over all files, reviewed or not.</summary>
    public int ChangedLines => Files.Sum(f => f.ChangedLines);

    public int ReviewedChangedLines => Files.Where(f => f.Reviewed).Sum(f => f.ChangedLines);

    public IReadOnlyList<FileChange> ReviewedFiles => [.. Files.Where(f => f.Reviewed).Select(f => f.File)];
}
