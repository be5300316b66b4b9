using CrossReview.Findings;

namespace CrossReview.Panel;

/// <summary>
/// Turns clusters and votes into the panel's findings (DESIGN §3, issue 5). A reviewer supports a cluster when it raised
/// one of its findings or its latest vote on it is confirm; only a reviewer's latest vote counts, so a later round can
/// change a mind. In this order:
/// <list type="bullet">
/// <item><b>dismissed</b> when dismiss votes outnumber the supporters, with the dismissers' reasons;</item>
/// <item><b>integration</b> when a reviewer in the <c>impact</c> role raised it: build, CI and config findings are
/// cross-cutting and reported apart whether or not others could judge them from a hunk;</item>
/// <item><b>confirmed</b> when at least quorum distinct reviewers support it;</item>
/// <item><b>unconfirmed</b> otherwise: kept visible, apart, and the only status a further vote round asks about.</item>
/// </list>
/// </summary>
internal static class PanelResolver
{
    public const string ImpactRole = PanelRole.ImpactName;

    /// <param name="roles">Each reviewer's role; reviewers missing from it have none.</param>
    /// <param name="quorum">Distinct supporting reviewers a confirmed finding needs (<c>--quorum</c>, at least 1).</param>
    public static PanelResolution Resolve(IReadOnlyList<FindingCluster> clusters, IReadOnlyList<CastVote> votes, IReadOnlyDictionary<string, string> roles, int quorum)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentNullException.ThrowIfNull(votes);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentOutOfRangeException.ThrowIfLessThan(quorum, 1);

        var resolved = clusters.Select(c => new ResolvedCluster(c, Resolve(c, votes, roles, quorum))).ToList();
        var confirmed = resolved.Where(r => r.Finding.Status == FindingStatus.Confirmed).ToList();
        var independent = confirmed.Count(r => r.Cluster.Members.Where(m => m.Round == 1).Select(m => m.Reviewer).Distinct(StringComparer.Ordinal).Count() >= quorum);
        return new PanelResolution(resolved, new PanelIndependence(confirmed.Count, independent, confirmed.Count - independent));
    }

    private static Finding Resolve(FindingCluster cluster, IReadOnlyList<CastVote> votes, IReadOnlyDictionary<string, string> roles, int quorum)
    {
        var raisers = cluster.Reviewers;

        // A reviewer never votes on its own finding; should a vote from one arrive anyway, its raising already counts.
        var ledger = votes
            .Where(v => string.Equals(v.ClusterId, cluster.Id, StringComparison.Ordinal) && !cluster.WasRaisedBy(v.Vote.Reviewer))
            .Select((v, order) => (v, order))
            .GroupBy(x => x.v.Vote.Reviewer, StringComparer.Ordinal)
            .Select(g => (First: g.Min(x => x.order), Latest: g.OrderBy(x => x.v.Round).ThenBy(x => x.order).Last().v.Vote))
            .OrderBy(x => x.First)
            .Select(x => x.Latest)
            .ToList();

        var supporters = raisers.Count + ledger.Count(v => v.Value == VoteKind.Confirm);
        var dismissals = ledger.Where(v => v.Value == VoteKind.Dismiss).ToList();

        FindingStatus status;
        string? dismissalReason = null;
        if (dismissals.Count > supporters)
        {
            status = FindingStatus.Dismissed;
            dismissalReason = string.Join("; ", dismissals.Select(v => v.Reason).Where(r => !string.IsNullOrWhiteSpace(r)).Distinct(StringComparer.Ordinal));
        }
        else if (raisers.Any(r => roles.TryGetValue(r, out var role) && string.Equals(role, ImpactRole, StringComparison.Ordinal)))
        {
            status = FindingStatus.Integration;
        }
        else if (supporters >= quorum)
        {
            status = FindingStatus.Confirmed;
        }
        else
        {
            status = FindingStatus.Unconfirmed;
        }

        return cluster.Representative with
        {
            Id = cluster.Id,
            Reviewers = raisers,
            Status = status,
            Votes = ledger,
            DismissalReason = string.IsNullOrEmpty(dismissalReason) ? null : dismissalReason,
            Confidence = cluster.Members.Max(m => m.Finding.Confidence),
        };
    }
}
