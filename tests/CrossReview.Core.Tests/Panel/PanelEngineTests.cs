using System.Globalization;
using System.Text;
using CrossReview.Diffs;
using CrossReview.Engine;
using CrossReview.Findings;
using CrossReview.Git;
using CrossReview.Panel;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Reports;
using CrossReview.Reviewers;
using CrossReview.Tests.Engine;

namespace CrossReview.Tests.Panel;

public class PanelEngineTests
{
    // A new 20-line file, so that findings at lines 3, 10 and 16 are far enough apart to be three separate issues.
    private static readonly string Patch = BuildPatch();

    // Cluster ids follow file and line order: P1 at line 3, P2 at line 10, P3 at line 16.
    private const string Injection = """{"title":"SQL injection in lookup","body":"user_id is concatenated into the query.","severity":"critical","category":"security","file":"app.py","start_line":3,"end_line":3}""";
    private const string InjectionNearby = """{"title":"SQL injection via concatenated query","body":"The query is built from user input.","severity":"major","category":"security","file":"app.py","start_line":4,"end_line":4}""";
    private const string Race = """{"title":"Balance update race","body":"Read then write without a lock.","severity":"major","category":"concurrency","file":"app.py","start_line":10,"end_line":10}""";
    private const string FalsePositive = """{"title":"Unused variable total","body":"total is never read.","severity":"minor","category":"style","file":"app.py","start_line":16,"end_line":16}""";

    private static string BuildPatch()
    {
        var patch = new StringBuilder("diff --git a/app.py b/app.py\nnew file mode 100644\n--- /dev/null\n+++ b/app.py\n@@ -0,0 +1,20 @@\n");
        for (var i = 1; i <= 20; i++)
        {
            patch.Append(CultureInfo.InvariantCulture, $"+line_{i} = {i}\n");
        }

        return patch.ToString();
    }

    private static string Review(params string[] findings) =>
        $$"""{"verdict":"{{(findings.Length == 0 ? "approve" : "request_changes")}}","summary":"s","findings":[{{string.Join(",", findings)}}]}""";

    private static string Votes(params (string Id, string Vote, string Reason)[] votes) =>
        $$"""{"votes":[{{string.Join(",", votes.Select(v => $$"""{"finding_id":"{{v.Id}}","vote":"{{v.Vote}}","reason":"{{v.Reason}}"}"""))}}],"new_findings":[]}""";

    private static PanelRun Run(int rounds, int quorum, params IReviewer[] reviewers)
    {
        var change = new AcquiredChange(TargetKind.Diff, null, null, null, Patch, UnifiedDiffParser.Parse(Patch));
        var plan = ReviewPlanner.Plan(change);
        var review = new ReviewRun(change, plan, PromptBuilder.BuildReview(plan, null, 1024), reviewers, TimeSpan.FromSeconds(5), "panel");
        return new PanelRun(review, rounds, quorum, []);
    }

    private static Task<Report> RunAsync(PanelRun run) => new PanelEngine(TimeProvider.System).RunAsync(run, NullReviewProgress.Instance, CancellationToken.None);

    // a and b raise the injection; a alone raises the race, which b and c confirm; c alone raises a false positive that a and b dismiss.
    private static PromptScriptedReviewer A() => PromptScriptedReviewer.Answering("a", Review(Injection, Race), Votes(("P3", "dismiss", "total is returned on line 18")));

    private static PromptScriptedReviewer B() => PromptScriptedReviewer.Answering("b", Review(InjectionNearby), Votes(("P2", "confirm", "no lock"), ("P3", "dismiss", "total is used below")));

    private static PromptScriptedReviewer C(string? vote = null) => PromptScriptedReviewer.Answering("c", Review(FalsePositive), vote ?? Votes(("P1", "confirm", "string concatenation"), ("P2", "confirm", "classic lost update")));

