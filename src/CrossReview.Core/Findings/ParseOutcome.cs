namespace CrossReview.Findings;

/// <summary>
/// The result of reading a reviewer's text: a review, or why none could be read. A failure must make the reviewer
/// <c>failed</c> (DESIGN §7: an unparseable review is never a pass).
/// </summary>
/// <param name="Warnings">What was read leniently (an unknown severity taken as minor, a finding that was not an object).</param>
public sealed record ParseOutcome(ModelReview? Review, string? Error, IReadOnlyList<string> Warnings)
{
    public bool IsSuccess => Review is not null;

    public static ParseOutcome Success(ModelReview review, IReadOnlyList<string> warnings) => new(review, null, warnings);

    public static ParseOutcome Failure(string error) => new(null, error, []);
}
