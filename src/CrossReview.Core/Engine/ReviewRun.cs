using CrossReview.Budget;
using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Reviewers;

namespace CrossReview.Engine;

/// <summary>Everything one review needs, decided before any model is called.</summary>
/// <param name="Timeout">Per-reviewer time limit, retries included; <see cref="ReviewerTimeouts"/> overrides it per reviewer.</param>
public sealed record ReviewRun(
    AcquiredChange Change,
    ReviewPlan Plan,
    ReviewPrompt Prompt,
    IReadOnlyList<IReviewer> Reviewers,
    TimeSpan Timeout,
    string Mode = "review")
{
    /// <summary>Time limits by reviewer name (the config's <c>timeout</c>), overriding <see cref="Timeout"/>.</summary>
    public IReadOnlyDictionary<string, TimeSpan> ReviewerTimeouts { get; init; } = new Dictionary<string, TimeSpan>(StringComparer.Ordinal);

    /// <summary>Prices by model, for reviewers whose cost the tool does not report itself.</summary>
    public PriceTable Prices { get; init; } = PriceTable.Default;

    /// <summary>Prices by reviewer name (the config's <c>prices</c>): they cost that reviewer's usage whatever model it reports.</summary>
    public IReadOnlyDictionary<string, ModelPrice> ReviewerPrices { get; init; } = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);

    /// <summary>The time limit of the reviewer named <paramref name="reviewer"/>.</summary>
    public TimeSpan TimeoutFor(string reviewer) => ReviewerTimeouts.GetValueOrDefault(reviewer, Timeout);

    /// <summary>What <paramref name="usage"/> cost the reviewer, or null when no price is known.</summary>
    public decimal? CostFor(IReviewer reviewer, string? model, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        return ReviewerPrices.TryGetValue(reviewer.Name, out var price) ? price.Cost(usage) : Prices.Cost(reviewer.Provider, model, usage);
    }
}
