using CrossReview.Reports;

namespace CrossReview.Engine;

/// <summary>Live progress of a review, for the CLI's per-reviewer display. Implementations must be thread-safe: reviewers run side by side.</summary>
public interface IReviewProgress
{
    void ReviewerStarted(string reviewer);

    /// <summary>Output is arriving from a reviewer; <paramref name="characters"/> is the total so far.</summary>
    void ReviewerOutput(string reviewer, int characters);

    void ReviewerFinished(ReviewerReport report);
}
