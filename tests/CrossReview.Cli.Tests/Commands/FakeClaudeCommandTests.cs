using System.Text.Json;
using CrossReview.Testing;
using FakeAgentProgram = CrossReview.FakeAgent.Program;

namespace CrossReview.Tests;

/// <summary>
/// <c>--reviewer claude</c> with the fake agent on PATH under the name <c>claude</c>: the real claude dialect reads what
/// the fake prints, so claude's failure shapes are tested through the whole CLI without a model server.
/// </summary>
public sealed class FakeClaudeCommandTests
{
    [Fact]
    public async Task Review_ClaudeSucceedsWithoutStructuredOutput_ReviewerFailedExit3NeverAPass()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        using var machine = new IsolatedMachine();
        FakeAgentCli.WriteExecutable(machine.Bin, "claude");
        var record = Path.Combine(machine.Home, "claude-record.json");
        var environment = machine.With(
            (FakeAgentProgram.ModeVariable, "claude-no-structured-output"),
            (FakeAgentProgram.RecordVariable, record));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, environment, null, "review", "--reviewer", "claude", "--format", "json");

        Assert.True(result.ExitCode == 3, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("error", report.RootElement.GetProperty("verdict").GetString());
        Assert.Empty(report.RootElement.GetProperty("findings").EnumerateArray());
        var reviewer = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray());
        Assert.Equal(("claude", "failed"), (reviewer.GetProperty("provider").GetString(), reviewer.GetProperty("status").GetString()));
        Assert.StartsWith("claude answered without structured output", reviewer.GetProperty("error").GetString(), StringComparison.Ordinal);
        // What claude did spend is kept even though the review failed.
        using var printed = JsonDocument.Parse(FakeAgentProgram.ClaudeResultWithoutStructuredOutput);
        Assert.Equal(printed.RootElement.GetProperty("total_cost_usd").GetDecimal(), reviewer.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(FakeAgentProgram.Version, reviewer.GetProperty("version").GetString());
        Assert.Equal("plan", reviewer.GetProperty("sandbox").GetString());

        // It was started as claude is: -p, the prompt on stdin.
        using var recorded = JsonDocument.Parse(File.ReadAllText(record));
        Assert.Equal("-p", recorded.RootElement.GetProperty("argv")[0].GetString());
        Assert.Contains("find_user", recorded.RootElement.GetProperty("stdin").GetString(), StringComparison.Ordinal);
    }
}