    [Fact]
    public async Task RunAsync_ThreeReviewers_ConfirmedInRoundOneConfirmedByVoteAndDismissed()
    {
        var report = await RunAsync(Run(3, 2, A(), B(), C()));

        Assert.Equal("panel", report.Mode);
        Assert.Equal(3, report.Findings.Count);
        var injection = report.Findings.Single(f => f.StartLine == 3);
        Assert.Equal(FindingStatus.Confirmed, injection.Status);
        Assert.Equal(["a", "b"], injection.Reviewers);
        Assert.Equal(Severity.Critical, injection.Severity);
        var cVote = Assert.Single(injection.Votes);
        Assert.Equal(new Vote("c", VoteKind.Confirm, "string concatenation"), cVote);

        var race = report.Findings.Single(f => f.StartLine == 10);
        Assert.Equal(FindingStatus.Confirmed, race.Status);
        Assert.Equal(["a"], race.Reviewers);
        Assert.Equal(["b", "c"], race.Votes.Select(v => v.Reviewer));

        var dismissed = report.Findings.Single(f => f.StartLine == 16);
        Assert.Equal(FindingStatus.Dismissed, dismissed.Status);
        Assert.Contains("total is returned on line 18", dismissed.DismissalReason, StringComparison.Ordinal);
        Assert.Contains("total is used below", dismissed.DismissalReason, StringComparison.Ordinal);

        Assert.Equal(new PanelIndependence(2, 1, 1), report.Independence);
        Assert.Equal("request_changes", report.Verdict);
        Assert.True(report.Complete);
        Assert.Equal(ExitCodes.FindingsAtOrAboveThreshold, ReviewOutcome.ExitCode(report, Severity.Major));
    }

    [Fact]
    public async Task RunAsync_NothingUndecidedAfterVotes_StopsAfterSecondRound()
    {
        var a = A();
        var b = B();
        var c = C();

        var report = await RunAsync(Run(3, 2, a, b, c));

        Assert.Equal(2, report.Rounds);
        Assert.Equal([1, 1, 1], new[] { a.VoteCalls, b.VoteCalls, c.VoteCalls });
        // Usage is summed over both rounds: three reviews and three votes of 1000 input tokens each.
        Assert.Equal(6000, report.Usage.InputTokens);
        Assert.Equal(2000, report.Reviewers.Single(r => r.Name == "a").Usage!.InputTokens);
    }

    [Fact]
    public async Task RunAsync_VotesChangeNothing_StopsEarlyWithUnconfirmedFinding()
    {
        var a = PromptScriptedReviewer.Answering("a", Review(Race), Votes());
        var b = PromptScriptedReviewer.Answering("b", Review(), Votes(("P1", "unsure", "cannot tell from the hunk")));
        var c = PromptScriptedReviewer.Answering("c", Review(), Votes(("P1", "unsure", "no locking context")));

        var report = await RunAsync(Run(5, 2, a, b, c));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(FindingStatus.Unconfirmed, finding.Status);
        Assert.Equal(2, report.Rounds);
        Assert.Equal(1, b.VoteCalls);
        // An unconfirmed finding does not block: every reviewer answered, so the panel approves.
        Assert.Equal("approve", report.Verdict);
    }

    [Fact]
    public async Task RunAsync_NewFindingInVoteRound_VotedOnInThirdRound()
    {
        const string NewRace = """{"votes":[{"finding_id":"P1","vote":"confirm","reason":"yes"}],"new_findings":[""" + Race + "]}";
        var a = PromptScriptedReviewer.Answering("a", Review(Injection), Votes(("P2", "confirm", "lost update")));
        var b = PromptScriptedReviewer.Answering("b", Review(), NewRace);
        var c = PromptScriptedReviewer.Answering("c", Review(), Votes(("P1", "confirm", "concatenation"), ("P2", "dismiss", "single writer")));

        var report = await RunAsync(Run(3, 2, a, b, c));

        Assert.Equal(3, report.Rounds);
        var race = report.Findings.Single(f => f.StartLine == 10);
        Assert.Equal(["b"], race.Reviewers);
        Assert.Equal(FindingStatus.Confirmed, race.Status);
        Assert.Equal(FindingStatus.Confirmed, report.Findings.Single(f => f.StartLine == 3).Status);
    }

