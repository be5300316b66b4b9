using CrossReview.Engine;
using CrossReview.Reports;

namespace CrossReview.Cli.Rendering;

/// <summary>
/// Lets reviewers be built (and their keys checked) before the display that will show them exists: events go to
/// <see cref="Target"/> once it is set, and are dropped before.
/// </summary>
internal sealed class ReviewProgressRelay : IReviewProgress
{
    public IReviewProgress? Target { get; set; }

    public IProgress<int> OutputOf(string reviewer) => new OutputProgress(this, reviewer);

    public void ReviewerStarted(string reviewer) => Target?.ReviewerStarted(reviewer);

    public void ReviewerOutput(string reviewer, int characters) => Target?.ReviewerOutput(reviewer, characters);

    public void ReviewerFinished(ReviewerReport report) => Target?.ReviewerFinished(report);

    private sealed class OutputProgress(ReviewProgressRelay relay, string reviewer) : IProgress<int>
    {
        public void Report(int value) => relay.ReviewerOutput(reviewer, value);
    }
}
