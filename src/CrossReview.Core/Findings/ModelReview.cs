namespace CrossReview.Findings;

/// <summary>A parsed <c>crossreview_review</c> answer (DESIGN §4), not yet validated against the change.</summary>
public sealed record ModelReview(string Verdict, string? Summary, IReadOnlyList<ModelFinding> Findings);
