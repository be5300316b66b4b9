using CrossReview.Configuration.Toml;

namespace CrossReview.Configuration;

/// <summary>
/// One config file as read, with the positions the checks that span both files need: a profile may name a reviewer
/// the other file defines, so those references are checked after the merge, and reported where they were written.
/// </summary>
/// <param name="ProfileReviewersAt">For each profile, where each entry of its <c>reviewers</c> array was written.</param>
internal sealed record ConfigFile(
    CrossReviewConfig Config,
    IReadOnlyDictionary<string, IReadOnlyList<TomlLocation>> ProfileReviewersAt,
    TomlLocation? DefaultProfileAt)
{
    /// <summary>The user's <c>trusted_repositories</c>, full paths; always empty for a repository's file.</summary>
    public IReadOnlyList<string> TrustedRepositories { get; init; } = [];
}
