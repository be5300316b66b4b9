using CrossReview.Reports;

namespace CrossReview.Engine;

public sealed class NullReviewProgress : IReviewProgress
{
    public static NullReviewProgress Instance { get; } = new();

    public void ReviewerStarted(string reviewer) { }

    public void ReviewerOutput(string reviewer, int characters) { }

    public void ReviewerFinished(ReviewerReport report) { }
}
