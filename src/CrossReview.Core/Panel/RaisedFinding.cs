using CrossReview.Findings;

namespace CrossReview.Panel;

/// <summary>One finding as one panel reviewer raised it in a round (the finding's own <c>Reviewers</c> is not trusted for this).</summary>
/// <param name="Round">1 for the independent first round; later rounds are the vote rounds' new findings.</param>
internal sealed record RaisedFinding(string Reviewer, Finding Finding, int Round = 1);
