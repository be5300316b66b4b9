using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Reviewers;

namespace CrossReview.Engine;

/// <summary>Everything one review needs, decided before any model is called.</summary>
/// <param name="Timeout">Per-reviewer time limit, retries included.</param>
public sealed record ReviewRun(
    AcquiredChange Change,
    ReviewPlan Plan,
    ReviewPrompt Prompt,
    IReadOnlyList<IReviewer> Reviewers,
    TimeSpan Timeout,
    string Mode = "review");
