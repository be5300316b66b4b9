using System.Text.Json;
using CrossReview.Reviewers;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers;

/// <summary>Each provider through its official SDK to the scripted server: what goes on the wire and what comes back.</summary>
public sealed class ChatReviewerWireTests
{
    private const string Answer = """{"verdict":"request_changes","summary":"One bug.","findings":[{"title":"Off by one"}]}""";

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_EachProvider_ReturnsStreamedTextAndUsage(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(Answer).WithUsage(1200, 300, 80));
        var reviewer = ReviewerTestKit.Create(server, provider);

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.Equal(Answer, response.Text);
        Assert.NotNull(response.Usage);
        Assert.True(response.Usage.InputTokens > 0);
        Assert.Equal(80, response.Usage.OutputTokens);
        Assert.Equal(ReviewerTestKit.Model, response.Model);
        var request = Assert.Single(server.ModelRequests());
        Assert.Equal(ReviewerTestKit.EndpointFor(provider), request.Endpoint);
        Assert.True(request.Stream);
        Assert.Equal(ReviewerTestKit.Model, request.Model);
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAI, 1200, 300)]
    [InlineData(ReviewerProviders.OpenAIChat, 1200, 300)]
    [InlineData(ReviewerProviders.Anthropic, 1200, 300)]
    [InlineData(ReviewerProviders.Ollama, 1200, 0)]
    public async Task ReviewAsync_CachedInput_MapsToTokenUsage(string provider, long expectedInput, long expectedCached)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(Answer).WithUsage(1200, 300, 80));

        var response = await ReviewerTestKit.Create(server, provider).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(new CrossReview.Budget.TokenUsage(expectedInput, expectedCached, 80), response.Usage);
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAI)]
    [InlineData(ReviewerProviders.OpenAIChat)]
    [InlineData(ReviewerProviders.Ollama)]
    public async Task ReviewAsync_AnswerWithoutUsage_UsageIsUnknownNotZero(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(Answer).WithoutUsage());

        var response = await ReviewerTestKit.Create(server, provider).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.Null(response.Usage);
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAI, "text.format.name", "max_output_tokens")]
    [InlineData(ReviewerProviders.OpenAIChat, "response_format.json_schema.name", "max_completion_tokens")]
    [InlineData(ReviewerProviders.Anthropic, null, "max_tokens")]
    [InlineData(ReviewerProviders.Ollama, null, "options.num_predict")]
    public async Task ReviewAsync_EachProvider_SendsSchemaNameAndMaxTokens(string provider, string? schemaNamePath, string maxTokensPath)
    {
        await using var server = await ScriptedModelServer.StartAsync();

        await ReviewerTestKit.Create(server, provider).ReviewAsync(ReviewerTestKit.Prompt(maxOutputTokens: 4321), CancellationToken.None);

        var request = Assert.Single(server.ModelRequests());
        Assert.Equal(4321, request.FindNumber(maxTokensPath.Split('.')));
        if (schemaNamePath is not null)
        {
            Assert.Equal("crossreview_review", request.FindString(schemaNamePath.Split('.')));
        }

        var schema = SchemaOnTheWire(request, provider);
        Assert.Equal(Required(ReviewerTestKit.Schema), Required(schema));
        Assert.Null(request.Find("temperature"));
        Assert.Contains("You review code.", request.Body, StringComparison.Ordinal);
        Assert.Contains("added line", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewAsync_PromptWithoutMaxTokens_SendsSettingsDefault()
    {
        await using var server = await ScriptedModelServer.StartAsync();

        await ReviewerTestKit.Create(server, ReviewerProviders.Anthropic)
            .ReviewAsync(ReviewerTestKit.Prompt(maxOutputTokens: 0), CancellationToken.None);

        Assert.Equal(8192, Assert.Single(server.ModelRequests()).FindNumber("max_tokens"));
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAI)]
    [InlineData(ReviewerProviders.OpenAIChat)]
    [InlineData(ReviewerProviders.Anthropic)]
    public async Task ReviewAsync_KeyedProvider_SendsKeyFromEnvironment(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();

        await ReviewerTestKit.Create(server, provider).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        var request = Assert.Single(server.ModelRequests());
        var credential = request.Header("Authorization") ?? request.Header("x-api-key");
        Assert.NotNull(credential);
        Assert.Contains(ReviewerTestKit.Key, credential, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewAsync_OpenAIChatOnLocalServerWithoutKey_SendsPlaceholder()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        var reviewer = ReviewerFactory.Create(
            ReviewerSpec.Parse($"openai-chat:qwen@{server.OpenAIBaseUrl}"),
            new ReviewerSettings { GetEnvironmentVariable = ReviewerTestKit.Environment(key: null) });

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal("Bearer no-key", Assert.Single(server.ModelRequests()).Header("Authorization"));
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAI)]
    [InlineData(ReviewerProviders.OpenAIChat)]
    public async Task ReviewAsync_InlineHostNotTheConfiguredOne_OpenAIKeyNotSent(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        var environment = ReviewerTestKit.Environment();
        var reviewer = ReviewerFactory.Create(
            ReviewerSpec.Parse($"{provider}:qwen@{server.OpenAIBaseUrl}"),
            new ReviewerSettings { GetEnvironmentVariable = name => name == "OPENAI_BASE_URL" ? "http://127.0.0.1:1/v1" : environment(name) });

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        var request = Assert.Single(server.ModelRequests());
        Assert.Equal("Bearer no-key", request.Header("Authorization"));
        Assert.DoesNotContain(ReviewerTestKit.Key, string.Join('\n', request.Headers.Values) + request.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAI)]
    [InlineData(ReviewerProviders.OpenAIChat)]
    public async Task ReviewAsync_InlineHostIsTheConfiguredOne_OpenAIKeySent(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        var environment = ReviewerTestKit.Environment();
        var reviewer = ReviewerFactory.Create(
            ReviewerSpec.Parse($"{provider}:qwen@{server.OpenAIBaseUrl}"),
            new ReviewerSettings { GetEnvironmentVariable = name => name == "OPENAI_BASE_URL" ? server.OpenAIBaseUrl : environment(name) });

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.Equal($"Bearer {ReviewerTestKit.Key}", Assert.Single(server.ModelRequests()).Header("Authorization"));
    }

    [Fact]
    public async Task ReviewAsync_AnthropicBaseUrlServer_AnthropicKeySent()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        var environment = ReviewerTestKit.Environment();
        var reviewer = ReviewerFactory.Create(
            ReviewerSpec.Parse("anthropic:m"),
            new ReviewerSettings { GetEnvironmentVariable = name => name == "ANTHROPIC_BASE_URL" ? server.Root : environment(name) });

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        var request = Assert.Single(server.ModelRequests());
        // The SDK sends its API key as a bearer token; older versions used x-api-key.
        Assert.Contains(ReviewerTestKit.Key, request.Header("Authorization") ?? request.Header("x-api-key"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("http://127.0.0.1:1")]
    public async Task ReviewAsync_AnthropicInlineHostNotTheConfiguredOne_AnthropicKeyNotSent(string? anthropicBaseUrl)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        var environment = ReviewerTestKit.Environment();
        var reviewer = ReviewerFactory.Create(
            ReviewerSpec.Parse($"anthropic:m@{server.Root}"),
            new ReviewerSettings { GetEnvironmentVariable = name => name == "ANTHROPIC_BASE_URL" ? anthropicBaseUrl : environment(name) });

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        var request = Assert.Single(server.ModelRequests());
        Assert.Contains("no-key", request.Header("Authorization") ?? request.Header("x-api-key"), StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewerTestKit.Key, string.Join('\n', request.Headers.Values) + request.Body, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_BaseUrlFromEnvironment_ReachesServer(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        var variable = provider switch
        {
            ReviewerProviders.Anthropic => "ANTHROPIC_BASE_URL",
            ReviewerProviders.Ollama => "OLLAMA_HOST",
            _ => "OPENAI_BASE_URL",
        };
        var baseUrl = provider == ReviewerProviders.Ollama
            ? server.Root["http://".Length..]
            : ReviewerTestKit.BaseUrlFor(server, provider);
        var environment = ReviewerTestKit.Environment();
        var reviewer = ReviewerFactory.Create(
            ReviewerSpec.Parse(provider),
            new ReviewerSettings { GetEnvironmentVariable = name => name == variable ? baseUrl : environment(name) });

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.Equal(ReviewerProviders.DefaultModel(provider), Assert.Single(server.ModelRequests()).Model);
        Assert.Equal(ReviewerProviders.DefaultModel(provider), reviewer.Model);
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_Streaming_ReportsGrowingCharacterCount(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(Answer));
        var counts = new List<int>();
        var reviewer = ReviewerTestKit.Create(server, provider, ReviewerTestKit.Settings(new ReviewerSettings { OutputProgress = new SyncProgress(counts.Add) }));

        await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(counts.Count > 1, $"{counts.Count} progress reports");
        Assert.Equal(Answer.Length, counts[^1]);
        Assert.Equal(counts.Order(), counts);
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_SlowStream_ReportsProgressBeforeTheAnswerEnds(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        var answer = Answer + new string(' ', 168 - Answer.Length);
        server.Enqueue(ScriptedReply.Text(answer).WithPieceDelay(TimeSpan.FromMilliseconds(250)));
        var firstReport = TimeSpan.MaxValue;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var progress = new SyncProgress(_ => firstReport = firstReport == TimeSpan.MaxValue ? stopwatch.Elapsed : firstReport);
        var reviewer = ReviewerTestKit.Create(server, provider, ReviewerTestKit.Settings(new ReviewerSettings { OutputProgress = progress }));

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        // 7 pieces, 6 pauses (1.5 s): a buffering client would see its first characters only at the end.
        Assert.True(stopwatch.Elapsed - firstReport >= TimeSpan.FromMilliseconds(600), $"first at {firstReport}, done at {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task Create_DisplayName_NamesReviewer()
    {
        await using var server = await ScriptedModelServer.StartAsync();

        var named = ReviewerTestKit.Create(server, ReviewerProviders.Ollama, ReviewerTestKit.Settings(new ReviewerSettings { DisplayName = "local-qwen" }));
        var unnamed = ReviewerTestKit.Create(server, ReviewerProviders.Ollama);

        Assert.Equal("local-qwen", named.Name);
        Assert.Equal($"ollama:{ReviewerTestKit.Model}@{server.Root}", unnamed.Name);
        Assert.Equal(ReviewerProviders.Ollama, unnamed.Provider);
    }

    private static JsonElement SchemaOnTheWire(RecordedRequest request, string provider) => (provider switch
    {
        ReviewerProviders.OpenAI => request.Find("text", "format", "schema"),
        ReviewerProviders.OpenAIChat => request.Find("response_format", "json_schema", "schema"),
        ReviewerProviders.Anthropic => request.Find("output_config", "format", "schema"),
        _ => request.Find("format"),
    }) ?? throw new Xunit.Sdk.XunitException($"no schema in {request.Body}");

    private static string?[] Required(JsonElement schema) => [.. schema.GetProperty("required").EnumerateArray().Select(e => e.GetString())];

    /// <summary><see cref="Progress{T}"/> posts to the thread pool; the assertions need the reports in order and complete.</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
