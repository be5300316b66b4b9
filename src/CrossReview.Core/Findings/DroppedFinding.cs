namespace CrossReview.Findings;

/// <summary>A model's finding that could not be placed on the change, and why (counted in the report, kept for logs).</summary>
public sealed record DroppedFinding(ModelFinding Finding, string Reason);
