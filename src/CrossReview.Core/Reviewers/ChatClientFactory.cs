using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using CrossReview.Reviewers.Http;
using Microsoft.Extensions.AI;
using OllamaSharp;
using OpenAI;

namespace CrossReview.Reviewers;

/// <summary>
/// Builds an <see cref="IChatClient"/> from the official provider packages. Each SDK gets an <see cref="HttpClient"/>
/// whose <see cref="ModelRetryHandler"/> is the only retry layer: the SDKs' own retries are switched off so attempts
/// and waits stay bounded and observable.
/// </summary>
internal static class ChatClientFactory
{
    /// <summary>The one HTTP layer of a reviewer; hand it to <see cref="Create"/> and keep it to abort a stalled stream.</summary>
    public static ModelRetryHandler CreateHandler(ProviderConnection connection, ReviewerSettings settings, SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(settings);
        return new ModelRetryHandler(settings, settings.AttemptTimeoutFor(connection.BaseUri), redactor, new SocketsHttpHandler());
    }

    public static IChatClient Create(ProviderConnection connection, ReviewerSettings settings, ModelRetryHandler handler)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(settings);
        var http = new HttpClient(handler)
        {
            // The caller's CancellationToken (the engine's per-reviewer timeout) bounds a call; HttpClient's own
            // 100 s would cut long answers from slow models.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        return connection.Provider switch
        {
            ReviewerProviders.OpenAI => CreateOpenAI(connection, http).GetResponsesClient().AsIChatClient(connection.Model),
            ReviewerProviders.OpenAIChat => CreateOpenAI(connection, http).GetChatClient(connection.Model).AsIChatClient(),
            ReviewerProviders.Anthropic => new AnthropicClient
            {
                ApiKey = connection.ApiKey,
                BaseUrl = connection.BaseUri.AbsoluteUri.TrimEnd('/'),
                HttpClient = http,
                MaxRetries = 0,
            }.AsIChatClient(connection.Model, settings.MaxOutputTokens),
            ReviewerProviders.Ollama => CreateOllama(connection, http),
            _ => throw new InputException($"reviewer '{connection.Provider}' is not available yet"),
        };
    }

    private static OpenAIClient CreateOpenAI(ProviderConnection connection, HttpClient http) => new(
        new ApiKeyCredential(connection.ApiKey ?? ProviderConnection.PlaceholderKey),
        new OpenAIClientOptions
        {
            Endpoint = connection.BaseUri,
            Transport = new HttpClientPipelineTransport(http),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // Reasoning models can stay silent on a stream for minutes; the caller's token bounds the call instead.
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        });

    private static OllamaApiClient CreateOllama(ProviderConnection connection, HttpClient http)
    {
        http.BaseAddress = connection.BaseUri;
        return new OllamaApiClient(http, connection.Model);
    }
}
