using System.Net;
using System.Text;
using CrossReview.Reviewers;
using CrossReview.Reviewers.Http;
using CrossReview.Testing.ScriptedServer;
using Microsoft.Extensions.AI;

namespace CrossReview.Tests.Reviewers;

/// <summary>The scripted server itself: its non-streamed formats must parse in the real SDKs too, and its script must be followed.</summary>
public sealed class ScriptedModelServerTests
{
    [Theory]
    [MemberData(nameof(ReviewerTestKit.ChatProviders), MemberType = typeof(ReviewerTestKit))]
    public async Task NonStreamingAnswer_ParsedByOfficialSdk(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text("plain answer").WithUsage(50, 10, 7));
        var connection = ProviderConnection.Resolve(
            ReviewerSpec.Parse($"{provider}:m@{ReviewerTestKit.BaseUrlFor(server, provider)}"), ReviewerTestKit.Environment());
        var settings = new ReviewerSettings();
        var client = ChatClientFactory.Create(connection, settings, ChatClientFactory.CreateHandler(connection, settings, SecretRedactor.None));

        var response = await client.GetResponseAsync("hello", new ChatOptions { MaxOutputTokens = 100 });

        Assert.Equal("plain answer", response.Text);
        Assert.Equal(7, response.Usage?.OutputTokenCount);
        Assert.Equal(50, response.Usage?.InputTokenCount);
        Assert.False(Assert.Single(server.ModelRequests()).Stream);
    }

    [Fact]
    public async Task Enqueue_PerEndpointAndModel_FirstMatchingReplyWins()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text("for responses"), ModelEndpoint.Responses);
        server.Enqueue(ScriptedReply.Text("for model b"), model: "b");
        server.Enqueue(ScriptedReply.Text("for anyone"));
        using var http = new HttpClient();

        var chatA = await PostChatAsync(http, server, "a");
        var chatB = await PostChatAsync(http, server, "b");
        var responsesA = await PostAsync(http, server.OpenAIBaseUrl + "/responses", "a");
        var fallback = await PostChatAsync(http, server, "b");

        Assert.Contains("for anyone", chatA, StringComparison.Ordinal);
        Assert.Contains("for model b", chatB, StringComparison.Ordinal);
        Assert.Contains("for responses", responsesA, StringComparison.Ordinal);
        Assert.Contains("Scripted review: nothing to report.", fallback, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forever_IsNeverConsumed()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Status(503).Forever());
        using var http = new HttpClient();

        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsync(server.OpenAIBaseUrl + "/responses", Json("""{"model":"m"}"""));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Equal(3, server.ModelRequests(ModelEndpoint.Responses).Count);
    }

    [Fact]
    public async Task Script_SeesRequestAndOverridesQueue()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text("queued"));
        server.Script = request => request.Model == "scripted" ? ScriptedReply.Text("from script") : null;
        using var http = new HttpClient();

        var scripted = await PostChatAsync(http, server, "scripted");
        var queued = await PostChatAsync(http, server, "other");

        Assert.Contains("from script", scripted, StringComparison.Ordinal);
        Assert.Contains("queued", queued, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusReply_SendsHeadersAndBody()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.RateLimited(TimeSpan.FromSeconds(2)));
        using var http = new HttpClient();

        using var response = await http.PostAsync(server.Root + "/v1/messages", Json("""{"model":"m"}"""));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
        Assert.Contains("scripted HTTP 429", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/hello")]
    public async Task Head_Preflight_Answers200AndIsRecorded(string path)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var http = new HttpClient();

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, server.Root + path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("HEAD", path, null), (request.Method, request.Path, request.Endpoint));
        Assert.Empty(server.ModelRequests());
    }

    [Fact]
    public async Task UnknownPath_Answers404()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(server.Root + "/v2/nothing", Json("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Requests_RecordQueryHeadersAndParsedBody()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        using var http = new HttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, server.Root + "/v1/messages?beta=true")
        {
            Content = Json("""{"model":"m","max_tokens":99,"output_config":{"format":{"type":"json_schema"}}}"""),
        };
        message.Headers.Add("x-api-key", "k-1");

        using var response = await http.SendAsync(message);

        var request = Assert.Single(server.Requests);
        Assert.Equal("?beta=true", request.Query);
        Assert.Equal("k-1", request.Header("X-Api-Key"));
        Assert.Equal(99, request.FindNumber("max_tokens"));
        Assert.Equal("json_schema", request.FindString("output_config", "format", "type"));
        Assert.Equal(ModelEndpoint.AnthropicMessages, request.Endpoint);
        Assert.False(request.Stream);
    }

    [Fact]
    public async Task OllamaWithoutStreamField_Streams()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text("abc"));
        using var http = new HttpClient();

        using var response = await http.PostAsync(server.Root + "/api/chat", Json("""{"model":"m","messages":[]}"""));
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"done\":true", lines[^1], StringComparison.Ordinal);
        Assert.Contains("\"eval_count\"", lines[^1], StringComparison.Ordinal);
        Assert.True(Assert.Single(server.ModelRequests()).Stream);
    }

    [Fact]
    public async Task Delay_HoldsTheAnswer()
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text("late").WithDelay(TimeSpan.FromMilliseconds(400)));
        using var http = new HttpClient();

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await PostChatAsync(http, server, "m");

        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(350), stopwatch.Elapsed.ToString());
    }

    private static Task<string> PostChatAsync(HttpClient http, ScriptedModelServer server, string model) =>
        PostAsync(http, server.OpenAIBaseUrl + "/chat/completions", model);

    private static async Task<string> PostAsync(HttpClient http, string url, string model)
    {
        using var response = await http.PostAsync(url, Json($$"""{"model":"{{model}}","messages":[]}"""));
        return await response.Content.ReadAsStringAsync();
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
