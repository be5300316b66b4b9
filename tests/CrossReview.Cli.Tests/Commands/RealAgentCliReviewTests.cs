using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrossReview.Budget;
using CrossReview.Findings;
using CrossReview.Prompts;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing.AgentClis;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests;

/// <summary>
/// <c>crossreview review</c> as a user runs it, with the real <c>codex</c> and <c>claude</c> from npm as reviewers: each
/// is found on PATH (through a wrapper that records its argv and execs the real binary), reuses the login its own home
/// holds (here: the scripted server on 127.0.0.1 and a dummy key), and its answer lands in the JSON report.
/// </summary>
public sealed class RealAgentCliReviewTests
{
    private const string StructuredOutputTool = "StructuredOutput";

    /// <summary>Not in crossreview's price table: a cost in the report can only be claude's own <c>total_cost_usd</c>.</summary>
    private const string ClaudeModel = "claude-opus-4-8";

    /// <summary>In crossreview's price table: codex reports tokens only, so the cost is computed from the table.</summary>
    private const string CodexModel = "gpt-5.2";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Review_RealCodex_SeededBugAnchoredUsageCostVersionAndReadOnlyArgv(bool failOnMajor)
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        var scripted = new TokenUsage(1200, 200, 300);
        server.Enqueue(ScriptedReply.Text(SchemaValidReview(fixture)).WithUsage(scripted.InputTokens, scripted.CachedInputTokens, scripted.OutputTokens), ModelEndpoint.Responses);
        using var home = AgentCliHome.ForCodex(server.OpenAIBaseUrl);
        using var recorder = ArgvRecorder.Create(AgentClis.Codex);

        var result = await ReviewAsync(fixture, home, recorder, $"codex:{CodexModel}", failOnMajor);

        Assert.True(result.ExitCode == (failOnMajor ? 1 : 0), result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        AssertInjectionFound(report.RootElement, fixture);
        var reviewer = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray());
        Assert.Equal(("ok", "codex", CodexModel), (reviewer.GetProperty("status").GetString(), reviewer.GetProperty("provider").GetString(), reviewer.GetProperty("model").GetString()));
        Assert.Equal(scripted, Usage(reviewer));
        var cost = PriceTable.Default.Cost(CodexModel, scripted);
        Assert.NotNull(cost);
        Assert.Equal(cost.Value, reviewer.GetProperty("cost_usd").GetDecimal());
        Assert.Contains(AgentClis.PinnedVersion(AgentClis.Codex), reviewer.GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.Equal("read-only", reviewer.GetProperty("sandbox").GetString());

        var argv = ReviewInvocation(recorder, AgentClis.Codex);
        Assert.Equal("exec", argv[0]);
        Assert.DoesNotContain("review", argv);
        Assert.Equal("read-only", After(argv, "-s"));
        Assert.Contains("--ephemeral", argv);
        Assert.Equal(".json", Path.GetExtension(After(argv, "--output-schema")));
        Assert.Equal(fixture.Repo.Root, After(argv, "-C"));
        Assert.Equal(CodexModel, After(argv, "-m"));
        Assert.Equal("-", argv[^1]);
        AssertPromptNotInArgv(argv);
        Assert.Contains("find_user", Assert.Single(server.ModelRequests(ModelEndpoint.Responses)).Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Review_RealClaude_SeededBugAnchoredUsageClaudesCostVersionAndReadOnlyArgv(bool failOnMajor)
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        var review = SchemaValidReview(fixture);
        server.Script = request => ClaudeReply(request, review);
        using var home = AgentCliHome.ForClaude(server.Root).With("CLAUDE_CODE_MAX_RETRIES", "0");
        using var recorder = ArgvRecorder.Create(AgentClis.Claude);

        var result = await ReviewAsync(fixture, home, recorder, $"claude:{ClaudeModel}", failOnMajor);

        Assert.True(result.ExitCode == (failOnMajor ? 1 : 0), result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        AssertInjectionFound(report.RootElement, fixture);
        var reviewer = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray());
        Assert.Equal(("ok", "claude", ClaudeModel), (reviewer.GetProperty("status").GetString(), reviewer.GetProperty("provider").GetString(), reviewer.GetProperty("model").GetString()));

        // Every model call claude made, with the usage the server scripted for it, summed.
        var calls = server.ModelRequests(ModelEndpoint.AnthropicMessages);
        Assert.NotEmpty(calls);
        var scripted = calls.Select(c => ClaudeReply(c, review)!.Usage!).ToList();
        var expected = new TokenUsage(scripted.Sum(u => u.InputTokens), scripted.Sum(u => u.CachedInputTokens), scripted.Sum(u => u.OutputTokens));
        Assert.Equal(expected, Usage(reviewer));
        // claude prices the tokens itself ($5 input, $0.50 cache read, $25 output per million for this model); our table
        // does not know the model, so this figure is claude's total_cost_usd carried into the report.
        Assert.Null(PriceTable.Default.Find(ClaudeModel));
        var claudeCost = ((expected.InputTokens - expected.CachedInputTokens) * 5m + expected.CachedInputTokens * 0.5m + expected.OutputTokens * 25m) / 1_000_000m;
        Assert.Equal(claudeCost, reviewer.GetProperty("cost_usd").GetDecimal(), 9);
        Assert.Contains(AgentClis.PinnedVersion(AgentClis.Claude), reviewer.GetProperty("version").GetString(), StringComparison.Ordinal);
        Assert.Equal("plan", reviewer.GetProperty("sandbox").GetString());

        var argv = ReviewInvocation(recorder, AgentClis.Claude);
        Assert.Equal("-p", argv[0]);
        Assert.Equal("plan", After(argv, "--permission-mode"));
        Assert.Equal("Read,Grep,Glob", After(argv, "--tools"));
        var denied = After(argv, "--disallowedTools").Split(',');
        Assert.All(new[] { "Bash", "Edit", "Write", "NotebookEdit" }, tool => Assert.Contains(tool, denied));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(PromptResources.ReviewSchema.GetRawText()), JsonNode.Parse(After(argv, "--json-schema"))));

