using System.Diagnostics;
using CrossReview.Reviewers;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers;

/// <summary>Rate limits, server errors, hangs, cuts and cancellation, through each SDK and the one retry layer under it.</summary>
public sealed class ChatReviewerFaultTests
{
    private const string Answer = """{"verdict":"approve","summary":"fine","findings":[]}""";

    private static ReviewerSettings FastRetries => ReviewerTestKit.Settings(new ReviewerSettings { RetryBaseDelay = TimeSpan.FromMilliseconds(20) });

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_RateLimitedWithRetryAfter_WaitsThenSucceeds(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.EnqueueAll(ScriptedReply.RateLimited(TimeSpan.FromSeconds(1)), ScriptedReply.Text(Answer));
        // A base delay far below Retry-After shows that the wait came from the header, not the backoff.
        var reviewer = ReviewerTestKit.Create(server, provider, FastRetries);

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.Equal(Answer, response.Text);
        var requests = server.ModelRequests();
        Assert.Equal(2, requests.Count);
        var waited = requests[1].ReceivedAt - requests[0].ReceivedAt;
        Assert.InRange(waited, TimeSpan.FromMilliseconds(900), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task ReviewAsync_RetryAfterBeyondCap_WaitsOnlyTheCap()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.EnqueueAll(ScriptedReply.RateLimited(TimeSpan.FromHours(1)), ScriptedReply.Text(Answer));
        var settings = ReviewerTestKit.Settings(new ReviewerSettings { MaxRetryAfter = TimeSpan.FromMilliseconds(300) });

        var stopwatch = Stopwatch.StartNew();
        var response = await ReviewerTestKit.Create(server, ReviewerProviders.OpenAI, settings).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_ServerErrorForever_FailsAfterBoundedAttempts(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Status(500, """{"error":{"message":"the model is on fire"}}""").Forever());

        var response = await ReviewerTestKit.Create(server, provider, FastRetries).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal(4, server.ModelRequests().Count);
        var path = server.ModelRequests()[0].Path;
        Assert.Equal($"HTTP 500 from {server.Root}{path} after 4 attempts: the model is on fire", response.Error);
    }

    [Fact]
    public async Task ReviewAsync_ServerErrorForeverWithDefaultBackoff_EndsWithinSeconds()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.ServerError();

        var stopwatch = Stopwatch.StartNew();
        var response = await ReviewerTestKit.Create(server, ReviewerProviders.OpenAIChat).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal(new ReviewerSettings().MaxAttempts, server.ModelRequests().Count);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(404)]
    public async Task ReviewAsync_ClientError_IsNotRetried(int status)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Status(status);

        var response = await ReviewerTestKit.Create(server, ReviewerProviders.OpenAI, FastRetries).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Single(server.ModelRequests());
        Assert.StartsWith($"HTTP {status} from {server.OpenAIBaseUrl}/responses: scripted HTTP {status}", response.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(502)]
    [InlineData(503)]
    public async Task ReviewAsync_TransientStatusOnce_RetriesAndSucceeds(int status)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.EnqueueAll(ScriptedReply.Status(status), ScriptedReply.Text(Answer));

        var response = await ReviewerTestKit.Create(server, ReviewerProviders.Anthropic, FastRetries).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.Equal(2, server.ModelRequests().Count);
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_Cancelled_ThrowsQuickly(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(Answer).WithDelay(TimeSpan.FromSeconds(30));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ReviewerTestKit.Create(server, provider).ReviewAsync(ReviewerTestKit.Prompt(), cancellation.Token));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_StreamStallsAfterFirstPiece_CancellationEndsItPromptly(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(Answer + new string(' ', 100)).WithPieceDelay(TimeSpan.FromMinutes(5)));
        using var cancellation = new CancellationTokenSource();
        var firstPiece = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = ReviewerTestKit.Settings(new ReviewerSettings { OutputProgress = new SyncProgress(_ => firstPiece.TrySetResult()) });
        var review = Task.Run(() => ReviewerTestKit.Create(server, provider, settings).ReviewAsync(ReviewerTestKit.Prompt(), cancellation.Token));
        await firstPiece.Task.WaitAsync(TimeSpan.FromSeconds(20));

