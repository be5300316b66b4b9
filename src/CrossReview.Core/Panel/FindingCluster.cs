using CrossReview.Findings;

namespace CrossReview.Panel;

/// <summary>One issue as the panel sees it: every finding, from any reviewer, that points at the same defect.</summary>
/// <param name="Id">The id votes refer to (<c>P1</c>, <c>P2</c>, ...), stable for one set of findings.</param>
/// <param name="Members">The findings in the cluster, in clustering order.</param>
internal sealed record FindingCluster(string Id, IReadOnlyList<RaisedFinding> Members)
{
    /// <summary>The member shown to voters and reported: the most severe, then the earliest.</summary>
    public Finding Representative => Members.OrderByDescending(m => m.Finding.Severity).First().Finding;

    public string File => Members[0].Finding.File;

    public int StartLine => Members.Min(m => m.Finding.StartLine);

    public int EndLine => Members.Max(m => m.Finding.EndLine);

    /// <summary>Distinct reviewers who raised the issue, in order of first appearance.</summary>
    public IReadOnlyList<string> Reviewers => [.. Members.Select(m => m.Reviewer).Distinct(StringComparer.Ordinal)];

    public bool WasRaisedBy(string reviewer) => Members.Any(m => string.Equals(m.Reviewer, reviewer, StringComparison.Ordinal));
}
