using CrossReview.Findings;

namespace CrossReview.Engine;

/// <summary>
/// Joins the findings of several reviewers: the same fingerprint from two reviewers is one finding raised by both.
/// Ids are assigned here, in the order the report shows them (most severe first).
/// </summary>
internal static class FindingMerger
{
    public static IReadOnlyList<Finding> Merge(IEnumerable<Finding> findings)
    {
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

        return FindingNumbering.SortAndNumber(merged);
    }
}
