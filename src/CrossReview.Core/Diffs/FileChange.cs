namespace CrossReview.Diffs;

/// <summary>
/// One file of a change, read from a unified diff. <see cref="Path"/> is the new path (the old one for a deletion);
/// <see cref="OldPath"/> is set for renames and copies. For binary files <see cref="Additions"/> and
/// <see cref="Deletions"/> are 0, as <c>git diff --numstat</c> prints <c>-</c> for them.
/// </summary>
public sealed record FileChange
{
    public required string Path { get; init; }
    public string? OldPath { get; init; }
    public required FileStatus Status { get; init; }
    public bool IsBinary { get; init; }
    public int Additions { get; init; }
    public int Deletions { get; init; }
    /// <summary>Octal mode strings as git prints them (<c>100644</c>, <c>100755</c>, <c>120000</c> for a symlink); null when the diff does not say.</summary>
    public string? OldMode { get; init; }
    public string? NewMode { get; init; }
    public int? Similarity { get; init; }
    public IReadOnlyList<Hunk> Hunks { get; init; } = [];

    public bool IsSymlink => NewMode == "120000" || (NewMode is null && OldMode == "120000");
}
