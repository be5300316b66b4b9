using CrossReview.Budget;
using CrossReview.Findings;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using static CrossReview.Tests.Reviewers.AgentCli.DialectTestKit;

namespace CrossReview.Tests.Reviewers.AgentCli;

public sealed class GeminiDialectTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();
    private readonly GeminiDialect _dialect = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Build_WithModel_HeadlessJsonPlanModeAndPromptOnStdin()
    {
        var invocation = _dialect.Build(Prompt, Context(_scratch.Path, "gemini-2.5-pro", "high"));

        Assert.Equal(
            ["-p", GeminiDialect.PromptFlagText, "-o", "json", "--approval-mode", "plan",
                "--admin-policy", Path.Combine(_scratch.Path, "crossreview-read-only.toml"), "--skip-trust", "--include-directories", "/repo/root", "-m", "gemini-2.5-pro"],
            invocation.Arguments);
        Assert.Equal(GeminiDialect.ReadOnlyPolicy, File.ReadAllText(Path.Combine(_scratch.Path, "crossreview-read-only.toml")).ReplaceLineEndings());
        Assert.StartsWith(SystemText + "\n\n" + UserText + "\n\nThe repository under review is /repo/root", invocation.StandardInput, StringComparison.Ordinal);
        Assert.Equal(_scratch.Path, invocation.WorkingDirectory);
        Assert.Equal((ReviewerProviders.Gemini, "gemini", "plan"), (_dialect.Provider, _dialect.Executable, _dialect.Sandbox));
        Assert.Contains("npm install -g @google/gemini-cli", _dialect.InstallHint, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoModel_NoModelFlag()
    {
        Assert.DoesNotContain("-m", _dialect.Build(Prompt, Context(_scratch.Path)).Arguments);
    }

    [Fact]
    public void Interpret_RecordedSuccess_ResponseTextAndUsage()
    {
        var response = _dialect.Interpret(Output(RecordedOutputs.GeminiSuccess), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal(new TokenUsage(9000, 2000, 400), response.Usage);
        Assert.Equal("gemini-2.5-pro", response.Model);
        Assert.Equal("calc.py", Assert.Single(ReviewResponseParser.Parse(response.Text).Review!.Findings).File);
    }

    [Fact]
    public void Interpret_RouterCallAndThoughts_UsageOverModelsAndTheModelThatWrote()
    {
        var response = _dialect.Interpret(Output(RecordedOutputs.GeminiWithRouterCall), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        // prompt counts cached input; thoughts are output.
        Assert.Equal(new TokenUsage(900 + 9000, 2000, 12 + 400 + 250), response.Usage);
        Assert.Equal("gemini-2.5-pro", response.Model);
    }

    [Fact]
    public void Interpret_RecordedErrorObjectAtTheEndOfStderr_SaysToLogIn()
    {
        var response = _dialect.Interpret(Output("", exitCode: 145, stderr: RecordedOutputs.GeminiKeyRefusedStderr), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("gemini is not logged in or its key was refused", response.Error, StringComparison.Ordinal);
        Assert.Contains("invalid x-api-key", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Interpret_ErrorObjectWithoutAuthCode_FailsWithItsMessage()
    {
        const string stderr = "Warning: something\n{\n  \"session_id\": \"s\",\n  \"error\": { \"type\": \"Error\", \"message\": \"quota exceeded\", \"code\": 429 }\n}\n";

        var response = _dialect.Interpret(Output("", exitCode: 1, stderr: stderr), Context(_scratch.Path));

        Assert.Equal("gemini failed: quota exceeded", response.Error);
    }

    [Theory]
    [InlineData("garbage", 0, "", "gemini failed: gemini printed no response JSON: garbage")]
    [InlineData("", 41, "Invalid auth method selected.", "gemini is not logged in or its key was refused: run `gemini` to log in, or set GEMINI_API_KEY ('gemini' exited with code 41; stderr: Invalid auth method selected.)")]
    [InlineData("{\"session_id\":\"s\"}", 0, "", "gemini failed: gemini printed no response JSON: {\"session_id\":\"s\"}")]
    public void Interpret_NoResponse_Fails(string stdout, int exitCode, string stderr, string expected)
    {
        var response = _dialect.Interpret(Output(stdout, exitCode, stderr), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal(expected, response.Error);
    }

    [Fact]
    public void Interpret_ResponseButNonZeroExit_IsNeverAPass()
    {
        var response = _dialect.Interpret(Output(RecordedOutputs.GeminiSuccess, exitCode: 1, stderr: "crashed"), Context(_scratch.Path));

        Assert.Equal(ReviewerStatus.Failed, response.Status);
    }
}
