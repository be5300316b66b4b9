using CrossReview.Findings;

namespace CrossReview.Panel;

/// <summary>
/// A parsed <c>crossreview_vote</c> answer, or why none was found. New findings are as the model wrote them: they
/// still go through the anchorer like any review finding.
/// </summary>
/// <param name="Warnings">What was ignored or assumed: unknown ids, unreadable votes, duplicates, ids left without a vote.</param>
internal sealed record VoteParseOutcome(IReadOnlyList<ModelVote> Votes, IReadOnlyList<ModelFinding> NewFindings, string? Error, IReadOnlyList<string> Warnings)
{
    public bool IsSuccess => Error is null;

    public static VoteParseOutcome Failure(string error) => new([], [], error, []);
}
