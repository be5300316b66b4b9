using System.Text.Json.Nodes;
using CrossReview.Budget;
using CrossReview.Findings;
using CrossReview.Prompts;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using static CrossReview.Tests.Reviewers.AgentCli.DialectTestKit;

namespace CrossReview.Tests.Reviewers.AgentCli;

public sealed class CodexDialectTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly CodexDialect _dialect = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Build_WithModelAndEffort_ExecReadOnlyEphemeralSchemaFileAndPromptOnStdin()
    {
        var invocation = _dialect.Build(Prompt, Context(_scratch.Path, "gpt-5.5", "high"));

        var schema = Path.Combine(_scratch.Path, "schema.json");
        Assert.Equal(
            ["exec", "--json", "--ephemeral", "--color", "never", "-s", "read-only", "--skip-git-repo-check", "-C", "/repo/root",
             "--output-schema", schema,
             "-m", "gpt-5.5", "-c", "model_reasoning_effort=\"high\"", "-c", "projects={ \"/repo/root\" = { trust_level = \"untrusted\" } }", "-"],
            invocation.Arguments);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PromptResources.ReviewSchema.GetRawText()), JsonNode.Parse(File.ReadAllText(schema))));
        Assert.Equal(SystemText + "\n\n" + UserText, invocation.StandardInput);
        Assert.DoesNotContain(invocation.Arguments, a => a.Contains("USER-CHANGE", StringComparison.Ordinal) || a.Contains("SYSTEM-INSTRUCTIONS", StringComparison.Ordinal));
        Assert.DoesNotContain("review", invocation.Arguments);
    }

    [Fact]
    public void Build_NoModelOrEffort_LeavesThemToCodex()
    {
        var arguments = _dialect.Build(Prompt, Context(_scratch.Path)).Arguments;

        Assert.DoesNotContain("-m", arguments);
        Assert.DoesNotContain(arguments, a => a.Contains("model_reasoning_effort", StringComparison.Ordinal));
        Assert.Equal("read-only", After(arguments, "-s"));
    }

    [Fact]
    public void Contract_SandboxInstallHintAndVersion()
    {
        Assert.Equal((ReviewerProviders.Codex, "codex", "read-only"), (_dialect.Provider, _dialect.Executable, _dialect.Sandbox));
        Assert.Contains("npm install -g @openai/codex", _dialect.InstallHint, StringComparison.Ordinal);
        Assert.Equal(["--version"], _dialect.VersionArguments);
    }

    [Fact]
    public void Interpret_RecordedSuccess_AgentMessageIsTheReviewWithTurnUsage()
    {
        var response = _dialect.Interpret(Output(RecordedOutputs.CodexSuccess), Context(_scratch.Path, "gpt-5.5"));

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal(new TokenUsage(1200, 200, 300), response.Usage);
        Assert.Equal("gpt-5.5", response.Model);
        var review = ReviewResponseParser.Parse(response.Text).Review;
        Assert.NotNull(review);
        Assert.Equal("calc.py", Assert.Single(review.Findings).File);
    }

    [Fact]
    public void Interpret_TwoTurns_UsageSummedAndLastMessageWins()
    {
        var stdout = """
            {"type":"thread.started","thread_id":"t"}
            {"type":"item.completed","item":{"id":"item_0","type":"agent_message","text":"looking around"}}
            {"type":"turn.completed","usage":{"input_tokens":100,"cached_input_tokens":10,"output_tokens":5,"reasoning_output_tokens":0}}
            {"type":"item.completed","item":{"id":"item_1","type":"error","message":"Model metadata for `x` not found"}}
            {"type":"item.completed","item":{"id":"item_2","type":"agent_message","text":"{\"verdict\":\"approve\",\"summary\":\"ok\",\"findings\":[]}"}}
            {"type":"turn.completed","usage":{"input_tokens":200,"cached_input_tokens":20,"output_tokens":7,"reasoning_output_tokens":3}}
            """;

        var response = _dialect.Interpret(Output(stdout), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal("""{"verdict":"approve","summary":"ok","findings":[]}""", response.Text);
        Assert.Equal(new TokenUsage(300, 30, 12), response.Usage);
    }

    [Fact]
    public void Interpret_RecordedKeyRefused_SaysToLogIn()
    {
        var response = _dialect.Interpret(Output(RecordedOutputs.CodexKeyRefused, exitCode: 1), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("codex is not logged in or its key was refused: run `codex login`", response.Error, StringComparison.Ordinal);
        Assert.Contains("401 Unauthorized", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Interpret_TurnFailed_FailsWithItsMessage()
    {
        var stdout = """
            {"type":"turn.started"}
            {"type":"turn.failed","error":{"message":"stream disconnected before completion"}}
            """;

        var response = _dialect.Interpret(Output(stdout, exitCode: 1), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal("codex failed: stream disconnected before completion", response.Error);
    }

    [Theory]
    [InlineData("Segmentation fault", 0, "", "codex failed: codex printed no final message: Segmentation fault")]
    [InlineData("Segmentation fault", 139, "", "codex failed: 'codex' exited with code 139; it printed nothing on stderr")]
    [InlineData("", 1, "Error: unexpected argument '--bogus'", "codex failed: 'codex' exited with code 1; stderr: Error: unexpected argument '--bogus'")]
    [InlineData("", 0, "", "codex failed: 'codex' exited with code 0; it printed nothing on stderr")]
    [InlineData("", 2, "", "codex failed: 'codex' exited with code 2; it printed nothing on stderr")]
    public void Interpret_NoFinalMessage_FailsWithWhatCodexSaid(string stdout, int exitCode, string stderr, string expected)
    {
        var response = _dialect.Interpret(Output(stdout, exitCode, stderr), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal(expected, response.Error);
    }

    [Fact]
    public void Interpret_MessageButNonZeroExit_IsNeverAPass()
    {
        var response = _dialect.Interpret(Output(RecordedOutputs.CodexSuccess, exitCode: 1, stderr: "panicked at shutdown"), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal("codex failed: 'codex' exited with code 1; stderr: panicked at shutdown", response.Error);
        Assert.Equal(new TokenUsage(1200, 200, 300), response.Usage);
    }

    private const string ScriptedReview = """{"verdict":"approve","summary":"fine","findings":[]}""";
}
