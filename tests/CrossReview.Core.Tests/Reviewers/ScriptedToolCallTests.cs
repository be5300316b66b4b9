using System.Text.Json;
using CrossReview.Reviewers;
using CrossReview.Reviewers.Http;
using CrossReview.Testing.ScriptedServer;
using Microsoft.Extensions.AI;

namespace CrossReview.Tests.Reviewers;

/// <summary>Scripted tool calls (what claude's <c>--json-schema</c> needs) must parse in the official SDKs, streamed or not.</summary>
public sealed class ScriptedToolCallTests
{
    private const string Tool = "StructuredOutput";
    private const string Arguments = """{"verdict":"request_changes","summary":"a bug","findings":[{"title":"off by one"}]}""";

    [Theory]
    [InlineData(ReviewerProviders.OpenAI, false)]
    [InlineData(ReviewerProviders.OpenAI, true)]
    [InlineData(ReviewerProviders.Anthropic, false)]
    [InlineData(ReviewerProviders.Anthropic, true)]
    public async Task ToolCall_ParsedByOfficialSdk_AndTheFollowUpCarriesItsResult(string provider, bool stream)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.ToolCall(Tool, Arguments).WithUsage(40, 0, 9));
        server.Enqueue(ScriptedReply.Text("done"));
        var client = Client(server, provider);
        var options = new ChatOptions
        {
            MaxOutputTokens = 100,
            Tools = [AIFunctionFactory.Create((string verdict, string summary) => verdict, Tool)],
        };
        List<ChatMessage> messages = [new(ChatRole.User, "review")];

        var response = stream
            ? await client.GetStreamingResponseAsync(messages, options).ToChatResponseAsync()
            : await client.GetResponseAsync(messages, options);

        var call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(Tool, call.Name);
        Assert.Equal("request_changes", call.Arguments?["verdict"]?.ToString());
        Assert.Equal("off by one", ((JsonElement)call.Arguments!["findings"]!)[0].GetProperty("title").GetString());
        Assert.Equal(9, response.Usage?.OutputTokenCount);
        var first = Assert.Single(server.ModelRequests());
        Assert.True(first.OffersTool(Tool));
        Assert.False(first.OffersTool("Edit"));
        Assert.False(first.EndsWithToolResult);

        messages.AddRange(response.Messages);
        messages.Add(new ChatMessage(ChatRole.Tool, [new FunctionResultContent(call.CallId, "accepted")]));
        var followUp = await client.GetResponseAsync(messages, options);

        Assert.Equal("done", followUp.Text);
        Assert.True(server.ModelRequests()[1].EndsWithToolResult);
    }

    [Theory]
    [InlineData(ReviewerProviders.OpenAIChat)]
    [InlineData(ReviewerProviders.Ollama)]
    public async Task ToolCall_OnOtherProtocols_Answers501(string provider)
    {
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.ToolCall(Tool, Arguments));
        using var http = new HttpClient();
        var path = provider == ReviewerProviders.Ollama ? "/api/chat" : "/v1/chat/completions";

        using var answer = await http.PostAsync(server.Root + path, new StringContent("""{"model":"m","messages":[]}"""));

        Assert.Equal(501, (int)answer.StatusCode);
    }

    private static IChatClient Client(ScriptedModelServer server, string provider)
    {
        var connection = ProviderConnection.Resolve(
            ReviewerSpec.Parse($"{provider}:m@{ReviewerTestKit.BaseUrlFor(server, provider)}"), ReviewerTestKit.Environment());
        var settings = new ReviewerSettings();
        return ChatClientFactory.Create(connection, settings, ChatClientFactory.CreateHandler(connection, settings, SecretRedactor.None));
    }
}
