using CrossReview.Findings;

namespace CrossReview.Engine;

/// <summary>
/// Joins the findings of several reviewers: the same fingerprint from two reviewers is one finding raised by both, and a
/// model's finding on an analyzer result's lines is that result (<see cref="AnalyzerDuplicates"/>). Ids are assigned
/// here, in the order the report shows them (most severe first).
/// </summary>
internal static class FindingMerger
{
    /// <param name="analyzers">Names of the reviewers that are static analyzers (provider <c>sarif</c>).</param>
    public static IReadOnlyList<Finding> Merge(IEnumerable<Finding> findings, IReadOnlySet<string> analyzers)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(analyzers);
        var merged = new List<Finding>();
        foreach (var group in findings.GroupBy(f => f.Fingerprint, StringComparer.Ordinal))
        {
            var first = group.OrderByDescending(f => f.Severity).ThenByDescending(f => f.Confidence ?? 0).First();
            merged.Add(first with
            {
                Reviewers = group.SelectMany(f => f.Reviewers).Distinct(StringComparer.Ordinal).ToList(),
                Confidence = group.Max(f => f.Confidence),
            });
        }

        return FindingNumbering.SortAndNumber(analyzers.Count == 0 ? merged : AnalyzerDuplicates.Absorb(merged, analyzers));
    }
}
