using CrossReview.Budget;
using CrossReview.Diffs;
using CrossReview.Engine;
using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Reviewers;
using CrossReview.Tests.Engine;

namespace CrossReview.Tests.Configuration;

/// <summary>The config's per-reviewer <c>timeout</c> and <c>prices</c> as the engine applies them.</summary>
public sealed class ReviewRunConfigTests
{
    private const string Patch = """
        diff --git a/app.py b/app.py
        --- a/app.py
        +++ b/app.py
        @@ -1,1 +1,2 @@
         import os
        +os.system(input())

        """;

    private static ReviewRun Run(params IReviewer[] reviewers)
    {
        var change = new AcquiredChange(TargetKind.Diff, null, null, null, Patch, UnifiedDiffParser.Parse(Patch));
        var plan = ReviewPlanner.Plan(change);
        return new ReviewRun(change, plan, PromptBuilder.BuildReview(plan, null, 1024), reviewers, TimeSpan.FromMinutes(5));
    }

    private static ScriptedReviewer Slow(string name) => new(name, async ct =>
    {
        await Task.Delay(TimeSpan.FromMinutes(5), ct);
        return ReviewerResponse.Success(ScriptedReviewerAnswers.Approve, null, null);
    });

    [Fact]
    public async Task RunAsync_ReviewerTimeout_OnlyThatReviewerCutShortAndMessageSaysConfig()
    {
        var run = Run(Slow("slow"), ScriptedReviewer.Answering("quick", ScriptedReviewerAnswers.Approve)) with
        {
            ReviewerTimeouts = new Dictionary<string, TimeSpan> { ["slow"] = TimeSpan.FromMilliseconds(200) },
        };

        var report = await new ReviewEngine(TimeProvider.System).RunAsync(run, NullReviewProgress.Instance, CancellationToken.None);

        var slow = report.Reviewers.Single(r => r.Name == "slow");
        Assert.Equal(ReviewerStatus.Timeout, slow.Status);
        Assert.Equal("no answer within the 0s time limit (timeout in config)", slow.Error);
        Assert.Equal(ReviewerStatus.Ok, report.Reviewers.Single(r => r.Name == "quick").Status);
    }

    [Fact]
    public async Task RunAsync_ReviewerPrice_CostsThatReviewerWhateverItsModel()
    {
        var usage = new TokenUsage(1_000_000, 0, 1_000_000);
        var run = Run(ScriptedReviewer.Answering("priced", ScriptedReviewerAnswers.Approve, usage), ScriptedReviewer.Answering("listed", ScriptedReviewerAnswers.Approve, usage)) with
        {
            ReviewerPrices = new Dictionary<string, ModelPrice> { ["priced"] = new(1m, 0.1m, 3m) },
        };

        var report = await new ReviewEngine(TimeProvider.System).RunAsync(run, NullReviewProgress.Instance, CancellationToken.None);

        Assert.Equal(4m, report.Reviewers.Single(r => r.Name == "priced").CostUsd);
        Assert.Equal(PriceTable.Default.Cost("gpt-4.1", usage), report.Reviewers.Single(r => r.Name == "listed").CostUsd);
    }

    [Fact]
    public async Task RunAsync_PriceTable_UsedForModelsWithoutReviewerPrice()
    {
        var usage = new TokenUsage(1_000_000, 0, 0);
        var run = Run(ScriptedReviewer.Answering("a", ScriptedReviewerAnswers.Approve, usage)) with
        {
            Prices = PriceTable.Default.With([KeyValuePair.Create("gpt-4.1", new ModelPrice(7m, 7m, 7m))]),
        };

        var report = await new ReviewEngine(TimeProvider.System).RunAsync(run, NullReviewProgress.Instance, CancellationToken.None);

        Assert.Equal(7m, Assert.Single(report.Reviewers).CostUsd);
    }
}
