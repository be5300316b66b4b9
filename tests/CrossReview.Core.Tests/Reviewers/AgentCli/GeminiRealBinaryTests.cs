using CrossReview.Budget;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing.AgentClis;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>The real <c>gemini</c> from npm as a reviewer (<see cref="ReviewerFactory"/>, <see cref="GeminiDialect"/>) against the scripted server.</summary>
public sealed class GeminiRealBinaryTests
{
    [Fact]
    public async Task RealGemini_SeededBug_FindingAnchoredUsageCountedPlanModeAndPromptFromStdin()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(bug.ReviewJson).WithUsage(9000, 2000, 400), ModelEndpoint.GeminiGenerateContent);
        using var recorder = ArgvRecorder.Create(AgentClis.Gemini);

        var response = await RunAsync(bug, server, recorder);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        var finding = Assert.Single(bug.Anchor("gemini", response.Text).Findings);
        Assert.Equal((SeededBug.File, SeededBug.Line, SeededBug.Title), (finding.File, finding.StartLine, finding.Title));
        Assert.Equal(new TokenUsage(9000, 2000, 400), response.Usage);
        Assert.Equal("gemini-2.5-pro", response.Model);
        Assert.Contains(AgentClis.PinnedVersion(AgentClis.Gemini), response.Details?.Version, StringComparison.Ordinal);
        Assert.Equal("plan", response.Details?.Sandbox);

        var argv = RealAgentReviewer.ReviewInvocation(recorder, AgentClis.Gemini);
        Assert.Equal("plan", DialectTestKit.After(argv, "--approval-mode"));
        Assert.Equal("json", DialectTestKit.After(argv, "-o"));
        Assert.DoesNotContain(argv, a => a.Contains("range(1, len(values))", StringComparison.Ordinal));

        var request = Assert.Single(server.ModelRequests(ModelEndpoint.GeminiGenerateContent));
        Assert.Equal("gemini-2.5-pro", request.Model);
        Assert.Contains("range(1, len(values))", request.Body, StringComparison.Ordinal);
        Assert.Contains(GeminiDialect.PromptFlagText, request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealGemini_PromptOver200KiB_ArrivesWholeThroughStdin()
    {
        using var bug = await SeededBug.CreateAsync(padding: 210 * 1024);
        Assert.True(bug.Prompt.User.Length > 200 * 1024, $"prompt is only {bug.Prompt.User.Length} characters");
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(bug.ReviewJson), ModelEndpoint.GeminiGenerateContent);
        using var recorder = ArgvRecorder.Create(AgentClis.Gemini);

        var response = await RunAsync(bug, server, recorder);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        var lastPaddingLine = bug.Prompt.User.Split('\n').Last(l => l.Contains("# padding line", StringComparison.Ordinal));
        Assert.Contains(lastPaddingLine[(lastPaddingLine.IndexOf('#', StringComparison.Ordinal) + 1)..], Assert.Single(server.ModelRequests(ModelEndpoint.GeminiGenerateContent)).Body, StringComparison.Ordinal);
        Assert.All(RealAgentReviewer.ReviewInvocation(recorder, AgentClis.Gemini), a => Assert.True(a.Length < 64 * 1024));
    }

    [Fact]
    public async Task RealGemini_KeyRefused_FailsSayingToLogIn()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Status(401, """{"error":{"code":401,"message":"API key not valid. Please pass a valid API key.","status":"UNAUTHENTICATED"}}""");
        using var recorder = ArgvRecorder.Create(AgentClis.Gemini);

        var response = await RunAsync(bug, server, recorder);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("gemini is not logged in or its key was refused", response.Error, StringComparison.Ordinal);
        // The reviewer keeps the dialect's reading of the failure and adds how the process ended.
        Assert.Contains("'gemini' exited with code", response.Error, StringComparison.Ordinal);
        // gemini's own exit code 145 is no signal (it would read as SIGCHLD).
        Assert.DoesNotContain("signal", response.Error, StringComparison.Ordinal);
    }

    private static async Task<ReviewerResponse> RunAsync(SeededBug bug, ScriptedModelServer server, ArgvRecorder recorder)
    {
        using var home = AgentCliHome.ForGemini(server.Root);
        return await RealAgentReviewer.ReviewAsync("gemini:gemini-2.5-pro", bug, home, recorder);
    }
}
