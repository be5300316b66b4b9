using System.Globalization;
using System.Text.Json;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests;

/// <summary><c>--sarif FILE</c> end to end: the built CLI, a real repository, a SARIF log and a model on the scripted server.</summary>
public sealed class ReviewSarifTests : IDisposable
{
    private const string Rule = "python.lang.security.audit.formatted-sql-query.formatted-sql-query";

    private readonly DirectoryInfo _logs = Directory.CreateTempSubdirectory("crossreview-sarif-cli-");

    /// <summary>
    /// A Semgrep-shaped log with the injection's line (changed; a warning) and the connect() line (unchanged; an error)
    /// of <see cref="ReviewFixture.File"/>, written outside the repository. Returns its path relative to the repository.
    /// </summary>
    private string WriteLog(ReviewFixture fixture)
    {
        var connectLine = File.ReadAllLines(fixture.Repo.FullPath(ReviewFixture.File)).ToList().FindIndex(l => l.Contains("sqlite3.connect", StringComparison.Ordinal)) + 1;
        var log = Path.Combine(_logs.FullName, "semgrep.sarif");
        File.WriteAllText(log, """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"Semgrep OSS","semanticVersion":"1.97.0","rules":[
              {"id":"RULE","defaultConfiguration":{"level":"warning"},"properties":{"tags":["security"]},
               "help":{"text":"Use parameterized queries."}},
              {"id":"rules.sqlite-connect-without-timeout","defaultConfiguration":{"level":"error"}}]}},
             "results":[
              {"ruleId":"RULE","message":{"text":"Detected possible formatted SQL query."},
               "locations":[{"physicalLocation":{"artifactLocation":{"uri":"FILE"},"region":{"startLine":INJECTION_LINE,"endLine":INJECTION_LINE}}}]},
              {"ruleId":"rules.sqlite-connect-without-timeout","message":{"text":"sqlite3.connect() without a timeout."},
               "locations":[{"physicalLocation":{"artifactLocation":{"uri":"FILE"},"region":{"startLine":CONNECT_LINE}}}]}]}]}
            """
            .Replace("RULE", Rule, StringComparison.Ordinal)
            .Replace("FILE", ReviewFixture.File, StringComparison.Ordinal)
            .Replace("INJECTION_LINE", fixture.InjectionLine.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("CONNECT_LINE", connectLine.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal));
        return Path.GetRelativePath(fixture.Repo.Root, log);
    }

    /// <summary>A folder where a path relative to the repository would not resolve, so only <c>-C</c> can make it work.</summary>
    private string ElsewhereDirectory() => Directory.CreateDirectory(Path.Combine(_logs.FullName, "cwd", "nested")).FullName;

    [Fact]
    public async Task Review_SarifAndModelReportSameIssue_OneFindingWithBothReviewersFailOnCriticalExits1()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview()).WithUsage(1200, 0, 150));
        var log = WriteLog(fixture);
        var model = $"openai-chat:gpt-4.1@{server.OpenAIBaseUrl}";

        var result = await CliProcess.RunAsync(ElsewhereDirectory(), new Dictionary<string, string?> { ["OPENAI_API_KEY"] = ReviewFixture.Key }, null,
            "review", "-C", fixture.Repo.Root, "--sarif", log, "--reviewer", model, "--format", "json", "--fail-on", "critical");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        var root = report.RootElement;
        Assert.Equal("request_changes", root.GetProperty("verdict").GetString());
        Assert.True(root.GetProperty("complete").GetBoolean());
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray());
        Assert.Equal(["sarif:" + log, model], finding.GetProperty("reviewers").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        Assert.StartsWith(Rule + ": ", finding.GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal((ReviewFixture.File, fixture.InjectionLine), (finding.GetProperty("file").GetString(), finding.GetProperty("start_line").GetInt32()));
        Assert.StartsWith("Use a parameterized query", finding.GetProperty("recommendation").GetString(), StringComparison.Ordinal);

        var analyzer = root.GetProperty("reviewers").EnumerateArray().Single(r => r.GetProperty("provider").GetString() == "sarif");
        Assert.Equal(("sarif:" + log, "Semgrep OSS 1.97.0", "1.97.0", "ok"),
            (analyzer.GetProperty("name").GetString(), analyzer.GetProperty("model").GetString(), analyzer.GetProperty("version").GetString(), analyzer.GetProperty("status").GetString()));
        Assert.Equal((2, 1), (analyzer.GetProperty("findings_reported").GetInt32(), analyzer.GetProperty("findings_dropped").GetInt32()));
        Assert.Equal("not on a changed line", analyzer.GetProperty("dropped")[0].GetProperty("reason").GetString());
        Assert.Equal(0m, analyzer.GetProperty("cost_usd").GetDecimal());
        Assert.Single(server.ModelRequests());
    }

    [Fact]
    public async Task Review_SarifAloneNoModelAvailable_AnalyzerReviewsAndUnchangedLineErrorDoesNotFail()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var log = WriteLog(fixture);

        var result = await CliProcess.RunAsync(ElsewhereDirectory(), null, null,
            "review", "-C", fixture.Repo.Root, "--sarif", log, "--format", "json", "--fail-on", "major");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("no model reviewer is available", result.StdErr, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(result.StdOut);
        var root = report.RootElement;
        Assert.True(root.GetProperty("complete").GetBoolean());
        Assert.Equal("request_changes", root.GetProperty("verdict").GetString());
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray());
        Assert.Equal(("minor", "security"), (finding.GetProperty("severity").GetString(), finding.GetProperty("category").GetString()));
        Assert.Equal("sarif", Assert.Single(root.GetProperty("reviewers").EnumerateArray()).GetProperty("provider").GetString());
    }

    [Fact]
    public async Task Review_SarifFileMissing_Exits2NamingIt()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "review", "--sarif", "out/none.sarif", "--format", "json");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"SARIF log not found: {Path.Combine(fixture.Repo.Root, "out", "none.sarif")}", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_DryRunWithSarif_LogCheckedNothingWouldStopIt()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var log = WriteLog(fixture);

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "review", "--sarif", log, "--dry-run", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        var reviewer = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray());
        Assert.Equal(("skipped", "dry run: no model was called"), (reviewer.GetProperty("status").GetString(), reviewer.GetProperty("error").GetString()));
    }

    [Fact]
    public async Task Review_DryRunWithBrokenSarif_ReportSaysWhatWouldStopIt()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var log = Path.Combine(_logs.FullName, "old.sarif");
        File.WriteAllText(log, """{"version":"1.0.0","runs":[]}""");

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "review", "--sarif", log, "--dry-run", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        var error = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray()).GetProperty("error").GetString();
        Assert.Contains($"a real run would stop: SARIF log {log} is SARIF version \"1.0.0\", not 2.1.0", error, StringComparison.Ordinal);
    }

    public void Dispose() => _logs.Delete(recursive: true);
}
