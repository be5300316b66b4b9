using System.Text.Json;
using System.Text.Json.Nodes;
using CrossReview.Budget;
using CrossReview.Findings;
using CrossReview.Prompts;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using static CrossReview.Tests.Reviewers.AgentCli.DialectTestKit;

namespace CrossReview.Tests.Reviewers.AgentCli;

public sealed class ClaudeDialectTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly ClaudeDialect _dialect = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Build_WithModelEffortAndBudget_PrintModeReadOnlyToolsPlanModeAndPromptOnStdin()
    {
        var invocation = _dialect.Build(Prompt, Context(_scratch.Path, "claude-sonnet-4-5", "high", 2.50m));

        Assert.Equal(
            ["-p", "--output-format", "json", "--json-schema", JsonSerializer.Serialize(PromptResources.ReviewSchema),
             "--permission-mode", "plan", "--tools", "Read,Grep,Glob", "--disallowedTools", "Bash,Edit,Write,NotebookEdit,WebFetch,WebSearch",
             "--strict-mcp-config", "--setting-sources", "user", "--no-session-persistence",
             "--model", "claude-sonnet-4-5", "--effort", "high", "--max-budget-usd", "2.50"],
            invocation.Arguments);
        Assert.Equal(SystemText + "\n\n" + UserText, invocation.StandardInput);
        Assert.Contains('\n', PromptResources.ReviewSchema.GetRawText());
        Assert.All(invocation.Arguments, a => Assert.DoesNotContain('\n', a));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PromptResources.ReviewSchema.GetRawText()), JsonNode.Parse(DialectTestKit.After(invocation.Arguments, "--json-schema"))));
        Assert.DoesNotContain(invocation.Arguments, a => a.Contains("USER-CHANGE", StringComparison.Ordinal) || a.Contains("SYSTEM-INSTRUCTIONS", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_NoBudget_NoBudgetFlag()
    {
        var arguments = _dialect.Build(Prompt, Context(_scratch.Path)).Arguments;

        Assert.DoesNotContain("--max-budget-usd", arguments);
        Assert.DoesNotContain("--model", arguments);
        Assert.DoesNotContain("--effort", arguments);
        Assert.Equal("plan", After(arguments, "--permission-mode"));
    }

    [Fact]
    public void Contract_SandboxIsThePermissionMode()
    {
        Assert.Equal((ReviewerProviders.Claude, "claude", "plan"), (_dialect.Provider, _dialect.Executable, _dialect.Sandbox));
        Assert.Contains("npm install -g @anthropic-ai/claude-code", _dialect.InstallHint, StringComparison.Ordinal);
        Assert.Equal(["--version"], _dialect.VersionArguments);
    }

    [Fact]
    public void Interpret_RecordedSuccess_StructuredOutputUsageCostAndModel()
    {
        var response = _dialect.Interpret(Output(RecordedOutputs.ClaudeSuccess), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal(new TokenUsage(6000, 1000, 500), response.Usage);
        Assert.Equal(0.0228m, response.ReportedCostUsd);
        Assert.Equal("claude-sonnet-4-5", response.Model);
        var structured = JsonNode.Parse(RecordedOutputs.ClaudeSuccess)!["structured_output"];
        Assert.True(JsonNode.DeepEquals(structured, JsonNode.Parse(response.Text!)));
        Assert.Equal(3, Assert.Single(ReviewResponseParser.Parse(response.Text).Review!.Findings).StartLine);
    }

    [Fact]
    public void Interpret_RecordedTextOnly_FailsWithoutStructuredOutputButKeepsCost()
    {
        var response = _dialect.Interpret(Output(RecordedOutputs.ClaudeTextOnly), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("claude answered without structured output", response.Error, StringComparison.Ordinal);
        Assert.Equal(new TokenUsage(14089, 0, 202), response.Usage);
        Assert.Equal(0.07549499999999999m, response.ReportedCostUsd);
        // claude names a model with its context window appended; the report wants the model.
        Assert.Equal("claude-opus-4-8", response.Model);
    }

    [Fact]
    public void Interpret_RecordedKeyRefused_SaysToLogIn()
    {
        var response = _dialect.Interpret(Output(RecordedOutputs.ClaudeKeyRefused, exitCode: 1), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal(
            "claude is not logged in or its key was refused: run `claude` and /login, or set ANTHROPIC_API_KEY (Invalid API key · Fix external API key)",
            response.Error);
    }

    [Fact]
    public void Interpret_ErrorSubtype_FailsWithIt()
    {
        const string stdout = """{"type":"result","subtype":"error_max_budget_usd","is_error":true,"num_turns":3,"total_cost_usd":1.02,"usage":{"input_tokens":90000,"output_tokens":800}}""";

        var response = _dialect.Interpret(Output(stdout, exitCode: 1), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal("claude failed: claude stopped with error_max_budget_usd", response.Error);
        Assert.Equal(1.02m, response.ReportedCostUsd);
        Assert.Equal(new TokenUsage(90000, 0, 800), response.Usage);
    }

    [Theory]
    [InlineData("Welcome to Claude Code!\nnot json", 0, "", "claude failed: claude printed no result JSON: Welcome to Claude Code! not json")]
    [InlineData("", 1, "Error: Invalid API key · Please run /login", "claude is not logged in or its key was refused: run `claude` and /login, or set ANTHROPIC_API_KEY ('claude' exited with code 1; stderr: Error: Invalid API key · Please run /login)")]
    [InlineData("", 137, "", "claude failed: 'claude' exited with code 137; it printed nothing on stderr")]
    public void Interpret_NoResultObject_Fails(string stdout, int exitCode, string stderr, string expected)
    {
        var response = _dialect.Interpret(Output(stdout, exitCode, stderr), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal(expected, response.Error);
    }

    [Fact]
    public void Interpret_WarningLinesBeforeTheResult_ReadsTheResult()
    {
        var response = _dialect.Interpret(Output("[warn] settings file ignored\n" + RecordedOutputs.ClaudeSuccess.ReplaceLineEndings(" ")), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Ok, response.Status);
    }
}
