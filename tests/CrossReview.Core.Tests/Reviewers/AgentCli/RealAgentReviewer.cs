using CrossReview.Reviewers;
using CrossReview.Testing.AgentClis;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// Reviews with a real agent CLI the way crossreview does: <see cref="ReviewerFactory"/> finds it on PATH (the
/// argv-recording wrapper first), and its <see cref="Reviewers.AgentCli.AgentCliReviewer"/> starts it in the repository
/// with the prompt on a closed stdin, asks its version and ends its process tree on cancellation.
/// </summary>
internal static class RealAgentReviewer
{
    /// <summary>Far above a normal run (seconds); a CLI that retries forever fails the test instead of hanging it.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<ReviewerResponse> ReviewAsync(
        string spec, SeededBug bug, AgentCliHome home, ArgvRecorder recorder, string? effort = null, decimal? budget = null)
    {
        var environment = new Dictionary<string, string?>(home.Environment, StringComparer.Ordinal)
        {
            ["PATH"] = recorder.PathWith(Environment.GetEnvironmentVariable("PATH")),
        };
        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse(spec), new ReviewerSettings
        {
            GetEnvironmentVariable = name => environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name),
            ChildEnvironment = environment,
            WorkingDirectory = bug.Repo.Root,
            Effort = effort,
            MaxBudgetUsd = budget,
        });

        using var limit = new CancellationTokenSource(Limit);
        return await reviewer.ReviewAsync(bug.Prompt, limit.Token);
    }

    /// <summary>
    /// The review's argv: the reviewer starts the CLI once for <c>--version</c> and once for the review, through the
    /// wrapper (so the factory found the CLI on PATH where the test put it).
    /// </summary>
    public static IReadOnlyList<string> ReviewInvocation(ArgvRecorder recorder, string name)
    {
        var runs = recorder.Invocations(name);
        Assert.Single(runs, r => r is ["--version"]);
        return Assert.Single(runs, r => r is not ["--version"]);
    }
}
