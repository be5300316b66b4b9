namespace CrossReview.Reviewers;

/// <summary>How a reviewer ran, for the report: an agent CLI's resolved version, its sandbox and reasoning effort.</summary>
public sealed record ReviewerDetails(string? Version, string? Sandbox, string? Effort);
