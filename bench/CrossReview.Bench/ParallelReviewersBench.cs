using System.Diagnostics;
using System.Globalization;
using CrossReview.Diffs;
using CrossReview.Engine;
using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Reviewers;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Bench;

/// <summary>
/// One reviewer against three with the same model latency, through the real provider clients to the scripted server:
/// side by side, three should take about as long as one.
/// </summary>
internal static class ParallelReviewersBench
{
    private const string Patch = """
        diff --git a/app.py b/app.py
        --- a/app.py
        +++ b/app.py
        @@ -1,2 +1,3 @@
         import os
        +print(os.environ["HOME"])
         x = 1

        """;

    public static async Task RunAsync(TimeSpan latency)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(ScriptedModelServer.ApprovingReview).WithDelay(latency);
        var change = new AcquiredChange(TargetKind.Diff, null, null, null, Patch, UnifiedDiffParser.Parse(Patch));
        var plan = ReviewPlanner.Plan(change);
        var prompt = PromptBuilder.BuildReview(plan, null, 1024);

        var one = await TimeAsync(1);
        var three = await TimeAsync(3);
        Console.WriteLine($"reviewers side by side, model latency {latency.TotalSeconds:0.0} s each (median of 3):");
        Console.WriteLine($"  1 reviewer    {one.TotalMilliseconds,8:F0} ms");
        Console.WriteLine($"  3 reviewers   {three.TotalMilliseconds,8:F0} ms   three/one = {(three / one).ToString("F2", CultureInfo.InvariantCulture)}");

        async Task<TimeSpan> TimeAsync(int count)
        {
            string[] specs = [$"openai:gpt-5.4@{server.OpenAIBaseUrl}", $"anthropic:claude-sonnet-4-5@{server.Root}", $"ollama:qwen2.5-coder:7b@{server.Root}"];
            var settings = new ReviewerSettings { GetEnvironmentVariable = _ => "bench-key" };
            var reviewers = specs.Take(count).Select(s => ReviewerFactory.Create(ReviewerSpec.Parse(s), settings)).ToList();
            var run = new ReviewRun(change, plan, prompt, reviewers, TimeSpan.FromMinutes(1));
            var times = new List<TimeSpan>();
            for (var i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                var report = await new ReviewEngine(TimeProvider.System).RunAsync(run, NullReviewProgress.Instance, CancellationToken.None);
                times.Add(watch.Elapsed);
                if (report.Verdict != "approve")
                {
                    throw new InvalidOperationException($"bench review did not complete: {string.Join("; ", report.Warnings)}");
                }
            }

            times.Sort();
            return times[1];
        }
    }
}
