using CrossReview.Budget;
using CrossReview.Diffs;
using CrossReview.Engine;
using CrossReview.Findings;
using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Reports;
using CrossReview.Reviewers;

namespace CrossReview.Tests.Engine;

public class ReviewEngineTests
{
    private const string Patch = """
        diff --git a/app.py b/app.py
        --- a/app.py
        +++ b/app.py
        @@ -1,2 +1,4 @@
         import os
        +def run(cmd):
        +    os.system(cmd)
         x = 1

        """;

    private const string Finding = """
        {"verdict":"request_changes","summary":"s","findings":[{"title":"Shell injection","body":"cmd reaches the shell.",
         "severity":"major","category":"security","file":"app.py","start_line":3,"end_line":3,"confidence":0.8,"recommendation":"Use subprocess with a list."}]}
        """;

    private static ReviewRun Run(params IReviewer[] reviewers)
    {
        var change = new AcquiredChange(TargetKind.Diff, null, null, null, Patch, UnifiedDiffParser.Parse(Patch));
        var plan = ReviewPlanner.Plan(change);
        return new ReviewRun(change, plan, PromptBuilder.BuildReview(plan, null, 1024), reviewers, TimeSpan.FromSeconds(5));
    }

    private static Task<Report> RunAsync(ReviewRun run, CancellationToken ct = default) =>
        new ReviewEngine(TimeProvider.System).RunAsync(run, NullReviewProgress.Instance, ct);

    [Fact]
    public async Task RunAsync_TwoReviewersSameFinding_MergedWithBothNames()
    {
        var report = await RunAsync(Run(ScriptedReviewer.Answering("a", Finding), ScriptedReviewer.Answering("b", Finding)));

        var finding = Assert.Single(report.Findings);
        Assert.Equal(["a", "b"], finding.Reviewers);
        Assert.Equal("F1", finding.Id);
        Assert.Equal("request_changes", report.Verdict);
        Assert.True(report.Complete);
        Assert.Equal(2000, report.Usage.InputTokens);
    }

    [Fact]
    public async Task RunAsync_ReviewerSlowerThanTimeout_TimeoutStatusAndError()
    {
        var slow = new ScriptedReviewer("slow", async ct =>
        {
            await Task.Delay(TimeSpan.FromMinutes(5), ct);
            return ReviewerResponse.Success(Finding, null, null);
        });
        var run = Run(slow) with { Timeout = TimeSpan.FromMilliseconds(200) };

        var report = await RunAsync(run);

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal(ReviewerStatus.Timeout, reviewer.Status);
        Assert.Equal("error", report.Verdict);
        Assert.Equal(ExitCodes.CouldNotComplete, ReviewOutcome.ExitCode(report, null));
    }

    [Fact]
    public async Task RunAsync_CallerCancels_Throws()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var slow = new ScriptedReviewer("slow", async ct =>
        {
            await Task.Delay(TimeSpan.FromMinutes(5), ct);
            return ReviewerResponse.Success(Finding, null, null);
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => RunAsync(Run(slow), cts.Token));
    }

    [Fact]
    public async Task RunAsync_ReviewerThrows_FailedWithOneLineError()
    {
        var broken = new ScriptedReviewer("broken", _ => throw new InvalidOperationException("first line\nsecond line"));

        var report = await RunAsync(Run(broken, ScriptedReviewer.Answering("ok", ScriptedReviewerAnswers.Approve)));

        Assert.Equal(ReviewerStatus.Failed, report.Reviewers[0].Status);
        Assert.Equal("InvalidOperationException: first line", report.Reviewers[0].Error);
        Assert.Equal("error", report.Verdict);
        Assert.False(report.Complete);
        Assert.Equal(ExitCodes.CouldNotComplete, ReviewOutcome.ExitCode(report, Severity.Critical));
    }

    [Fact]
    public async Task RunAsync_AllApprove_ApproveAndExit0()
    {
        var report = await RunAsync(Run(ScriptedReviewer.Answering("a", ScriptedReviewerAnswers.Approve)));

        Assert.Equal("approve", report.Verdict);
        Assert.Equal(ExitCodes.Completed, ReviewOutcome.ExitCode(report, Severity.Info));
    }

    [Fact]
    public async Task RunAsync_UnparseableAnswer_FailedWithRawOutputKept()
    {
        var report = await RunAsync(Run(ScriptedReviewer.Answering("a", "Looks fine to me.")));

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal(ReviewerStatus.Failed, reviewer.Status);
        Assert.Equal("Looks fine to me.", reviewer.RawOutput);
        Assert.StartsWith("could not parse", reviewer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_UnknownModelPrice_CostNullNotZero()
    {
        var unknown = new ScriptedReviewer("u", _ => Task.FromResult(ReviewerResponse.Success(ScriptedReviewerAnswers.Approve, new TokenUsage(10, 0, 5), "model-nobody-prices")));

        var report = await RunAsync(Run(unknown, ScriptedReviewer.Answering("known", ScriptedReviewerAnswers.Approve)));

        Assert.Null(report.Reviewers[0].CostUsd);
        Assert.NotNull(report.Reviewers[1].CostUsd);
        Assert.Null(report.CostUsd);
    }

    [Fact]
    public async Task RunAsync_UsageNotReported_TotalCostNull()
    {
        var silent = new ScriptedReviewer("s", _ => Task.FromResult(ReviewerResponse.Success(ScriptedReviewerAnswers.Approve, null, "gpt-4.1")));

        var report = await RunAsync(Run(silent));

        Assert.Null(report.CostUsd);
    }
}
