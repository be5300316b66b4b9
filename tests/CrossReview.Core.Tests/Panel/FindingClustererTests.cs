using CrossReview.Findings;
using CrossReview.Panel;
using static CrossReview.Tests.Panel.PanelFindings;

namespace CrossReview.Tests.Panel;

public class FindingClustererTests
{
    private static readonly RaisedFinding SqlAlpha = Raised("alpha", "api/users.py", 14, 14, "security", "SQL injection in get_user via string formatting");
    private static readonly RaisedFinding SqlBeta = Raised("beta", "api/users.py", 15, 16, "security", "User id interpolated into SQL query (injection)");
    private static readonly RaisedFinding SqlGamma = Raised("gamma", "api/users.py", 13, 13, "security", "Unparameterized SQL query allows injection");
    private static readonly RaisedFinding Race = Raised("alpha", "api/accounts.py", 20, 22, "concurrency", "Read-then-write race on balance update");
    private static readonly RaisedFinding Malformed = Raised("beta", "api/accounts.py", 23, 23, "error_handling", "Malformed JSON body returns 500");

    [Fact]
    public void Cluster_SameBugWordedDifferentlyByThreeReviewers_OneClusterWithThreeReviewers()
    {
        var clusters = FindingClusterer.Cluster([SqlAlpha, SqlBeta, SqlGamma]);

        var cluster = Assert.Single(clusters);
        Assert.Equal(["gamma", "alpha", "beta"], cluster.Reviewers);
        Assert.Equal(13, cluster.StartLine);
        Assert.Equal(16, cluster.EndLine);
    }

    [Fact]
    public void Cluster_DifferentBugsOnAdjacentLines_TwoClusters()
    {
        var clusters = FindingClusterer.Cluster([Race, Malformed]);

        Assert.Equal(2, clusters.Count);
        Assert.Same(Race, Assert.Single(clusters[0].Members));
        Assert.Same(Malformed, Assert.Single(clusters[1].Members));
    }

    [Fact]
    public void Cluster_SameCategoryAdjacentButUnrelatedTitles_TwoClusters()
    {
        var timeout = Raised("alpha", "api/client.py", 30, 30, "reliability", "HTTP call has no timeout");
        var retry = Raised("beta", "api/client.py", 31, 31, "reliability", "Retries forever on 4xx responses");

        Assert.Equal(2, FindingClusterer.Cluster([timeout, retry]).Count);
    }

    [Fact]
    public void Cluster_SameTitleInDifferentFiles_NeverOneCluster()
    {
        var left = Raised("alpha", "api/users.py", 14, 14, "security", "SQL injection in lookup");
        var right = Raised("beta", "api/orders.py", 14, 14, "security", "SQL injection in lookup");

        Assert.Equal(2, FindingClusterer.Cluster([left, right]).Count);
        Assert.False(FindingClusterer.Matches(left, right));
    }

    [Theory]
    [InlineData(17, true)]
    [InlineData(18, false)]
    public void Matches_LineGap_ToleranceIsThreeLines(int otherStart, bool expected)
    {
        var near = Raised("alpha", "api/users.py", 10, 14, "security", "SQL injection in lookup");
        var other = Raised("beta", "api/users.py", otherStart, otherStart + 2, "security", "SQL injection in lookup");

        Assert.Equal(FindingClusterer.LineTolerance, 17 - 14);
        Assert.Equal(expected, FindingClusterer.Matches(near, other));
    }

    [Fact]
    public void Cluster_InputOrderShuffled_SameClustersAndIds()
    {
        RaisedFinding[] findings = [SqlAlpha, SqlBeta, SqlGamma, Race, Malformed];
        var expected = Describe(FindingClusterer.Cluster(findings));

        for (var seed = 1; seed <= 5; seed++)
        {
            var shuffled = findings.ToArray();
            new Random(seed).Shuffle(shuffled);
            Assert.Equal(expected, Describe(FindingClusterer.Cluster(shuffled)));
        }

        Assert.Equal(["P1", "P2", "P3"], FindingClusterer.Cluster(findings).Select(c => c.Id));
    }

    [Fact]
    public void Representative_MixedSeverities_MostSevereMember()
    {
        var minor = Raised("alpha", "api/users.py", 14, 14, "security", "SQL injection in lookup", Severity.Minor);
        var critical = Raised("beta", "api/users.py", 14, 14, "security", "SQL injection in user lookup", Severity.Critical);

        var cluster = Assert.Single(FindingClusterer.Cluster([minor, critical]));

        Assert.Same(critical.Finding, cluster.Representative);
        Assert.True(cluster.WasRaisedBy("alpha"));
        Assert.False(cluster.WasRaisedBy("gamma"));
    }

    private static string[] Describe(IReadOnlyList<FindingCluster> clusters) =>
        [.. clusters.Select(c => c.Id + ":" + string.Join(",", c.Members.Select(m => m.Reviewer + "@" + m.Finding.File + ":" + m.Finding.StartLine)))];
}
