using CrossReview.Findings;
using CrossReview.Panel;
using static CrossReview.Tests.Panel.PanelFindings;

namespace CrossReview.Tests.Panel;

public class PanelResolverTests
{
    private const string General = "alpha";
    private const string Callers = "beta";
    private const string Contracts = "gamma";
    private const string Impact = "delta";

    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        [General] = "general",
        [Callers] = "callers",
        [Contracts] = "contracts",
        [Impact] = "impact",
    };

    // The issue's panel: two reviewers raise the same injection a line apart, one raises a false positive, the
    // impact reviewer raises a build-file issue, and one finding stays with a single reviewer.
    private static readonly IReadOnlyList<FindingCluster> Clusters = FindingClusterer.Cluster(
    [
        Raised(General, "api/users.py", 12, 12, "security", "SQL injection in get_user", Severity.Critical),
        Raised(Callers, "api/users.py", 13, 13, "security", "SQL injection through user id concatenation", Severity.Major),
        Raised(Contracts, "api/users.py", 40, 40, "correctness", "Off-by-one in pagination limit", Severity.Minor),
        Raised(Impact, "package.json", 8, 8, "compatibility", "Dependency bumped to a major version with breaking API", Severity.Major),
        Raised(General, "api/orders.py", 6, 6, "error_handling", "Malformed JSON body returns 500", Severity.Minor),
    ]);

    private static string Id(string file) => Clusters.Single(c => c.File == file).Id;

    private static string Pagination => Clusters.Single(c => c.StartLine == 40).Id;

    private static string Injection => Clusters.Single(c => c.StartLine == 12).Id;

    private static CastVote Cast(string clusterId, string reviewer, VoteKind vote, string? reason, int round = 2) =>
        new(clusterId, round, new Vote(reviewer, vote, reason));

    private static List<CastVote> IssueVotes() =>
    [
        Cast(Pagination, General, VoteKind.Dismiss, "The limit is exclusive in range(), so the last page is complete."),
        Cast(Pagination, Callers, VoteKind.Dismiss, "Callers pass page sizes that already account for the bound."),
        Cast(Pagination, Impact, VoteKind.Dismiss, "The loop stops at limit, not limit - 1."),
        Cast(Injection, Contracts, VoteKind.Confirm, "user_id reaches the SQL string unescaped."),
        Cast(Injection, Impact, VoteKind.Confirm, "Concatenated query on line 12."),
        Cast(Id("package.json"), General, VoteKind.Unsure, "Cannot see the dependency's changelog."),
        Cast(Id("package.json"), Contracts, VoteKind.Confirm, "The major bump removes the old constructor."),
        Cast(Id("api/orders.py"), Callers, VoteKind.Unsure, "The framework may catch the exception."),
    ];

    [Fact]
    public void Resolve_IssuePanel_OneConfirmedWithBothReviewersOneDismissedOneIntegrationOneUnconfirmed()
    {
        var resolution = PanelResolver.Resolve(Clusters, IssueVotes(), Roles, quorum: 2);
        var byFile = resolution.Clusters.ToDictionary(r => r.Finding.File + ":" + r.Finding.StartLine, r => r.Finding);

        var injection = byFile["api/users.py:12"];
        Assert.Equal(FindingStatus.Confirmed, injection.Status);
        Assert.Equal([General, Callers], injection.Reviewers);
        Assert.Equal(Severity.Critical, injection.Severity);
        Assert.Equal([Contracts, Impact], injection.Votes.Select(v => v.Reviewer));

        var pagination = byFile["api/users.py:40"];
        Assert.Equal(FindingStatus.Dismissed, pagination.Status);
        Assert.Equal(3, pagination.Votes.Count);
        foreach (var vote in pagination.Votes)
        {
            Assert.Contains(vote.Reason!, pagination.DismissalReason, StringComparison.Ordinal);
        }

        Assert.Equal(FindingStatus.Integration, byFile["package.json:8"].Status);
        Assert.Equal(FindingStatus.Unconfirmed, byFile["api/orders.py:6"].Status);
        Assert.Null(byFile["api/orders.py:6"].DismissalReason);
        Assert.Equal([Id("api/orders.py")], resolution.Clusters.Where(r => r.IsUndecided).Select(r => r.Cluster.Id));
        Assert.Equal(resolution.Clusters.Select(r => r.Cluster.Id), resolution.Clusters.Select(r => r.Finding.Id));
    }

    [Fact]
    public void Resolve_IndependenceFigure_RoundOneQuorumVersusAfterVotes()
    {
        var votes = IssueVotes();
        votes.Add(Cast(Id("api/orders.py"), Contracts, VoteKind.Confirm, "json.loads raises and nothing catches it."));

        var resolution = PanelResolver.Resolve(Clusters, votes, Roles, quorum: 2);

        Assert.Equal(new PanelIndependence(Confirmed: 2, RaisedIndependently: 1, ConfirmedAfterVotes: 1), resolution.Independence);
    }

    [Fact]
    public void Resolve_LaterRoundChangesVote_LatestVoteCounts()
    {
        var orders = Id("api/orders.py");
        List<CastVote> votes =
        [
            Cast(orders, Callers, VoteKind.Unsure, "Need the framework's handler.", round: 2),
            Cast(orders, Callers, VoteKind.Confirm, "The handler re-raises; a 500 reaches the client.", round: 3),
        ];

        var finding = PanelResolver.Resolve(Clusters, votes, Roles, quorum: 2).Clusters.Single(r => r.Cluster.Id == orders).Finding;

        Assert.Equal(FindingStatus.Confirmed, finding.Status);
        var vote = Assert.Single(finding.Votes);
        Assert.Equal(VoteKind.Confirm, vote.Value);
    }

    [Fact]
    public void Resolve_VoteFromARaiser_NotCountedTwice()
    {
        var orders = Id("api/orders.py");
        List<CastVote> votes = [Cast(orders, General, VoteKind.Confirm, "my own finding")];

        var finding = PanelResolver.Resolve(Clusters, votes, Roles, quorum: 2).Clusters.Single(r => r.Cluster.Id == orders).Finding;

        Assert.Equal(FindingStatus.Unconfirmed, finding.Status);
        Assert.Empty(finding.Votes);
    }

    [Theory]
    [InlineData(1, FindingStatus.Unconfirmed)]
    [InlineData(2, FindingStatus.Dismissed)]
    public void Resolve_DismissVotes_DismissedOnlyWhenTheyOutnumberSupporters(int dismissers, FindingStatus expected)
    {
        var orders = Id("api/orders.py");
        var votes = new[] { Callers, Contracts }.Take(dismissers).Select(r => Cast(orders, r, VoteKind.Dismiss, "A handler catches it.")).ToList();

        var finding = PanelResolver.Resolve(Clusters, votes, Roles, quorum: 2).Clusters.Single(r => r.Cluster.Id == orders).Finding;

        Assert.Equal(expected, finding.Status);
    }

    [Fact]
    public void Resolve_QuorumOne_SingleRaiserConfirmed()
    {
        var resolution = PanelResolver.Resolve(Clusters, [], Roles, quorum: 1);

        Assert.Equal(FindingStatus.Confirmed, resolution.Clusters.Single(r => r.Cluster.Id == Id("api/orders.py")).Finding.Status);
        Assert.Equal(resolution.Independence.Confirmed, resolution.Independence.RaisedIndependently);
    }
}
