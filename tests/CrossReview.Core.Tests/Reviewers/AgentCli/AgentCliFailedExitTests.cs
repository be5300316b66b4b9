using CrossReview.Budget;
using CrossReview.Reviewers;
using CrossReview.Testing.AgentClis;
using CrossReview.Testing.ScriptedServer;
using FakeAgentProgram = CrossReview.FakeAgent.Program;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// The CLIs exit non-zero exactly when they are not logged in or a turn failed, and say why on stdout or stderr: the
/// reviewer must read that output (replayed by the fake agent, or from the real binaries) instead of only the exit code.
/// </summary>
public sealed class AgentCliFailedExitTests : IDisposable
{
    private readonly FakeAgentSetup _setup = new();
    private readonly ScratchDirectory _files = new();

    public void Dispose()
    {
        _setup.Dispose();
        _files.Dispose();
    }

    [Fact]
    public async Task ReviewAsync_ClaudeKeyRefusedExitOne_SaysToLogIn()
    {
        var response = await ReplayAsync("claude", RecordedOutputs.ClaudeKeyRefused, "", 1);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("claude is not logged in or its key was refused", response.Error, StringComparison.Ordinal);
        Assert.Contains("Invalid API key", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewAsync_ClaudeSuccessButExitOne_FailedKeepingUsageAndCost()
    {
        var response = await ReplayAsync("claude", RecordedOutputs.ClaudeSuccess, "budget exceeded after the answer", 1);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Contains("exited with code 1", response.Error, StringComparison.Ordinal);
        Assert.Contains("budget exceeded after the answer", response.Error, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(6000, 1000, 500), response.Usage);
        Assert.Equal(0.0228m, response.ReportedCostUsd);
    }

    [Fact]
    public async Task ReviewAsync_CodexTurnFailedWith401ExitOne_SaysToLogIn()
    {
        var response = await ReplayAsync("codex", RecordedOutputs.CodexKeyRefused, "", 1);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("codex is not logged in or its key was refused", response.Error, StringComparison.Ordinal);
        Assert.Contains("401 Unauthorized", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewAsync_CodexAnswerButExitOne_FailedKeepingUsage()
    {
        var response = await ReplayAsync("codex", RecordedOutputs.CodexSuccess, "", 1);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Contains("'codex' exited with code 1", response.Error, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(1200, 200, 300), response.Usage);
    }

    [Fact]
    public async Task ReviewAsync_GeminiErrorObjectOnStderrExit145_SaysToLogInAndNamesNoSignal()
    {
        var response = await ReplayAsync("gemini", "", RecordedOutputs.GeminiKeyRefusedStderr, 145);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("gemini is not logged in or its key was refused", response.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("signal", response.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ReviewAsync_CommandPrintsReviewButExitsTwo_NeverAPass()
    {
        var response = await ReplayAsync("command:fake", FakeAgentSetup.Review, "lost the connection at the end", 2, ["my-reviewer"]);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal("'my-reviewer' exited with code 2; stderr: lost the connection at the end", response.Error);
        Assert.Equal(FakeAgentSetup.Review, response.Text);
    }

    [Fact]
    public async Task RealCodex_KeyRefused_LogInMessageReachesTheReviewerResponse()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Status(401, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}""").Forever());
        using var recorder = ArgvRecorder.Create(AgentClis.Codex);
        using var home = AgentCliHome.ForCodex(server.OpenAIBaseUrl);

        var response = await RealReviewerAsync("codex", bug, recorder, home);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("codex is not logged in or its key was refused: run `codex login`", response.Error, StringComparison.Ordinal);
        Assert.Contains("401", response.Error, StringComparison.Ordinal);
        Assert.Contains(recorder.Invocations(AgentClis.Codex), argv => argv[0] == "exec");
    }

    [Fact]
    public async Task RealClaude_KeyRefused_LogInMessageReachesTheReviewerResponse()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Status(401, """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}""");
        using var recorder = ArgvRecorder.Create(AgentClis.Claude);
        using var home = AgentCliHome.ForClaude(server.Root).With("CLAUDE_CODE_MAX_RETRIES", "0");

        var response = await RealReviewerAsync("claude", bug, recorder, home);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("claude is not logged in or its key was refused: run `claude` and /login", response.Error, StringComparison.Ordinal);
        Assert.Contains("Invalid API key", response.Error, StringComparison.Ordinal);
        Assert.Contains(recorder.Invocations(AgentClis.Claude), argv => argv[0] == "-p");
    }

    /// <summary>The fake agent installed as <paramref name="spec"/>'s executable, replaying a recorded run.</summary>
    private async Task<ReviewerResponse> ReplayAsync(string spec, string stdout, string stderr, int exitCode, IReadOnlyList<string>? command = null)
    {
        var stdoutFile = Path.Combine(_files.Path, "stdout.txt");
        var stderrFile = Path.Combine(_files.Path, "stderr.txt");
        await File.WriteAllTextAsync(stdoutFile, stdout);
        await File.WriteAllTextAsync(stderrFile, stderr);
        _setup.Install(command?[0] ?? spec);
        var settings = _setup.Settings("print", command, new Dictionary<string, string?>
        {
            [FakeAgentProgram.StdoutFileVariable] = stdoutFile,
            [FakeAgentProgram.StderrFileVariable] = stderrFile,
            [FakeAgentProgram.ExitVariable] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse(spec), settings);
        return await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);
    }

    /// <summary>The real CLI through <see cref="ReviewerFactory"/> and the reviewer's own process runner.</summary>
    private static async Task<ReviewerResponse> RealReviewerAsync(string spec, SeededBug bug, ArgvRecorder recorder, AgentCliHome home)
    {
        var environment = new Dictionary<string, string?>(home.Environment, StringComparer.Ordinal)
        {
            ["PATH"] = recorder.PathWith(Environment.GetEnvironmentVariable("PATH")),
        };
        var settings = new ReviewerSettings
        {
            GetEnvironmentVariable = name => environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name),
            WorkingDirectory = bug.Repo.Root,
            ChildEnvironment = environment,
        };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        return await ReviewerFactory.Create(ReviewerSpec.Parse(spec), settings).ReviewAsync(bug.Prompt, limit.Token);
    }
}
