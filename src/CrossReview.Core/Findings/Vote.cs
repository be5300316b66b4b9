namespace CrossReview.Findings;

public sealed record Vote(string Reviewer, VoteKind Value, string? Reason);
