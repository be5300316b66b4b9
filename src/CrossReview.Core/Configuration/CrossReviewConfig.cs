namespace CrossReview.Configuration;

/// <summary>
/// What <c>.crossreview.toml</c> (the repository's) and <c>~/.config/crossreview/config.toml</c> (the user's) say,
/// merged: the user's file wins per reviewer, the repository's per profile and scalar key. Data only; loading and validation live in the loader.
/// </summary>
public sealed record CrossReviewConfig
{
    public static CrossReviewConfig Empty { get; } = new();

    /// <summary><c>[reviewers.NAME]</c>, by name (case-sensitive).</summary>
    public IReadOnlyDictionary<string, ReviewerConfig> Reviewers { get; init; } = new Dictionary<string, ReviewerConfig>(StringComparer.Ordinal);

    /// <summary><c>[profiles.NAME]</c>, by name.</summary>
    public IReadOnlyDictionary<string, ProfileConfig> Profiles { get; init; } = new Dictionary<string, ProfileConfig>(StringComparer.Ordinal);

    /// <summary><c>default_profile</c>: used when neither <c>--reviewer</c> nor <c>--profile</c> is given.</summary>
    public string? DefaultProfile { get; init; }

    /// <summary>
    /// <c>path_filters</c>: gitignore-style globs of files to list but not review, on top of the built-in defaults
    /// (lockfiles, minified, generated, vendored). A glob starting with <c>!</c> keeps files a default would skip.
    /// </summary>
    public IReadOnlyList<string> PathFilters { get; init; } = [];

    /// <summary><c>[[path_instructions]]</c>: extra review guidance for files matching a glob.</summary>
    public IReadOnlyList<PathInstruction> PathInstructions { get; init; } = [];

    /// <summary>The files that were read, repository's first; empty when there is no config.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];
}
