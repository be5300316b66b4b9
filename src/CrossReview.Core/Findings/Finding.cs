namespace CrossReview.Findings;

/// <summary>A validated finding, anchored to new-side lines of a file in the change (report schema, DESIGN §3).</summary>
public sealed record Finding
{
    public required string Id { get; init; }
    public required string Fingerprint { get; init; }
    public required Severity Severity { get; init; }
    public required string Category { get; init; }
    public required string Title { get; init; }
    public string Body { get; init; } = "";
    public string? Recommendation { get; init; }
    public required string File { get; init; }
    public required int StartLine { get; init; }
    public required int EndLine { get; init; }
    public double? Confidence { get; init; }
    public IReadOnlyList<string> Reviewers { get; init; } = [];
    public FindingStatus Status { get; init; } = FindingStatus.Reported;
    public IReadOnlyList<Vote> Votes { get; init; } = [];
    public string? DismissalReason { get; init; }
    /// <summary>How the cited lines were placed: <c>exact</c>, <c>hash</c> (moved to the line whose content matched), <c>nearest</c> (moved to the nearest changed line), <c>deleted_line</c>.</summary>
    public string Anchor { get; init; } = "exact";
}
