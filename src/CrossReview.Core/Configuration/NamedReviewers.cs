namespace CrossReview.Configuration;

/// <summary>Who reviews, as chosen from <c>--reviewer</c>, <c>--profile</c> or <c>default_profile</c>.</summary>
/// <param name="Reviewers">Empty when nothing was named or configured: the caller detects reviewers then.</param>
/// <param name="Profile">The profile used, if any (its rounds and quorum matter to panels).</param>
/// <param name="FromDefaultProfile">The profile was not asked for: it is the config's <c>default_profile</c>.</param>
public sealed record NamedReviewers(IReadOnlyList<ResolvedReviewer> Reviewers, ProfileConfig? Profile, bool FromDefaultProfile)
{
    public static NamedReviewers None { get; } = new([], null, false);
}
