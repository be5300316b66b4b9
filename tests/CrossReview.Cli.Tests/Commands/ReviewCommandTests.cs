using System.Text.Json;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests;

/// <summary>The review command end to end: the built CLI as a process, real provider clients, the scripted server on loopback.</summary>
public sealed class ReviewCommandTests
{
    private static Dictionary<string, string?> Keys() => new()
    {
        ["OPENAI_API_KEY"] = ReviewFixture.Key,
        ["ANTHROPIC_API_KEY"] = ReviewFixture.Key,
    };

    private static string Spec(string provider, ScriptedModelServer server) => provider switch
    {
        "openai" => $"openai:gpt-5.4@{server.OpenAIBaseUrl}",
        "openai-chat" => $"openai-chat:gpt-4.1@{server.OpenAIBaseUrl}",
        "anthropic" => $"anthropic:claude-sonnet-4-5@{server.Root}",
        _ => $"ollama:qwen2.5-coder:7b@{server.Root}",
    };

    [Theory]
    [InlineData("openai")]
    [InlineData("openai-chat")]
    [InlineData("anthropic")]
    [InlineData("ollama")]
    public async Task Review_SqlInjectionThroughEachProvider_FindingAnchoredAndFailOnMajorExits1(string provider)
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview()).WithUsage(1200, 200, 150));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null,
            "review", "--reviewer", Spec(provider, server), "--format", "json", "--fail-on", "major");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        var root = report.RootElement;
        Assert.Equal("crossreview.report/v1", root.GetProperty("schema").GetString());
        Assert.Equal("request_changes", root.GetProperty("verdict").GetString());
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray());
        Assert.Equal(ReviewFixture.File, finding.GetProperty("file").GetString());
        Assert.Equal(fixture.InjectionLine, finding.GetProperty("start_line").GetInt32());
        Assert.Equal("critical", finding.GetProperty("severity").GetString());
        var reviewer = Assert.Single(root.GetProperty("reviewers").EnumerateArray());
        Assert.Equal("ok", reviewer.GetProperty("status").GetString());
        Assert.True(reviewer.GetProperty("usage").GetProperty("input_tokens").GetInt64() > 0);
        Assert.True(reviewer.GetProperty("usage").GetProperty("output_tokens").GetInt64() > 0);

        var request = Assert.Single(server.ModelRequests());
        Assert.DoesNotContain(ReviewFixture.Key, result.StdOut + result.StdErr, StringComparison.Ordinal);
        Assert.Contains("find_user", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_OpenAIWire_NamesSchemaAndSetsMaxTokens()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview()));
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview()));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review",
            "--reviewer", Spec("openai", server), "--reviewer", Spec("openai-chat", server), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var responses = Assert.Single(server.ModelRequests(ModelEndpoint.Responses));
        Assert.Equal("crossreview_review", responses.FindString("text", "format", "name"));
        Assert.NotNull(responses.FindNumber("max_output_tokens"));
        var chat = Assert.Single(server.ModelRequests(ModelEndpoint.ChatCompletions));
        Assert.Equal("crossreview_review", chat.FindString("response_format", "json_schema", "name"));
        Assert.NotNull(chat.FindNumber("max_completion_tokens") ?? chat.FindNumber("max_tokens"));
    }

    [Fact]
    public async Task Review_SameFindingFromTwoReviewers_OneFindingWithBothNames()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(fixture.InjectionReview());

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review",
            "--reviewer", Spec("anthropic", server), "--reviewer", Spec("ollama", server), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal(2, finding.GetProperty("reviewers").GetArrayLength());
    }

    [Fact]
    public async Task Review_ProseOnlyAnswer_Exits3WithRawOutputKept()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text("Looks good to me! Ship it."));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("openai", server), "--format", "json");

        Assert.True(result.ExitCode == 3, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("error", report.RootElement.GetProperty("verdict").GetString());
        var reviewer = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray());
        Assert.Equal("failed", reviewer.GetProperty("status").GetString());
        Assert.Contains("Ship it", reviewer.GetProperty("raw_output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_FencedJsonInProse_Parsed()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text($"Here is my review.\n\n```json\n{fixture.InjectionReview()}\n```\nThanks."));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("openai-chat", server), "--format", "json", "--fail-on", "critical");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal(fixture.InjectionLine, report.RootElement.GetProperty("findings")[0].GetProperty("start_line").GetInt32());
    }

    [Fact]
    public async Task Review_FindingsOutsideChangeOrEscapingRepo_NotReportedAsGiven()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        var answer = $$"""
            {"verdict":"request_changes","summary":"s","findings":[
              {"title":"Reads the password file","body":"b","severity":"high","category":"security","file":"../../etc/passwd","start_line":1,"end_line":1,"confidence":0.9,"recommendation":"r"},
              {"title":"Not in the change","body":"b","severity":"high","category":"correctness","file":"README.md","start_line":1,"end_line":1,"confidence":0.9,"recommendation":"r"},
              {"title":"Far away","body":"b","severity":"high","category":"correctness","file":"{{ReviewFixture.File}}","start_line":400,"end_line":400,"confidence":0.9,"recommendation":"r"}]}
            """;
        server.Enqueue(ScriptedReply.Text(answer));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("anthropic", server), "--format", "json");

        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Empty(report.RootElement.GetProperty("findings").EnumerateArray());
        var reviewer = report.RootElement.GetProperty("reviewers")[0];
        Assert.Equal(3, reviewer.GetProperty("findings_dropped").GetInt32());
        Assert.Equal(3, reviewer.GetProperty("findings_reported").GetInt32());
    }

    [Fact]
    public async Task Review_LineOffByTwo_ReanchoredToChangedLine()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview(line: fixture.InjectionLine + 6)));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("openai", server), "--format", "json");

        using var report = JsonDocument.Parse(result.StdOut);
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        Assert.NotEqual(fixture.InjectionLine + 6, finding.GetProperty("start_line").GetInt32());
        Assert.NotEqual("exact", finding.GetProperty("anchor").GetString());
        Assert.Equal(1, report.RootElement.GetProperty("reviewers")[0].GetProperty("findings_reanchored").GetInt32());
    }

    [Fact]
    public async Task Review_RateLimitedWithRetryAfter_CompletesAfterWaiting()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.EnqueueAll(ScriptedReply.RateLimited(TimeSpan.FromSeconds(1)), ScriptedReply.Text(fixture.InjectionReview()));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("openai-chat", server), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var requests = server.ModelRequests();
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(0.9), "the retry did not honour Retry-After");
    }

    [Fact]
    public async Task Review_ServerErrorForever_Exits3WithinBoundedTime()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.ServerError();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("anthropic", server));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(60), result.ToString());
        Assert.True(server.ModelRequests().Count > 1, "a 500 is retried");
        Assert.Contains("500", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_UnauthorizedEchoingKey_KeyInNoOutputOrReport()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script = request => ScriptedReply.Status(401,
            "{\"error\":{\"message\":\"bad key " + request.Header("Authorization") + " " + request.Header("x-api-key") + "\"}}");
        var reportFile = Path.Combine(fixture.Repo.Root, "report.json");
        var environment = Keys();
        environment["OPENAI_BASE_URL"] = server.OpenAIBaseUrl;

        var result = await CliProcess.RunAsync(fixture.Repo.Root, environment, null, "review",
            "--reviewer", Spec("openai", server), "--reviewer", Spec("anthropic", server), "--output", reportFile, "--format", "json");

        Assert.True(result.ExitCode == 3, result.ToString());
        var everything = result.StdOut + result.StdErr + await File.ReadAllTextAsync(reportFile);
        Assert.Contains("401", everything, StringComparison.Ordinal);
        Assert.Contains(server.ModelRequests(), r => (r.Header("Authorization") ?? "").Contains(ReviewFixture.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(ReviewFixture.Key, everything, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_ThreeReviewers_RunSideBySide()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        var latency = TimeSpan.FromSeconds(3);
        server.DefaultReply = ScriptedReply.Text(fixture.InjectionReview()).WithDelay(latency);

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review",
            "--reviewer", Spec("openai", server), "--reviewer", Spec("anthropic", server), "--reviewer", Spec("ollama", server), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var requests = server.ModelRequests();
        Assert.Equal(3, requests.Count);
        // Side by side means every request was sent before the first answer could have come back.
        Assert.True(requests[^1].ReceivedAt - requests[0].ReceivedAt < latency,
            $"requests arrived over {(requests[^1].ReceivedAt - requests[0].ReceivedAt).TotalSeconds:0.0}s");
    }

    [Fact]
    public async Task Review_MissingKey_Exits2NamingVariable()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "review", "--reviewer", "anthropic:claude-sonnet-4-5");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("ANTHROPIC_API_KEY", result.StdErr, StringComparison.Ordinal);
        Assert.Single(result.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Review_NoReviewerAvailable_Exits0WithPlanAndSetupAdvice()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "review");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(ReviewFixture.File, result.StdOut, StringComparison.Ordinal);
        Assert.Contains("input tokens", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("OPENAI_API_KEY", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("ollama", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_NoReviewerAvailableWithFailOn_Exits3BecauseNothingWasChecked()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "review", "--fail-on", "major", "--format", "json");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("--fail-on major cannot pass", result.StdErr, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("verdict").ValueKind);
    }

    [Fact]
    public async Task Review_DryRun_Exits0WithSkippedReviewersAndNullVerdict()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--dry-run", "--reviewer", Spec("openai", server), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(server.ModelRequests());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("verdict").ValueKind);
        Assert.Equal("skipped", report.RootElement.GetProperty("reviewers")[0].GetProperty("status").GetString());
        var file = Assert.Single(report.RootElement.GetProperty("target").GetProperty("files").EnumerateArray());
        Assert.Equal(ReviewFixture.File, file.GetProperty("path").GetString());
        Assert.Equal("uncommitted", report.RootElement.GetProperty("target").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Review_DiffFromStdin_ReviewsThePatch()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var patch = await fixture.Repo.GitAsync("diff");
        var outside = Directory.CreateTempSubdirectory("crossreview-nogit-");
        try
        {
            var result = await CliProcess.RunAsync(outside.FullName, null, patch, "review", "--diff", "-", "--dry-run", "--format", "json");

            Assert.True(result.ExitCode == 0, result.ToString());
            using var report = JsonDocument.Parse(result.StdOut);
            Assert.Equal("diff", report.RootElement.GetProperty("target").GetProperty("kind").GetString());
            Assert.Equal(ReviewFixture.File, report.RootElement.GetProperty("target").GetProperty("files")[0].GetProperty("path").GetString());
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("--commit", "no-such-ref")]
    [InlineData("--diff", "not-a-patch.txt")]
    [InlineData("--format", "yaml")]
    public async Task Review_BadInput_Exits2WithOneLine(string option, string value)
    {
        using var fixture = await ReviewFixture.CreateAsync();
        fixture.Repo.WriteFile("not-a-patch.txt", "hello\nthis is not a diff\n");

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "review", option, value);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_NotARepository_Exits2()
    {
        var outside = Directory.CreateTempSubdirectory("crossreview-nogit-");
        try
        {
            var result = await CliProcess.RunAsync(outside.FullName, null, null, "review");

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Contains("not a git repository", result.StdErr, StringComparison.Ordinal);
            Assert.Single(result.StdErr.Trim().Split('\n'));
        }
        finally
        {
            outside.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Review_CtrlC_CancelsAndExits130()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(fixture.InjectionReview()).WithDelay(TimeSpan.FromMinutes(2));

        var result = await CliProcess.RunAndInterruptAsync(fixture.Repo.Root, Keys(),
            () => Task.FromResult(server.ModelRequests().Count > 0),
            "review", "--reviewer", Spec("openai", server));

        Assert.True(result.ExitCode == 130, result.ToString());
        Assert.Contains("crossreview: cancelled", result.StdErr, StringComparison.Ordinal);
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(30), result.ToString());
    }

    [Fact]
    public async Task Review_MarkdownToFile_WritesReport()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview()));
        var file = Path.Combine(fixture.Repo.Root, "review.md");

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("ollama", server), "--format", "markdown", "--output", file);

        Assert.True(result.ExitCode == 0, result.ToString());
        var markdown = await File.ReadAllTextAsync(file);
        Assert.Contains("SQL injection", markdown, StringComparison.Ordinal);
        Assert.Contains($"{ReviewFixture.File}:{fixture.InjectionLine}", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_AnswerCutAtTokenLimit_Exits3NamingTheLimit()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview()) with { ChatFinishReason = "length" });

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("openai-chat", server), "--max-output-tokens", "500");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains("output-token limit (500)", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_OneReviewerApprovesOneAnswersProse_NeverAPassExits3()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(ScriptedModelServer.ApprovingReview), ModelEndpoint.Responses);
        server.Enqueue(ScriptedReply.Text("I had a look and it seems fine."), ModelEndpoint.AnthropicMessages);

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review",
            "--reviewer", Spec("openai", server), "--reviewer", Spec("anthropic", server), "--format", "json");

        Assert.True(result.ExitCode == 3, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.NotEqual("approve", report.RootElement.GetProperty("verdict").GetString());
        Assert.False(report.RootElement.GetProperty("complete").GetBoolean());
        var statuses = report.RootElement.GetProperty("reviewers").EnumerateArray().Select(r => r.GetProperty("status").GetString()).ToList();
        Assert.Equal(["ok", "failed"], statuses);
    }

    [Fact]
    public async Task Review_OneReviewerFindsOneFails_FindingsStillFailTheGate()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview()), ModelEndpoint.ChatCompletions);
        server.Enqueue(ScriptedReply.Status(400, "bad request"), ModelEndpoint.OllamaChat);

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review",
            "--reviewer", Spec("openai-chat", server), "--reviewer", Spec("ollama", server), "--format", "json", "--fail-on", "major");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("request_changes", report.RootElement.GetProperty("verdict").GetString());
        Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
    }

    [Fact]
    public async Task Review_DryRunWithoutKeys_Exits0AndSaysWhatWouldStopIt()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "review", "--dry-run", "--reviewer", "anthropic", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.True(report.RootElement.GetProperty("dry_run").GetBoolean());
        var reviewer = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray());
        Assert.Equal("skipped", reviewer.GetProperty("status").GetString());
        Assert.Contains("ANTHROPIC_API_KEY", reviewer.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_DryRunWithNoReviewer_ReportMarkedDryRun()
    {
        using var fixture = await ReviewFixture.CreateAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, null, null, "review", "--dry-run", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.True(report.RootElement.GetProperty("dry_run").GetBoolean());
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("verdict").ValueKind);
    }

    [Fact]
    public async Task Review_EmptyChange_NoModelCalled()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await fixture.Repo.CommitAllAsync("everything committed");
        await using var server = await ScriptedModelServer.StartAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("openai", server), "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(server.ModelRequests());
        Assert.Contains("no model was called", result.StdErr, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("approve", report.RootElement.GetProperty("verdict").GetString());
    }

    [Fact]
    public async Task Review_OutputInMissingFolder_Exits2BeforeAnyModelCall()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("openai", server),
            "--output", Path.Combine(fixture.Repo.Root, "no", "such", "dir", "r.json"));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Empty(server.ModelRequests());
    }

    [Fact]
    public async Task Review_CtrlCWhileOllamaStreamStalls_Exits130()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(fixture.InjectionReview()).WithPieceDelay(TimeSpan.FromMinutes(2));

        var result = await CliProcess.RunAndInterruptAsync(fixture.Repo.Root, Keys(),
            () => Task.FromResult(server.ModelRequests().Count > 0),
            "review", "--reviewer", Spec("ollama", server));

        Assert.True(result.ExitCode == 130, result.ToString());
        // Printed only when the run unwound by itself, not when the grace-period backstop ended the process.
        Assert.Contains("crossreview: cancelled", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_OllamaStreamStallsPastTimeout_Exits3()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(fixture.InjectionReview()).WithPieceDelay(TimeSpan.FromMinutes(2));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("ollama", server), "--timeout", "3", "--format", "json");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.True(result.Elapsed < TimeSpan.FromSeconds(60), result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("timeout", report.RootElement.GetProperty("reviewers")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Review_OnlyFileTooLarge_NoModelCalledAndNeverAPass()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await fixture.Repo.CommitAllAsync("committed");
        fixture.Repo.WriteFile("big.py", string.Concat(Enumerable.Range(1, 3500).Select(i => $"x{i} = {i}\n")));
        await using var server = await ScriptedModelServer.StartAsync();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("openai", server), "--format", "json");

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Empty(server.ModelRequests());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("error", report.RootElement.GetProperty("verdict").GetString());
        Assert.Contains("big.py (too large)", report.RootElement.GetProperty("warnings")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_LongKeyQuotedInFinding_RedactedInWrappedText()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        var key = "sk-proj-" + string.Concat(Enumerable.Repeat("A1b2C3d4E5", 16));
        server.Enqueue(ScriptedReply.Text(fixture.InjectionReview().Replace("name is interpolated into the SQL text.", $"The key {key} is hard-coded.", StringComparison.Ordinal)));
        var environment = Keys();
        environment["OPENAI_API_KEY"] = key;

        var result = await CliProcess.RunAsync(fixture.Repo.Root, environment, null, "review", "--reviewer", Spec("openai-chat", server));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("hard-coded", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("A1b2C3d4E5A1b2C3d4E5", result.StdOut.Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_OutputFileNotWritable_Exits2BeforeAnyModelCall()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        var folder = Path.Combine(fixture.Repo.Root, "report-dir");
        Directory.CreateDirectory(folder);

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Keys(), null, "review", "--reviewer", Spec("openai", server), "--output", folder);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Empty(server.ModelRequests());
    }
}