        Assert.Equal(ClaudeModel, After(argv, "--model"));
        AssertPromptNotInArgv(argv);
        Assert.All(calls, c => Assert.Equal(ClaudeModel, c.Model));
        Assert.Contains("find_user", calls[0].Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_RealCodexKeyRefused_FailedSayingToLogInExit3()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Status(401, """{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}""").Forever());
        using var home = AgentCliHome.ForCodex(server.OpenAIBaseUrl);
        using var recorder = ArgvRecorder.Create(AgentClis.Codex);

        var result = await ReviewAsync(fixture, home, recorder, "codex", failOnMajor: false);

        Assert.True(result.ExitCode == 3, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("error", report.RootElement.GetProperty("verdict").GetString());
        var reviewer = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray());
        Assert.Equal("failed", reviewer.GetProperty("status").GetString());
        Assert.StartsWith("codex is not logged in or its key was refused: run `codex login`", reviewer.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AgentCliHome.DummyKey, result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(AgentClis.Codex)]
    [InlineData(AgentClis.Claude)]
    public async Task Review_RealCliServerUnreachable_TimeoutEndsItExit3NoProcessLeft(string cli)
    {
        using var fixture = await ReviewFixture.CreateAsync();
        // Both CLIs retry an unreachable server for minutes: only crossreview's --timeout can end them.
        using var home = cli == AgentClis.Codex ? AgentCliHome.ForCodex(ClosedPort() + "/v1") : AgentCliHome.ForClaude(ClosedPort());
        using var recorder = ArgvRecorder.Create(cli);
        var seen = new ConcurrentDictionary<int, string>();
        using var stop = new CancellationTokenSource();
        var watching = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                foreach (var (id, commandLine) in AgentRunProcesses(home))
                {
                    seen[id] = commandLine;
                }

                await Task.Delay(100, CancellationToken.None);
            }
        });

        CliProcess.Result result;
        try
        {
            result = await CliProcess.RunAsync(fixture.Repo.Root, WithPath(home, recorder), null,
                "review", "--reviewer", cli, "--timeout", "5", "--format", "json");
        }
        finally
        {
            await stop.CancelAsync();
            await watching;
        }

        var left = AgentRunProcesses(home);
        KillAll(left);
        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(60), result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("error", report.RootElement.GetProperty("verdict").GetString());
        var reviewer = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray());
        Assert.Equal("timeout", reviewer.GetProperty("status").GetString());
        // The CLI really ran the review (not only --version) and was seen alive, so "nothing left" means it was ended.
        Assert.Contains(cli == AgentClis.Codex ? "exec" : "-p", ReviewInvocation(recorder, cli));
        var reviewArgument = cli == AgentClis.Codex ? "exec" : "--json-schema";
        Assert.Contains(seen.Values, c => c.Contains(reviewArgument, StringComparison.Ordinal));
        Assert.True(left.Count == 0, "still running: " + string.Join("; ", left.Select(p => $"{p.Id} {p.CommandLine}")));
    }

    /// <summary>Runs the built CLI with the CLI's own home and the argv wrapper first on PATH, then the real PATH.</summary>
    private static async Task<CliProcess.Result> ReviewAsync(ReviewFixture fixture, AgentCliHome home, ArgvRecorder recorder, string spec, bool failOnMajor)
    {
        string[] args = ["review", "--reviewer", spec, "--format", "json", "--timeout", "180"];
        return await CliProcess.RunAsync(fixture.Repo.Root, WithPath(home, recorder), null, failOnMajor ? [.. args, "--fail-on", "major"] : args);
    }

    private static Dictionary<string, string?> WithPath(AgentCliHome home, ArgvRecorder recorder) =>
        new(home.Environment, StringComparer.Ordinal) { ["PATH"] = recorder.PathWith(Environment.GetEnvironmentVariable("PATH")) };

    /// <summary>
    /// Live processes of an agent run (they carry the reviewer's run marker) started with this test's own CLI home: the
    /// crossreview process itself has the home but no marker; other tests' agents have neither.
    /// </summary>
    private static List<(int Id, string CommandLine)> AgentRunProcesses(AgentCliHome cliHome)
    {
        var home = Encoding.UTF8.GetBytes("HOME=" + cliHome.Directory + "\0");
        var marker = Encoding.UTF8.GetBytes(ProcessTreeGuard.MarkerPrefix);
        var found = new List<(int, string)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                continue;
            }

            try
            {
                var environ = File.ReadAllBytes(Path.Combine(directory, "environ"));
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var state = stat[(stat.LastIndexOf(')') + 2)..][0];
                if (state != 'Z' && environ.AsSpan().IndexOf(home) >= 0 && environ.AsSpan().IndexOf(marker) >= 0)
                {
                    found.Add((id, File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ')));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Exited while being read, or another user's.
            }
        }

        return found;
    }

    /// <summary>A failed test must not leave its codex running for the rest of the suite.</summary>
    private static void KillAll(IEnumerable<(int Id, string CommandLine)> processes)
    {
        foreach (var (id, _) in processes)
        {
            try
            {
                using var process = Process.GetProcessById(id);
                process.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static string ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>
    /// The fixture's SQL-injection finding in exactly the <c>crossreview_review</c> schema (claude checks a
    /// <c>StructuredOutput</c> call against it and refuses one with a synonym like <c>P0</c>), with the line's hash tag.
    /// </summary>
    private static string SchemaValidReview(ReviewFixture fixture) => JsonSerializer.Serialize(new
    {
        verdict = "request_changes",
        summary = "find_user builds its SQL from the caller's input.",
        findings = new[]
        {
            new
            {
                title = "SQL injection through the name parameter",
                body = "name is interpolated into the SQL text, so a crafted name runs arbitrary SQL.",
                severity = "critical",
                category = "security",
                file = ReviewFixture.File,
                start_line = fixture.InjectionLine,
                end_line = fixture.InjectionLine,
                start_line_hash = LineHash.Of(File.ReadAllLines(fixture.Repo.FullPath(ReviewFixture.File))[fixture.InjectionLine - 1]),
                confidence = 0.95,
                recommendation = "Use a parameterized query: db.execute('... WHERE name = ?', (name,)).",
            },
        },
    });

    private static ScriptedReply? ClaudeReply(RecordedRequest request, string review) =>
        request.Endpoint != ModelEndpoint.AnthropicMessages ? null
        : request.EndsWithToolResult ? ScriptedReply.Text("Review submitted.").WithUsage(6000, 0, 20)
        : request.OffersTool(StructuredOutputTool) ? ScriptedReply.ToolCall(StructuredOutputTool, review).WithUsage(6000, 1000, 500)
        : ScriptedReply.Text("""{"title":"Review"}""").WithUsage(100, 0, 10);

    private static void AssertInjectionFound(JsonElement root, ReviewFixture fixture)
    {
        Assert.Equal("request_changes", root.GetProperty("verdict").GetString());
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray());
        Assert.Equal(ReviewFixture.File, finding.GetProperty("file").GetString());
        Assert.Equal(fixture.InjectionLine, finding.GetProperty("start_line").GetInt32());
        Assert.Equal(fixture.InjectionLine, finding.GetProperty("end_line").GetInt32());
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        Assert.Equal("security", finding.GetProperty("category").GetString());
        var reviewer = Assert.Single(root.GetProperty("reviewers").EnumerateArray());
        Assert.Equal((1, 0, 0), (reviewer.GetProperty("findings_reported").GetInt32(), reviewer.GetProperty("findings_reanchored").GetInt32(), reviewer.GetProperty("findings_dropped").GetInt32()));
    }

    private static TokenUsage Usage(JsonElement reviewer)
    {
        var usage = reviewer.GetProperty("usage");
        return new TokenUsage(
            usage.GetProperty("input_tokens").GetInt64(), usage.GetProperty("cached_input_tokens").GetInt64(), usage.GetProperty("output_tokens").GetInt64());
    }

    /// <summary>The reviewer starts the CLI twice: once for <c>--version</c>, once for the review; this is the review's argv.</summary>
    private static IReadOnlyList<string> ReviewInvocation(ArgvRecorder recorder, string name)
    {
        var runs = recorder.Invocations(name);
        Assert.Single(runs, r => r is ["--version"]);
        return Assert.Single(runs, r => r is not ["--version"]);
    }

    private static string After(IReadOnlyList<string> argv, string flag)
    {
        var index = argv.ToList().IndexOf(flag);
        Assert.True(index >= 0 && index + 1 < argv.Count, $"{flag} not in argv: {string.Join(' ', argv)}");
        return argv[index + 1];
    }

    private static void AssertPromptNotInArgv(IReadOnlyList<string> argv) =>
        Assert.DoesNotContain(argv, a => a.Contains("find_user", StringComparison.Ordinal) || a.Contains("SELECT", StringComparison.Ordinal));
}
