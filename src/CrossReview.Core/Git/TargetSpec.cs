namespace CrossReview.Git;

/// <param name="Value">The REF of <c>--base</c>, the SHA of <c>--commit</c>, the <c>A..B</c> of <c>--range</c>, or the file of <c>--diff</c> (<c>-</c> for stdin).</param>
public sealed record TargetSpec(TargetKind Kind, string? Value = null)
{
    public static TargetSpec Uncommitted { get; } = new(TargetKind.Uncommitted);
}
