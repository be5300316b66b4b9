namespace CrossReview.Reviewers;

/// <summary>Who wrote the change, as far as can be told: zero, one or several model families, and how that was found.</summary>
/// <param name="Families">Every family the author may be; all of them are avoided when a reviewer is picked.</param>
/// <param name="Source">What told us (<c>--author</c>, <c>Co-Authored-By trailers</c>, <c>CLAUDECODE=1</c>); null when unknown.</param>
public sealed record DetectedAuthor(IReadOnlyList<string> Families, string? Source)
{
    public static DetectedAuthor Unknown { get; } = new([], null);

    public bool IsKnown => Families.Count > 0;

    /// <summary><c>anthropic (from CLAUDECODE=1)</c>, or <c>unknown</c>.</summary>
    public string Describe() => IsKnown ? $"{string.Join(" and ", Families)} (from {Source})" : "unknown";
}
