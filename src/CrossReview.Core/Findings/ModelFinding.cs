namespace CrossReview.Findings;

/// <summary>A finding as a model wrote it, before validation: every field may be missing or wrong.</summary>
public sealed record ModelFinding
{
    public string? Title { get; init; }
    public string? Body { get; init; }
    public string? Severity { get; init; }
    public string? Category { get; init; }
    public string? File { get; init; }
    public int? StartLine { get; init; }
    public int? EndLine { get; init; }
    public double? Confidence { get; init; }
    public string? Recommendation { get; init; }
    /// <summary>The content tag the model cited with <see cref="StartLine"/> (<c>12#a3f</c> or <c>start_line_hash</c>), lower case.</summary>
    public string? LineHash { get; init; }
    /// <summary>Code the model quoted for the finding (<c>code</c>, <c>quote</c>, <c>snippet</c>), used to check the cited line.</summary>
    public string? Quote { get; init; }
}
