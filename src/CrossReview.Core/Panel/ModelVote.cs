using CrossReview.Findings;

namespace CrossReview.Panel;

/// <summary>One vote as a voter returned it, on a finding id the request listed.</summary>
internal sealed record ModelVote(string FindingId, VoteKind Vote, string? Reason);
