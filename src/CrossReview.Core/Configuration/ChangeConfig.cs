namespace CrossReview.Configuration;

/// <summary>The configuration a review of one change runs with.</summary>
/// <param name="Note">
/// A line for stderr when the working tree's <c>.crossreview.toml</c> differs from the committed one used (the
/// repository's config is always read as committed), or a warning when the committed one is invalid and the working
/// tree replaces it, so the review runs without it; null otherwise.
/// </param>
public sealed record ChangeConfig(CrossReviewConfig Config, string? Note);
