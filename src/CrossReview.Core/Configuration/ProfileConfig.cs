namespace CrossReview.Configuration;

/// <summary><c>[profiles.NAME]</c>: a set of reviewers run together, and the panel's rounds and quorum.</summary>
/// <param name="Reviewers">Reviewer names from config or inline specs.</param>
public sealed record ProfileConfig(string Name, IReadOnlyList<string> Reviewers, string Source)
{
    public int? Rounds { get; init; }
    public int? Quorum { get; init; }
}