        var stopwatch = Stopwatch.StartNew();
        await cancellation.CancelAsync();
        var ended = await Task.WhenAny(review, Task.Delay(TimeSpan.FromSeconds(10)));

        Assert.Same(review, ended);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => review);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(2));
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_StreamStallsThenCancelled_ConnectionIsClosed(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(Answer + new string(' ', 100)).WithPieceDelay(TimeSpan.FromMinutes(5)));
        using var cancellation = new CancellationTokenSource();
        var firstPiece = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var settings = ReviewerTestKit.Settings(new ReviewerSettings { OutputProgress = new SyncProgress(_ => firstPiece.TrySetResult()) });
        var review = Task.Run(() => ReviewerTestKit.Create(server, provider, settings).ReviewAsync(ReviewerTestKit.Prompt(), cancellation.Token));
        await firstPiece.Task.WaitAsync(TimeSpan.FromSeconds(20));

        await cancellation.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => review);

        // The server sees the client go away only if the socket was closed, not merely abandoned.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (server.AbortedRequests == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, server.AbortedRequests);
    }

    [Fact]
    public async Task ReviewAsync_CancelledDuringBackoff_ThrowsWithoutFurtherAttempts()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.ServerError();
        var settings = ReviewerTestKit.Settings(new ReviewerSettings { RetryBaseDelay = TimeSpan.FromSeconds(20) });
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => ReviewerTestKit.Create(server, ReviewerProviders.OpenAI, settings).ReviewAsync(ReviewerTestKit.Prompt(), cancellation.Token));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Single(server.ModelRequests());
    }

    [Fact]
    public async Task ReviewAsync_FirstAttemptHangs_TimesOutAndRetries()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.EnqueueAll(ScriptedReply.Text(Answer).WithDelay(TimeSpan.FromSeconds(30)), ScriptedReply.Text(Answer));
        var settings = ReviewerTestKit.Settings(new ReviewerSettings
        {
            AttemptTimeout = TimeSpan.FromMilliseconds(500),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        });

        var response = await ReviewerTestKit.Create(server, ReviewerProviders.Ollama, settings).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.Equal(2, server.ModelRequests().Count);
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_EndpointNeverAnswers_FailsWithinRequestTimeout(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(Answer).WithDelay(TimeSpan.FromMinutes(5));
        var settings = ReviewerTestKit.Settings(new ReviewerSettings
        {
            AttemptTimeout = TimeSpan.FromMilliseconds(600),
            RequestTimeout = TimeSpan.FromMilliseconds(1000),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        });

        var stopwatch = Stopwatch.StartNew();
        var response = await ReviewerTestKit.Create(server, provider, settings).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(900), TimeSpan.FromMilliseconds(2500));
        Assert.Equal(2, server.ModelRequests().Count);
        Assert.EndsWith("after 2 attempts: no response within 1 s", response.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai:gpt-5.4", null, 30)]
    [InlineData("openai-chat:gpt-5.4-mini", null, 30)]
    [InlineData("anthropic", null, 30)]
    [InlineData("openai-chat:gemini-2.5-flash@https://generativelanguage.googleapis.com/v1beta/openai", null, 30)]
    [InlineData("openai-chat:gemini-2.5-flash", "OPENAI_BASE_URL=https://generativelanguage.googleapis.com/v1beta/openai", 30)]
    [InlineData("openai-chat:qwen@http://127.0.0.1:8000/v1", null, 600)]
    [InlineData("openai:qwen@https://proxy.example/v1", null, 600)]
    [InlineData("openai-chat:qwen", "OPENAI_BASE_URL=http://10.0.0.5:8000/v1", 600)]
    [InlineData("anthropic:m@http://127.0.0.1:9000", null, 600)]
    [InlineData("anthropic", "ANTHROPIC_BASE_URL=https://gateway.example", 600)]
    [InlineData("ollama", null, 600)]
    [InlineData("ollama", "OLLAMA_HOST=gpu-box:11434", 600)]
    public void AttemptTimeoutFor_ResolvedEndpoint_ShortOnlyForOfficialHosts(string text, string? variable, int seconds)
    {
        var settings = new ReviewerSettings { RequestTimeout = TimeSpan.FromSeconds(600) };
        var (name, value) = variable?.Split('=', 2) is [var n, var v] ? (n, v) : ("", "");
        var connection = ProviderConnection.Resolve(
            ReviewerSpec.Parse(text),
            v => v == name ? value : v.EndsWith("_API_KEY", StringComparison.Ordinal) ? ReviewerTestKit.Key : null);

        Assert.Equal(TimeSpan.FromSeconds(seconds), settings.AttemptTimeoutFor(connection.BaseUri));
        Assert.Equal(TimeSpan.FromSeconds(7), (settings with { AttemptTimeout = TimeSpan.FromSeconds(7) }).AttemptTimeoutFor(connection.BaseUri));
    }

    [Fact]
    public void RequestTimeout_Default_TwoMinutes()
    {
        Assert.Equal(TimeSpan.FromMinutes(2), new ReviewerSettings().RequestTimeout);
    }

    [Fact]
    public async Task ReviewAsync_LocalServerSlowerThanHostedAttemptTimeout_OneAttemptBoundedByRequestTimeout()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(Answer).WithDelay(TimeSpan.FromMinutes(5));
        var settings = ReviewerTestKit.Settings(new ReviewerSettings
        {
            RequestTimeout = TimeSpan.FromMilliseconds(1500),
            RetryBaseDelay = TimeSpan.FromMilliseconds(20),
        });

        var response = await ReviewerTestKit.Create(server, ReviewerProviders.OpenAIChat, settings).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Single(server.ModelRequests());
        Assert.EndsWith("failed: no response within 1.5 s", response.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_StreamCutMidway_FailsWithoutHanging(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Cut(Answer + new string(' ', 200)));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var response = await ReviewerTestKit.Create(server, provider, FastRetries).ReviewAsync(ReviewerTestKit.Prompt(), guard.Token);

        Assert.True(response.Status == ReviewerStatus.Failed, $"{server.ModelRequests().Count} requests; text {response.Text}");
        Assert.StartsWith(
            $"connection to {ReviewerTestKit.BaseUrlFor(server, provider)} broke while reading the answer: ",
            response.Error,
            StringComparison.Ordinal);
        Assert.DoesNotContain('\n', response.Error!);
        Assert.Single(server.ModelRequests());
    }

    [Fact]
    public async Task ReviewAsync_StreamEndsWithoutFinishReason_FailsWithKeyRedactedFromFragment()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        static string Chunk(string content) =>
            $$"""data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"{{content}}"},"finish_reason":null}]}""" + "\n\n";
        server.Enqueue(ScriptedReply.Malformed(
            Chunk("the key is ") + Chunk(ReviewerTestKit.Key) + "data: [DONE]\n\n", "text/event-stream"));

        var response = await ReviewerTestKit.Create(server, ReviewerProviders.OpenAIChat).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith($"the answer from {server.OpenAIBaseUrl} ended before the model finished", response.Error, StringComparison.Ordinal);
        Assert.Equal("the key is ***", response.Text);
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_MalformedBody_Fails(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Malformed("I am prose, not the protocol's JSON {\"unclosed\": "));
        using var guard = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var response = await ReviewerTestKit.Create(server, provider, FastRetries).ReviewAsync(ReviewerTestKit.Prompt(), guard.Token);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.False(string.IsNullOrWhiteSpace(response.Error));
    }

    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task ReviewAsync_EmptyAnswer_Fails(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(""));

        var response = await ReviewerTestKit.Create(server, provider).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith("the model returned no text", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewAsync_NothingListening_FailsNamingTheUrl()
    {
        string root;
        await using (var gone = await ScriptedModelServer.StartAsync())
        {
            root = gone.Root;
        }

        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse($"ollama:m@{root}"), FastRetries);

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.StartsWith($"request to {root}/api/chat failed after 4 attempts: ", response.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAI)]
    [InlineData(ReviewerProviders.OpenAIChat)]
    public async Task ReviewAsync_BaseUrlFromEnvironmentWithPassword_PasswordNeverInError(string provider)
    {
        var environment = ReviewerTestKit.Environment();
        var settings = FastRetries with
        {
            GetEnvironmentVariable = name => name == "OPENAI_BASE_URL" ? "http://user:SUPERSECRETPW@127.0.0.1:1/v1" : environment(name),
        };

        var response = await ReviewerFactory.Create(ReviewerSpec.Parse(provider), settings).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.DoesNotContain("SUPERSECRETPW", response.Error, StringComparison.Ordinal);
        Assert.StartsWith("request to http://127.0.0.1:1/v1/", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReviewAsync_ServerEchoesBaseUrlCredentials_NeitherPasswordNorQueryInError()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script = _ => ScriptedReply.Status(401, "denied SUPERSECRETPW QUERYSECRET-4f9a1c");
        var baseUrl = server.Root.Replace("http://", "http://user:SUPERSECRETPW@", StringComparison.Ordinal) + "?key=QUERYSECRET-4f9a1c";
        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse($"ollama:m@{baseUrl}"), FastRetries);

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Equal($"HTTP 401 from {server.Root}/api/chat: denied *** ***", response.Error);
        Assert.Equal($"ollama:m@{server.Root}", reviewer.Name);
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAI)]
    [InlineData(ReviewerProviders.OpenAIChat)]
    [InlineData(ReviewerProviders.Anthropic)]
    public async Task ReviewAsync_ServerEchoesCredentials_KeyNeverInError(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Script = request => ScriptedReply.Status(401,
            $"Invalid credentials: Authorization={request.Header("Authorization")} x-api-key={request.Header("x-api-key")}");

        var response = await ReviewerTestKit.Create(server, provider).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Contains(ReviewerTestKit.Key, Assert.Single(server.ModelRequests()).Body + server.ModelRequests()[0].Header("Authorization") + server.ModelRequests()[0].Header("x-api-key"), StringComparison.Ordinal);
        Assert.DoesNotContain(ReviewerTestKit.Key, response.Error, StringComparison.Ordinal);
        Assert.Contains("***", response.Error, StringComparison.Ordinal);
        Assert.StartsWith("HTTP 401 from ", response.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("no key was sent", response.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAI, 401, "OPENAI_API_KEY only goes to api.openai.com or the OPENAI_BASE_URL server; point OPENAI_BASE_URL")]
    [InlineData(ReviewerProviders.OpenAIChat, 403, "OPENAI_API_KEY only goes to api.openai.com or the OPENAI_BASE_URL server; point OPENAI_BASE_URL")]
    [InlineData(ReviewerProviders.Anthropic, 401, "ANTHROPIC_API_KEY only goes to api.anthropic.com or the ANTHROPIC_BASE_URL server; point ANTHROPIC_BASE_URL")]
    public async Task ReviewAsync_InlineHostRejectsPlaceholderWhileKeyIsSet_ErrorSaysNoKeyWasSent(string provider, int status, string rule)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Status(status, """{"error":{"message":"invalid api key"}}""");
        var reviewer = ReviewerFactory.Create(
            ReviewerSpec.Parse($"{provider}:m@{ReviewerTestKit.BaseUrlFor(server, provider)}"),
            new ReviewerSettings { GetEnvironmentVariable = ReviewerTestKit.Environment() });

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        var path = Assert.Single(server.ModelRequests()).Path;
        Assert.Equal(
            $"HTTP {status} from {server.Root}{path}: invalid api key (no key was sent to this host: {rule} at this server to send it)",
            response.Error);
    }

    [Fact]
    public async Task ReviewAsync_InlineHostRejectsPlaceholderAndNoKeyIsSet_NoHint()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Status(401, """{"error":{"message":"invalid api key"}}""");
        var reviewer = ReviewerFactory.Create(
            ReviewerSpec.Parse($"openai-chat:m@{server.OpenAIBaseUrl}"),
            new ReviewerSettings { GetEnvironmentVariable = ReviewerTestKit.Environment(key: null) });

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal($"HTTP 401 from {server.OpenAIBaseUrl}/chat/completions: invalid api key", response.Error);
    }

    /// <summary><see cref="Progress{T}"/> posts to the thread pool, too late to time the first piece.</summary>
    private sealed class SyncProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}
