using System.Text;
using System.Text.Json;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests;

/// <summary><c>adversarial</c> and <c>review --mode security</c> end to end: the built CLI, the scripted server, the request it received.</summary>
public sealed class AdversarialCommandTests
{
    private const string AdversarialStance = "# Stance: argue against shipping";
    private const string SecurityStance = "# Security audit scope";
    private const string ReviewStance = "# What to look for";

    private static Dictionary<string, string?> Keys() => new() { ["OPENAI_API_KEY"] = ReviewFixture.Key };

    private static string Spec(ScriptedModelServer server) => $"openai-chat:gpt-4.1@{server.OpenAIBaseUrl}";

    /// <summary>Every string in the request body, unescaped and joined, so prompt text can be found whatever the wire's JSON escaping.</summary>
    private static string PromptText(RecordedRequest request)
    {
        using var body = JsonDocument.Parse(request.Body);
        var text = new StringBuilder();
        Collect(body.RootElement, text);
        return text.ToString();
    }

    private static void Collect(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                text.Append(element.GetString()).Append('\n');
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    Collect(property.Value, text);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, text);
                }

                break;
        }
    }

    [Fact]
    public async Task Adversarial_TrailingFocusText_SentWithAdversarialStanceAndReportModeAdversarial()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview()));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "adversarial", "--base", "HEAD",
            "--reviewer", Spec(server), "--format", "json", "--fail-on", "major", "Focus", "on", "security", "and", "error", "handling");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("adversarial", report.RootElement.GetProperty("mode").GetString());
        Assert.Equal("base", report.RootElement.GetProperty("target").GetProperty("kind").GetString());
        Assert.Equal("request_changes", report.RootElement.GetProperty("verdict").GetString());
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal(fixture.InjectionLine, finding.GetProperty("start_line").GetInt32());

        var request = Assert.Single(server.ModelRequests());
        Assert.Equal("crossreview_review", request.FindString("response_format", "json_schema", "name"));
        var prompt = PromptText(request);
        Assert.Contains(AdversarialStance, prompt, StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewStance, prompt, StringComparison.Ordinal);
        Assert.DoesNotContain(SecurityStance, prompt, StringComparison.Ordinal);
        var focusAt = prompt.IndexOf("pay particular attention to:\nFocus on security and error handling\n", StringComparison.Ordinal);
        Assert.True(focusAt >= 0, prompt);
        Assert.True(focusAt < prompt.IndexOf("<<<CROSSREVIEW UNTRUSTED DATA BEGIN", StringComparison.Ordinal), "the focus is the user's guidance, outside the fence");
        Assert.Contains("find_user", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adversarial_FocusOptionAndWordsAfterDoubleDash_BothSent()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text("""{"verdict":"approve","summary":"No defensible case against shipping.","findings":[]}"""));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "adversarial", "--reviewer", Spec(server),
            "--focus", "rollback of the schema", "--format", "json", "--fail-on", "info", "--", "--dry-run", "is", "not", "meant", "here");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("adversarial", report.RootElement.GetProperty("mode").GetString());
        Assert.Equal("approve", report.RootElement.GetProperty("verdict").GetString());
        var prompt = PromptText(Assert.Single(server.ModelRequests()));
        Assert.Contains("pay particular attention to:\nrollback of the schema\n--dry-run is not meant here\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adversarial_ProseOnlyAnswer_Exits3NeverAPass()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text("I could not find anything to argue against. Ship it."));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "adversarial", "--reviewer", Spec(server), "--format", "json");

        Assert.True(result.ExitCode == 3, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("error", report.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("adversarial", report.RootElement.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task Adversarial_DryRun_Exits0NoModelCalledModeAdversarial()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "adversarial", "--dry-run", "--reviewer", Spec(server),
            "--format", "json", "--fail-on", "minor", "data", "loss");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(server.ModelRequests());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("adversarial", report.RootElement.GetProperty("mode").GetString());
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("verdict").ValueKind);
        Assert.Equal("skipped", report.RootElement.GetProperty("reviewers")[0].GetProperty("status").GetString());
        var file = Assert.Single(report.RootElement.GetProperty("target").GetProperty("files").EnumerateArray());
        Assert.Equal(ReviewFixture.File, file.GetProperty("path").GetString());
    }

    [Theory]
    [InlineData("--mode", "security")]
    [InlineData("--fial-on", "major")]
    public async Task Adversarial_OptionItDoesNotHave_Exits2InsteadOfBecomingFocus(string option, string value)
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "adversarial", "--reviewer", Spec(server), option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(option, result.StdErr, StringComparison.Ordinal);
        Assert.Empty(server.ModelRequests());
    }

    [Theory]
    [InlineData("security", SecurityStance, new[] { AdversarialStance, ReviewStance })]
    [InlineData("standard", ReviewStance, new[] { AdversarialStance, SecurityStance })]
    public async Task Review_Mode_SendsThatModesPromptAndReportModeReview(string mode, string stance, string[] absent)
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview()));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--mode", mode,
            "--reviewer", Spec(server), "--format", "json", "--fail-on", "critical", "--focus", "the login handler");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("review", report.RootElement.GetProperty("mode").GetString());
        var prompt = PromptText(Assert.Single(server.ModelRequests()));
        Assert.Contains(stance, prompt, StringComparison.Ordinal);
        Assert.All(absent, a => Assert.DoesNotContain(a, prompt, StringComparison.Ordinal));
        Assert.Contains("pay particular attention to:\nthe login handler\n", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Adversarial_Help_ListsTheReviewOptionsAndFocusButNoMode()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "adversarial", "--help");
        var root = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        foreach (var option in new[]
                 {
                     "--uncommitted", "--base", "--commit", "--range", "--diff", "-C", "--reviewer", "--profile", "--author", "--timeout",
                     "--focus", "--dry-run", "--format", "--output", "--fail-on", "<FOCUS>", "devil's advocate",
                 })
        {
            Assert.Contains(option, result.StdOut, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("--mode", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("adversarial", root.StdOut, StringComparison.Ordinal);
    }
}
