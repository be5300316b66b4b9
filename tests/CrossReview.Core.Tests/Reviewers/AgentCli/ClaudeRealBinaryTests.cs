using System.Text.Json;
using System.Text.Json.Nodes;
using CrossReview.Prompts;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing.AgentClis;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>The real <c>claude</c> from npm as a reviewer (<see cref="ReviewerFactory"/>, <see cref="ClaudeDialect"/>) against the scripted server.</summary>
public sealed class ClaudeRealBinaryTests
{
    private const string StructuredOutputTool = "StructuredOutput";

    [Fact]
    public async Task RealClaude_SeededBug_StructuredOutputAnchoredCostRecordedReadOnlyArgv()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script = AnswerWithTool(bug.ReviewJson);
        using var recorder = ArgvRecorder.Create(AgentClis.Claude);

        var response = await RunAsync(bug, server, recorder, "claude-opus-4-8", 2.5m, effort: "high");

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        var finding = Assert.Single(bug.Anchor("claude", response.Text).Findings);
        Assert.Equal((SeededBug.File, SeededBug.Line, SeededBug.Title, "exact"), (finding.File, finding.StartLine, finding.Title, finding.Anchor));
        // Every model request claude made, summed, is what the usage must say (cache reads are part of the input).
        Assert.Equal(ReviewRequests(server).Count * 6000L, response.Usage?.InputTokens);
        Assert.Equal(ReviewRequests(server).Count * 1000L, response.Usage?.CachedInputTokens);
        Assert.Equal(ReviewRequests(server).Count * 500L, response.Usage?.OutputTokens);
        // claude prices the tokens itself (in floating point): $5 input, $0.50 cache read, $25 output per million for this model.
        Assert.NotNull(response.ReportedCostUsd);
        Assert.Equal(ReviewRequests(server).Count * ((5000 * 5m) + (1000 * 0.5m) + (500 * 25m)) / 1_000_000m, response.ReportedCostUsd.Value, 9);
        Assert.Equal("claude-opus-4-8", response.Model);
        Assert.Contains(AgentClis.PinnedVersion(AgentClis.Claude), response.Details?.Version, StringComparison.Ordinal);
        Assert.Equal(("plan", "high"), (response.Details?.Sandbox, response.Details?.Effort));

        var argv = RealAgentReviewer.ReviewInvocation(recorder, AgentClis.Claude);
        Assert.Equal("-p", argv[0]);
        Assert.Equal(ClaudeDialect.PermissionMode, After(argv, "--permission-mode"));
        Assert.Equal("Read,Grep,Glob", After(argv, "--tools"));
        Assert.Contains("Edit", After(argv, "--disallowedTools").Split(','));
        Assert.Contains("Write", After(argv, "--disallowedTools").Split(','));
        Assert.Contains("Bash", After(argv, "--disallowedTools").Split(','));
        Assert.Equal("2.5", After(argv, "--max-budget-usd"));
        Assert.Equal("json", After(argv, "--output-format"));
        Assert.DoesNotContain(argv, a => a.Contains("range(1, len(values))", StringComparison.Ordinal));

