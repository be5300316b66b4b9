namespace CrossReview.Findings;

/// <summary>Gives the findings of one report their ids (<c>F1</c>, <c>F2</c>, ...) in a stable reading order.</summary>
public static class FindingNumbering
{
    /// <summary>
    /// Orders by severity (most severe first), then file, line and fingerprint, and numbers in that order: the same
    /// findings get the same ids however the reviewers' answers interleaved.
    /// </summary>
    public static IReadOnlyList<Finding> SortAndNumber(IEnumerable<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        return [.. findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.StartLine)
            .ThenBy(f => f.EndLine)
            .ThenBy(f => f.Fingerprint, StringComparer.Ordinal)
            .Select((f, i) => f with { Id = "F" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) })];
    }
}
