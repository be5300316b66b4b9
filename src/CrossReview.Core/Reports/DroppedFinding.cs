namespace CrossReview.Reports;

/// <summary>A finding a reviewer gave that was not reported as given, and why.</summary>
public sealed record DroppedFinding(string? File, int? Line, string? Title, string Reason);
