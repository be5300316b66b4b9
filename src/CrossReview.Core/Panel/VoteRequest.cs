using CrossReview.Reviewers;

namespace CrossReview.Panel;

/// <summary>What one voter is asked in one vote round.</summary>
/// <param name="Voter">The reviewer the request is for; it never appears in the prompt.</param>
/// <param name="FindingIds">The cluster ids under vote, in the order listed; votes for any other id are ignored.</param>
internal sealed record VoteRequest(string Voter, ReviewPrompt Prompt, IReadOnlyList<string> FindingIds);
