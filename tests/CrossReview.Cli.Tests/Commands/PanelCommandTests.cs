using System.Text.Json;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests;

/// <summary>The panel command end to end: the built CLI as a process, three chat reviewers on the scripted server.</summary>
public sealed class PanelCommandTests
{
    private static readonly string[] Models = ["model-alpha", "model-bravo", "model-charlie"];

    private static Dictionary<string, string?> Keys() => new() { ["OPENAI_API_KEY"] = ReviewFixture.Key };

    private static string Spec(string model, ScriptedModelServer server) => $"openai-chat:{model}@{server.OpenAIBaseUrl}";

    private static string SchemaOf(RecordedRequest request) => request.FindString("response_format", "json_schema", "name") ?? "";

    /// <summary>What the model was shown: the text of every message, without the request's own model field.</summary>
    private static string MessagesOf(RecordedRequest request) => string.Join("\n",
        request.Json!.Value.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("content").ToString()));

    private static string Review(params string[] findings) =>
        $$"""{"verdict":"request_changes","summary":"s","findings":[{{string.Join(",", findings)}}]}""";

    private static string Finding(string title, string category, string severity, int line) =>
        $$"""{"title":"{{title}}","body":"b","severity":"{{severity}}","category":"{{category}}","file":"{{ReviewFixture.File}}","start_line":{{line}},"end_line":{{line}}}""";

    /// <summary>
    /// Alpha and bravo raise the injection a line apart; charlie raises a false positive two lines above it (cluster
    /// P1, by line order) that alpha and bravo dismiss, and confirms the injection (P2).
    /// </summary>
    private static ScriptedReply Answer(RecordedRequest request, ReviewFixture fixture)
    {
        var line = fixture.InjectionLine;
        var model = request.Model;
        if (SchemaOf(request) == "crossreview_review")
        {
            return ScriptedReply.Text(model switch
            {
                "model-alpha" => Review(Finding("SQL injection through name", "security", "critical", line)),
                "model-bravo" => Review(Finding("SQL injection in find_user query", "security", "major", line + 1)),
                _ => Review(Finding("Connection is never closed", "resource", "minor", line - 1)),
            }).WithUsage(1000, 0, 100);
        }

        return ScriptedReply.Text(model == "model-charlie"
            ? """{"votes":[{"finding_id":"P2","vote":"confirm","reason":"name is interpolated"}],"new_findings":[]}"""
            : """{"votes":[{"finding_id":"P1","vote":"dismiss","reason":"sqlite closes it with the process"}],"new_findings":[]}""").WithUsage(300, 0, 50);
    }

    [Fact]
    public async Task Panel_ThreeChatReviewers_BlindVotesAndStatusesAndFailOnExit1()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script = request => request.Endpoint is null ? null : Answer(request, fixture);

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "panel",
            "--reviewers", string.Join(",", Models.Select(m => Spec(m, server))), "--format", "json", "--fail-on", "major");

        Assert.True(result.ExitCode == 1, result.ToString());
        var requests = server.ModelRequests(ModelEndpoint.ChatCompletions);
        var votes = requests.Where(r => SchemaOf(r) == "crossreview_vote").ToList();
        Assert.Equal(3, votes.Count);
        Assert.Equal(3, requests.Count(r => SchemaOf(r) == "crossreview_review"));
        foreach (var vote in votes)
        {
            var shown = MessagesOf(vote);
            Assert.All(Models, m => Assert.DoesNotContain(m, shown, StringComparison.Ordinal));
        }

        using var report = JsonDocument.Parse(result.StdOut);
        var root = report.RootElement;
        Assert.Equal("panel", root.GetProperty("mode").GetString());
        Assert.Equal(2, root.GetProperty("rounds").GetInt32());
        Assert.Equal("request_changes", root.GetProperty("verdict").GetString());
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        var injection = Assert.Single(findings, f => f.GetProperty("status").GetString() == "confirmed");
        Assert.Equal(2, injection.GetProperty("reviewers").GetArrayLength());
        var confirm = Assert.Single(injection.GetProperty("votes").EnumerateArray());
        Assert.Equal("confirm", confirm.GetProperty("vote").GetString());
        var dismissed = Assert.Single(findings, f => f.GetProperty("status").GetString() == "dismissed");
        Assert.Equal("sqlite closes it with the process", dismissed.GetProperty("dismissal_reason").GetString());
        Assert.Equal(2, dismissed.GetProperty("votes").GetArrayLength());
        Assert.Equal(["general", "callers", "contracts"], root.GetProperty("reviewers").EnumerateArray().Select(r => r.GetProperty("role").GetString()));
        Assert.Equal(3 * 1000 + 3 * 300, root.GetProperty("usage").GetProperty("input_tokens").GetInt64());
    }

    [Fact]
    public async Task Panel_OnlyDismissedFinding_FailOnDoesNotCountItAndExits0()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script = request => request.Endpoint is null ? null : SchemaOf(request) == "crossreview_review"
            ? ScriptedReply.Text(request.Model == "model-charlie"
                ? Review(Finding("Connection is never closed", "resource", "major", fixture.InjectionLine - 1))
                : """{"verdict":"approve","summary":"fine","findings":[]}""")
            : ScriptedReply.Text("""{"votes":[{"finding_id":"P1","vote":"dismiss","reason":"not a leak"}],"new_findings":[]}""");

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "panel",
            "--reviewers", string.Join(",", Models.Select(m => Spec(m, server))), "--format", "json", "--fail-on", "minor");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("dismissed", Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray()).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("--quorum", "4")]
    [InlineData("--rounds", "0")]
    public async Task Panel_QuorumAboveReviewersOrNoRounds_Exits2WithoutCallingModels(string option, string value)
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "panel",
            "--reviewers", string.Join(",", Models.Select(m => Spec(m, server))), option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(option, result.StdErr, StringComparison.Ordinal);
        Assert.Empty(server.ModelRequests());
    }

    [Fact]
    public async Task Panel_ProfileWithRoundsAndRole_OneRoundAndImpactFindingIsIntegration()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(fixture.InjectionReview());
        var home = Directory.CreateTempSubdirectory("crossreview-panel-home-").FullName;
        try
        {
            fixture.Repo.WriteFile(".crossreview.toml", $"""
                [reviewers.x]
                provider = "openai-chat"
                model = "gpt-4.1"
                base_url = "{server.OpenAIBaseUrl}"
                role = "impact"

                [reviewers.y]
                provider = "openai-chat"
                model = "gpt-4.1-mini"
                base_url = "{server.OpenAIBaseUrl}"

                [profiles.pair]
                reviewers = ["x", "y"]
                rounds = 1
                quorum = 2
                """);
            await fixture.Repo.GitAsync("add", ".crossreview.toml");
            await fixture.Repo.GitAsync("commit", "-q", "-m", "config");

            var result = await CliProcess.RunAsync(fixture.Repo.Root,
                new Dictionary<string, string?> { ["HOME"] = home, ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config") }, null,
                "panel", "--profile", "pair", "--format", "json", "--fail-on", "major");

            Assert.True(result.ExitCode == 1, result.ToString());
            Assert.Equal(2, server.ModelRequests(ModelEndpoint.ChatCompletions).Count);
            using var report = JsonDocument.Parse(result.StdOut);
            var root = report.RootElement;
            Assert.Equal(1, root.GetProperty("rounds").GetInt32());
            Assert.Equal(["impact", "callers"], root.GetProperty("reviewers").EnumerateArray().Select(r => r.GetProperty("role").GetString()));
            Assert.Equal("integration", Assert.Single(root.GetProperty("findings").EnumerateArray()).GetProperty("status").GetString());
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
