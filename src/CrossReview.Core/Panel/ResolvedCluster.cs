using CrossReview.Findings;

namespace CrossReview.Panel;

/// <summary>A cluster and the finding the report shows for it, with its status, reviewers and vote ledger.</summary>
internal sealed record ResolvedCluster(FindingCluster Cluster, Finding Finding)
{
    /// <summary>Neither confirmed, dismissed nor an integration finding: what a further vote round asks about again.</summary>
    public bool IsUndecided => Finding.Status == FindingStatus.Unconfirmed;
}
