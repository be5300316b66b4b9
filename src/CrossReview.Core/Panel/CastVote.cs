using CrossReview.Findings;

namespace CrossReview.Panel;

/// <summary>A vote a reviewer cast on a cluster in a vote round (rounds count from 2; round 1 is the independent review).</summary>
internal sealed record CastVote(string ClusterId, int Round, Vote Vote);
