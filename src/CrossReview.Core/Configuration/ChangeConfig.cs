namespace CrossReview.Configuration;

/// <summary>The configuration a review of one change runs with.</summary>
/// <param name="Note">
/// A line for stderr when the repository's config was read from the change's base revision rather than the working
/// tree, because the change itself edits it; null otherwise.
/// </param>
public sealed record ChangeConfig(CrossReviewConfig Config, string? Note);
