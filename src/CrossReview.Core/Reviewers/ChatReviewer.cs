using System.Runtime.CompilerServices;
using System.Text.Json;
using CrossReview.Budget;
using CrossReview.Reviewers.Http;
using Microsoft.Extensions.AI;

namespace CrossReview.Reviewers;

/// <summary>
/// A reviewer that is a chat model behind an <see cref="IChatClient"/>: one system and one user message, structured
/// output by JSON schema, the answer streamed so progress can be shown while it arrives.
/// </summary>
internal sealed class ChatReviewer : IReviewer
{
    private readonly ProviderConnection _connection;
    private readonly IChatClient _client;
    private readonly ReviewerSettings _settings;
    private readonly SecretRedactor _redactor;
    private readonly Action _abortStream;

    /// <param name="abortStream">Closes the connection of the response being streamed (<see cref="ModelRetryHandler.AbortStream"/>).</param>
    public ChatReviewer(string name, ProviderConnection connection, IChatClient client, ReviewerSettings settings, SecretRedactor redactor, Action abortStream)
    {
        _abortStream = abortStream;
        Name = name;
        _connection = connection;
        _client = client;
        _settings = settings;
        _redactor = redactor;
    }

    public string Name { get; }
    public string Provider => _connection.Provider;
    public string? Model => _connection.Model;
    public string? Role => _settings.Role;

    public async Task<ReviewerResponse> ReviewAsync(ReviewPrompt prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        List<ChatMessage> messages = [new(ChatRole.System, prompt.System), new(ChatRole.User, prompt.User)];
        var options = new ChatOptions
        {
            ModelId = _connection.Model,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(prompt.Schema, prompt.SchemaName),
            // Always sent: a provider default (Anthropic's 1024) would truncate the review. Temperature stays unset:
            // reasoning models reject it.
            MaxOutputTokens = prompt.MaxOutputTokens > 0 ? prompt.MaxOutputTokens : _settings.MaxOutputTokens,
        };

        var updates = new List<ChatResponseUpdate>();
        try
        {
            var characters = 0;
            await foreach (var update in Cancellable(_client.GetStreamingResponseAsync(messages, options, cancellationToken), cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                var text = update.Text;
                if (text.Length > 0)
                {
                    characters += text.Length;
                    _settings.OutputProgress?.Report(characters);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e)
        {
            var status = e is OperationCanceledException or TimeoutException ? ReviewerStatus.Timeout : ReviewerStatus.Failed;
            var partial = string.Concat(updates.Select(u => u.Text));
            return ReviewerResponse.Failure(_redactor.Redact(Describe(e)), status, partial.Length > 0 ? _redactor.Redact(partial) : null);
        }

        var response = updates.ToChatResponse();
        var usage = ToTokenUsage(response.Usage, response.Text);
        var model = response.ModelId ?? _connection.Model;
        if (response.FinishReason is null)
        {
            // A stream that ends without its closing event was cut: its text is a fragment, not an answer.
            return ReviewerResponse.Failure(
                $"the answer from {Endpoint} ended before the model finished ({response.Text.Length} characters received)",
                rawText: _redactor.Redact(response.Text)) with { Usage = usage, Model = model };
        }

        if (response.FinishReason == ChatFinishReason.Length)
        {
            // A review cut at the token limit is incomplete even when its fragment happens to parse.
            return ReviewerResponse.Failure(
                $"the answer was cut at the output-token limit ({options.MaxOutputTokens}); raise --max-output-tokens",
                rawText: _redactor.Redact(response.Text)) with { Usage = usage, Model = model };
        }

        if (string.IsNullOrWhiteSpace(response.Text))
        {
            return ReviewerResponse.Failure(
                $"the model returned no text (finish reason: {response.FinishReason.Value.Value})") with { Usage = usage, Model = model };
        }

        return ReviewerResponse.Success(response.Text, usage, model);
    }

    /// <summary>
    /// Ends the enumeration as soon as <paramref name="cancellationToken"/> fires, whatever the SDK does with it:
    /// OllamaSharp reads its NDJSON stream without the token, so a server that stalls mid-answer would otherwise hold
    /// the review (and Ctrl+C) forever.
    /// </summary>
    private async IAsyncEnumerable<ChatResponseUpdate> Cancellable(
        IAsyncEnumerable<ChatResponseUpdate> updates, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var enumerator = updates.GetAsyncEnumerator(cancellationToken);
        Task<bool>? abandoned = null;
        try
        {
            while (true)
            {
                var next = enumerator.MoveNextAsync().AsTask();
                try
                {
                    if (!await next.WaitAsync(cancellationToken).ConfigureAwait(false))
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (!next.IsCompleted)
                {
                    abandoned = next;
                    throw;
                }

                yield return enumerator.Current;
            }
        }
        finally
        {
            if (abandoned is null)
            {
                await enumerator.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                // Closing the connection fails the pending read, so the enumerator is disposed promptly and the socket
                // does not linger until the server gives up.
                _abortStream();
                _ = DisposeAfterAsync(abandoned, enumerator);
            }
        }
    }

    /// <summary>
    /// An enumerator cannot be disposed while a read is pending: it is disposed in the background once the read ends,
    /// which the aborted connection makes prompt. The review has already ended as cancelled, so how the read ends no longer matters.
    /// </summary>
    private static async Task DisposeAfterAsync(Task<bool> read, IAsyncEnumerator<ChatResponseUpdate> enumerator)
    {
        try
        {
            await read.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // See the summary: nothing is waiting for this outcome.
        }

        try
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Same: a failure to clean up an abandoned stream has no one to report to.
        }
    }

    private string Endpoint => UriDisplay.WithoutSecrets(_connection.BaseUri).TrimEnd('/');

    /// <summary>
    /// Null unless both the input and the output count are known: an unknown count is not zero, and a zero would make
    /// the review look free. OllamaSharp turns a missing count into 0, so a zero is taken as unknown too: a prompt is
    /// never empty, and text never comes from zero output tokens. A missing cached count only means nothing was cached.
    /// </summary>
    private static TokenUsage? ToTokenUsage(UsageDetails? usage, string text) =>
        usage is { InputTokenCount: > 0 and var input, OutputTokenCount: { } output } && (output > 0 || text.Length == 0)
            ? new TokenUsage(input, usage.CachedInputTokenCount ?? 0, output)
            : null;

    /// <summary>One line saying what went wrong and where; the SDKs' own messages are multi-line and name no URL.</summary>
    private string Describe(Exception exception)
    {
        var chain = new List<Exception>();
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is ModelHttpException http)
            {
                return http.Status is 401 or 403 && _connection.WithheldKeyHint is { } hint ? $"{http.Message} {hint}" : http.Message;
            }

            chain.Add(e);
        }

        var detail = ModelRetryHandler.OneLine(chain[^1].Message);
        if (chain.Any(e => e is JsonException or FormatException))
        {
            return $"malformed response from {Endpoint}: {detail}";
        }

        if (chain.Any(e => e is IOException or HttpRequestException or System.Net.Sockets.SocketException))
        {
            return $"connection to {Endpoint} broke while reading the answer: {detail}";
        }

        if (chain.Any(e => e is OperationCanceledException or TimeoutException))
        {
            return $"{Endpoint} did not answer in time: {detail}";
        }

        return $"{Endpoint} failed: {chain[^1].GetType().Name}: {detail}";
    }
}
