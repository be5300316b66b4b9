namespace CrossReview.Cli.Commands;

/// <summary><c>crossreview reviewers --format json</c>.</summary>
/// <param name="AuthorFamilies">The author's families as <c>review</c> would detect them here (empty when unknown).</param>
/// <param name="AuthorSource">What told us the author (<c>--author</c>, <c>CLAUDECODE=1</c>); null when unknown.</param>
/// <param name="Pick">
/// The name of the reviewer <c>review</c> would pick; with a <c>default_profile</c>, the profile's reviewers joined by
/// commas; null when none is available.
/// </param>
/// <param name="PickReason">Why, as <c>review</c> prints it on stderr.</param>
internal sealed record ReviewersListing(
    IReadOnlyList<string> AuthorFamilies,
    string? AuthorSource,
    string? Pick,
    string? PickReason,
    bool SameFamily,
    IReadOnlyList<ReviewerRow> Reviewers)
{
    /// <summary>The config's <c>default_profile</c> when a plain review would run it instead of detecting; else null.</summary>
    public string? Profile { get; init; }
}