        // Besides the review: claude's preflight HEAD, and no other traffic (nonessential traffic is off in the test home).
        Assert.All(server.Requests.Where(r => r.Endpoint is null), r => Assert.Equal(("HEAD", "/"), (r.Method, r.Path)));
        var reviews = ReviewRequests(server);
        Assert.NotEmpty(reviews);
        var first = reviews[0];
        Assert.Contains("range(1, len(values))", first.Body, StringComparison.Ordinal);
        Assert.Equal("claude-opus-4-8", first.Model);
        Assert.Equal("high", first.FindString("output_config", "effort"));
        var tool = first.Find("tools")!.Value.EnumerateArray().Single(t => t.GetProperty("name").GetString() == StructuredOutputTool);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(PromptResources.ReviewSchema.GetRawText()),
            JsonNode.Parse(tool.GetProperty("input_schema").GetRawText())));
        var offered = first.Find("tools")!.Value.EnumerateArray().Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.DoesNotContain("Edit", offered);
        Assert.DoesNotContain("Write", offered);
        Assert.DoesNotContain("Bash", offered);
    }

    [Fact]
    public async Task RealClaude_ModelTriesToWriteAndRunCommands_RefusedAndRepositoryIsUntouched()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        var pwned = bug.Repo.FullPath("pwned.txt");
        var attempts = new Queue<ScriptedReply>(
        [
            ScriptedReply.ToolCall("Write", JsonSerializer.Serialize(new { file_path = pwned, content = "pwned" })),
            ScriptedReply.ToolCall("Bash", JsonSerializer.Serialize(new { command = $"echo pwned > '{pwned}'" })),
            ScriptedReply.ToolCall(StructuredOutputTool, bug.ReviewJson),
        ]);
        server.Script = request => request.Endpoint != ModelEndpoint.AnthropicMessages || !request.OffersTool(StructuredOutputTool) ? null
            : attempts.TryDequeue(out var next) ? next
            : ScriptedReply.Text("Review submitted.");
        using var recorder = ArgvRecorder.Create(AgentClis.Claude);

        var response = await RunAsync(bug, server, recorder, null, null);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.False(File.Exists(pwned));
        var results = ReviewRequests(server).Where(r => r.EndsWithToolResult).Select(r => r.Body).ToList();
        Assert.True(results.Count >= 2, $"{results.Count} tool results");
        Assert.All(results.Take(2), body => Assert.Contains("\"is_error\":true", body, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RealClaude_ModelAnswersInTextOnly_FailsWithoutStructuredOutput()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(bug.ReviewJson);
        using var recorder = ArgvRecorder.Create(AgentClis.Claude);

        var response = await RunAsync(bug, server, recorder, null, null);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("claude answered without structured output", response.Error, StringComparison.Ordinal);
        // claude asks again for the tool call before it gives up: both requests offered it.
        Assert.True(ReviewRequests(server).Count >= 2, $"{ReviewRequests(server).Count} requests");
    }

    [Fact]
    public async Task RealClaude_PromptOver200KiB_ArrivesWholeThroughStdin()
    {
        using var bug = await SeededBug.CreateAsync(padding: 210 * 1024);
        Assert.True(bug.Prompt.User.Length > 200 * 1024, $"prompt is only {bug.Prompt.User.Length} characters");
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script = AnswerWithTool(bug.ReviewJson);
        using var recorder = ArgvRecorder.Create(AgentClis.Claude);

        var response = await RunAsync(bug, server, recorder, null, null);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        var lastPaddingLine = bug.Prompt.User.Split('\n').Last(l => l.Contains("# padding line", StringComparison.Ordinal));
        Assert.Contains(lastPaddingLine[(lastPaddingLine.IndexOf('#', StringComparison.Ordinal) + 1)..], ReviewRequests(server)[0].Body, StringComparison.Ordinal);
        Assert.All(RealAgentReviewer.ReviewInvocation(recorder, AgentClis.Claude), a => Assert.True(a.Length < 64 * 1024));
    }

    [Fact]
    public async Task RealClaude_KeyRefused_FailsSayingToLogIn()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Status(401, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""");
        using var recorder = ArgvRecorder.Create(AgentClis.Claude);

        // claude retries a refused key for minutes by default; the outcome is the same without the retries.
        var response = await RunAsync(bug, server, recorder, null, null, maxRetries: "0");

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Contains("claude is not logged in or its key was refused", response.Error, StringComparison.Ordinal);
        Assert.Contains("Invalid API key", response.Error, StringComparison.Ordinal);
        // The reviewer keeps the dialect's reading of the failure and adds how the process ended.
        Assert.Contains("'claude' exited with code", response.Error, StringComparison.Ordinal);
    }

    private static List<RecordedRequest> ReviewRequests(ScriptedModelServer server) =>
        [.. server.ModelRequests(ModelEndpoint.AnthropicMessages).Where(r => r.OffersTool(StructuredOutputTool))];

    private static Func<RecordedRequest, ScriptedReply?> AnswerWithTool(string reviewJson) => request =>
        request.Endpoint != ModelEndpoint.AnthropicMessages ? null
        : request.EndsWithToolResult ? ScriptedReply.Text("Review submitted.").WithUsage(6000, 0, 20)
        : request.OffersTool(StructuredOutputTool) ? ScriptedReply.ToolCall(StructuredOutputTool, reviewJson).WithUsage(6000, 1000, 500)
        : ScriptedReply.Text("""{"title":"Review"}""").WithUsage(100, 0, 10);

    private static async Task<ReviewerResponse> RunAsync(
        SeededBug bug, ScriptedModelServer server, ArgvRecorder recorder, string? model, decimal? budget, string? maxRetries = null, string? effort = null)
    {
        using var home = AgentCliHome.ForClaude(server.Root).With("CLAUDE_CODE_MAX_RETRIES", maxRetries);
        return await RealAgentReviewer.ReviewAsync(model is null ? "claude" : "claude:" + model, bug, home, recorder, effort, budget);
    }

    private static string After(IReadOnlyList<string> argv, string flag)
    {
        var index = argv.ToList().IndexOf(flag);
        Assert.True(index >= 0 && index + 1 < argv.Count, $"{flag} not in argv: {string.Join(' ', argv)}");
        return argv[index + 1];
    }
}