    [Fact]
    public async Task RunAsync_VotePrompt_BlindAndOnlyAboutOthersFindings()
    {
        var alpha = PromptScriptedReviewer.Answering("codex-alpha", Review(Injection, Race), Votes());
        var bravo = PromptScriptedReviewer.Answering("claude-bravo", Review(InjectionNearby), Votes());
        var charlie = PromptScriptedReviewer.Answering("gemini-charlie", Review(FalsePositive), Votes());

        await RunAsync(Run(2, 2, alpha, bravo, charlie));

        var vote = Assert.Single(charlie.Prompts, p => p.SchemaName == VoteRequestBuilder.VoteSchemaName);
        Assert.Contains("\"P1\"", vote.User, StringComparison.Ordinal);
        Assert.Contains("\"P2\"", vote.User, StringComparison.Ordinal);
        Assert.DoesNotContain("\"P3\"", vote.User, StringComparison.Ordinal);
        foreach (var name in new[] { "codex-alpha", "claude-bravo", "gemini-charlie", "gpt-4.1" })
        {
            Assert.DoesNotContain(name, vote.System + vote.User, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task RunAsync_ReviewersWithoutRoles_GetDefaultRolesAndRolePrompts()
    {
        var impact = PromptScriptedReviewer.Answering("d", Review(), Votes(), role: "impact");
        var a = A();

        var report = await RunAsync(Run(1, 2, a, B(), C(), impact));

        Assert.Equal(["general", "callers", "contracts", "impact"], report.Reviewers.Select(r => r.Role));
        Assert.Equal(1, report.Rounds);
        Assert.Equal(RolePromptBuilder.Build(PanelRole.General, Run(1, 2).Review.Plan, null, 1024).System, Assert.Single(a.Prompts).System);
    }

    [Fact]
    public async Task RunAsync_ReviewerFailsVoteWithQuorumLeft_CompletesAndReportsFailure()
    {
        var c = new PromptScriptedReviewer("c", (prompt, _) => prompt.SchemaName == "crossreview_vote"
            ? ReviewerResponse.Failure("HTTP 500")
            : PromptScriptedReviewer.Ok(Review(FalsePositive)));

        var report = await RunAsync(Run(3, 2, A(), B(), c));

        var failed = report.Reviewers.Single(r => r.Name == "c");
        Assert.Equal(ReviewerStatus.Failed, failed.Status);
        Assert.Contains("HTTP 500", failed.Error, StringComparison.Ordinal);
        Assert.Equal(FindingStatus.Confirmed, report.Findings.Single(f => f.StartLine == 3).Status);
        Assert.Equal("request_changes", report.Verdict);
        Assert.True(report.Complete);
        Assert.Contains(report.Warnings, w => w.Contains("did not complete", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_ReviewerFailsVoteAndQuorumLost_ErrorAndExitThree()
    {
        var c = new PromptScriptedReviewer("c", (prompt, _) => prompt.SchemaName == "crossreview_vote"
            ? PromptScriptedReviewer.Ok("I refuse to answer in JSON.")
            : PromptScriptedReviewer.Ok(Review(FalsePositive)));

        var report = await RunAsync(Run(3, 3, A(), B(), c));

        Assert.Equal(ReviewerStatus.Failed, report.Reviewers.Single(r => r.Name == "c").Status);
        Assert.Equal("error", report.Verdict);
        Assert.False(report.Complete);
        Assert.Equal(ExitCodes.CouldNotComplete, ReviewOutcome.ExitCode(report, Severity.Minor));
        Assert.Contains(report.Warnings, w => w.Contains("quorum of 3 lost", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_AnalyzerInPanel_RaisesFindingsButIsNeverAskedToVote()
    {
        var analyzer = PromptScriptedReviewer.Answering("semgrep", Review(Injection), "not a vote", provider: "sarif");
        var b = PromptScriptedReviewer.Answering("b", Review(InjectionNearby), Votes());
        var c = PromptScriptedReviewer.Answering("c", Review(Race), Votes(("P1", "confirm", "concatenation")));

        var report = await RunAsync(Run(3, 2, analyzer, b, c));

        Assert.Equal(0, analyzer.VoteCalls);
        Assert.All(report.Reviewers, r => Assert.Equal(ReviewerStatus.Ok, r.Status));
        Assert.Equal(["semgrep", "b"], report.Findings.Single(f => f.StartLine == 3).Reviewers);
    }
}
