using System.Text.Json;
using System.Text.Json.Nodes;
using CrossReview.Budget;
using CrossReview.Prompts;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing.AgentClis;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>The real <c>codex</c> from npm as a reviewer (<see cref="ReviewerFactory"/>, <see cref="CodexDialect"/>) against the scripted server.</summary>
public sealed class CodexRealBinaryTests
{
    [Fact]
    public async Task RealCodex_SeededBug_FindingAnchoredUsageCountedReadOnlyArgvAndOurSchemaOnTheWire()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(bug.ReviewJson).WithUsage(1200, 200, 300), ModelEndpoint.Responses);

        using var recorder = ArgvRecorder.Create(AgentClis.Codex);
        var response = await RunAsync(bug, server, recorder, "gpt-5.5", "high");

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal(new TokenUsage(1200, 200, 300), response.Usage);
        Assert.Equal("gpt-5.5", response.Model);
        Assert.Contains(AgentClis.PinnedVersion(AgentClis.Codex), response.Details?.Version, StringComparison.Ordinal);
        Assert.Equal(("read-only", "high"), (response.Details?.Sandbox, response.Details?.Effort));
        var finding = Assert.Single(bug.Anchor("codex", response.Text).Findings);
        Assert.Equal((SeededBug.File, SeededBug.Line, SeededBug.Title, "exact"), (finding.File, finding.StartLine, finding.Title, finding.Anchor));

        var argv = RealAgentReviewer.ReviewInvocation(recorder, AgentClis.Codex);
        Assert.Equal("exec", argv[0]);
        Assert.Equal("read-only", After(argv, "-s"));
        Assert.Equal(bug.Repo.Root, After(argv, "-C"));
        Assert.Equal("gpt-5.5", After(argv, "-m"));
        Assert.Equal("model_reasoning_effort=\"high\"", After(argv, "-c"));
        Assert.Contains("--ephemeral", argv);
        Assert.Equal("-", argv[^1]);
        Assert.DoesNotContain(argv, a => a.Contains(SeededBug.File, StringComparison.Ordinal));

        // codex 0.169.0 asks a custom provider for nothing else (no GET /models).
        var request = Assert.Single(server.Requests);
        Assert.Equal(ModelEndpoint.Responses, request.Endpoint);
        Assert.Equal("json_schema", request.FindString("text", "format", "type"));
        Assert.Equal("codex_output_schema", request.FindString("text", "format", "name"));
        Assert.Equal(JsonValueKind.True, request.Find("text", "format", "strict")?.ValueKind);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse(PromptResources.ReviewSchema.GetRawText()),
            JsonNode.Parse(request.Find("text", "format", "schema")!.Value.GetRawText())));
        Assert.Contains("range(1, len(values))", request.Body, StringComparison.Ordinal);
        Assert.Equal("gpt-5.5", request.Model);
        Assert.Equal("high", request.FindString("reasoning", "effort"));
    }

    [Fact]
    public async Task RealCodex_PromptOver200KiB_ArrivesWholeThroughStdin()
    {
        using var bug = await SeededBug.CreateAsync(padding: 210 * 1024);
        Assert.True(bug.Prompt.User.Length > 200 * 1024, $"prompt is only {bug.Prompt.User.Length} characters");
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(bug.ReviewJson), ModelEndpoint.Responses);

        using var recorder = ArgvRecorder.Create(AgentClis.Codex);
        var response = await RunAsync(bug, server, recorder, null, null);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        var lastPaddingLine = bug.Prompt.User.Split('\n').Last(l => l.Contains("# padding line", StringComparison.Ordinal));
        Assert.Contains(lastPaddingLine[(lastPaddingLine.IndexOf('#', StringComparison.Ordinal) + 1)..], Assert.Single(server.ModelRequests(ModelEndpoint.Responses)).Body, StringComparison.Ordinal);
        Assert.All(RealAgentReviewer.ReviewInvocation(recorder, AgentClis.Codex), a => Assert.True(a.Length < 64 * 1024));
    }

    [Fact]
    public async Task RealCodex_ModelRunsACommandThatWrites_SandboxRefusesAndRepositoryIsUntouched()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script = request => request.EndsWithToolResult
            ? ScriptedReply.Text(bug.ReviewJson)
            : ScriptedReply.ToolCall("exec_command", """{"cmd":"echo pwned > pwned.txt && echo wrote-it"}""");
        using var recorder = ArgvRecorder.Create(AgentClis.Codex);

        var response = await RunAsync(bug, server, recorder, null, null);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.False(File.Exists(bug.Repo.FullPath("pwned.txt")));
        var followUp = server.ModelRequests(ModelEndpoint.Responses)[^1];
        Assert.True(followUp.EndsWithToolResult);
        Assert.Contains("Read-only file system", followUp.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealCodex_KeyRefused_FailsSayingToLogIn()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Status(401, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}""").Forever());

        using var recorder = ArgvRecorder.Create(AgentClis.Codex);
        var response = await RunAsync(bug, server, recorder, null, null);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Contains("codex login", response.Error, StringComparison.Ordinal);
        Assert.Contains("401", response.Error, StringComparison.Ordinal);
        // The reviewer keeps the dialect's reading of the failure and adds how the process ended.
        Assert.Contains("'codex' exited with code", response.Error, StringComparison.Ordinal);
    }

    private static async Task<ReviewerResponse> RunAsync(SeededBug bug, ScriptedModelServer server, ArgvRecorder recorder, string? model, string? effort)
    {
        using var home = AgentCliHome.ForCodex(server.OpenAIBaseUrl);
        return await RealAgentReviewer.ReviewAsync(model is null ? "codex" : "codex:" + model, bug, home, recorder, effort);
    }

    private static string After(IReadOnlyList<string> argv, string flag)
    {
        var index = argv.ToList().IndexOf(flag);
        Assert.True(index >= 0 && index + 1 < argv.Count, $"{flag} not in argv: {string.Join(' ', argv)}");
        return argv[index + 1];
    }
}
