using System.Globalization;
using System.Net;
using System.Text.Json;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CrossReview.Reviewers.Http;

/// <summary>
/// The one retry layer under every provider SDK (their own retries are switched off): 429 waits for <c>Retry-After</c>
/// (capped), 408, 5xx, per-attempt timeouts and connection errors back off exponentially with jitter, for a bounded
/// number of attempts, all within <see cref="ReviewerSettings.RequestTimeout"/>. A response that is still a failure becomes a <see cref="ModelHttpException"/> whose message
/// names the status, the URL and the server's reason, with the API key redacted.
/// </summary>
internal sealed class ModelRetryHandler : DelegatingHandler
{
    private const int MaxBodyExcerpt = 300;

    /// <summary>Polly rejects longer timeouts; the caller's token still bounds the call.</summary>
    private static readonly TimeSpan MaxPollyTimeout = TimeSpan.FromHours(24);

    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly SecretRedactor _redactor;

    /// <summary>The last successful response handed up, whose body the SDK may still be streaming.</summary>
    private HttpResponseMessage? _streaming;

    public ModelRetryHandler(ReviewerSettings settings, TimeSpan attemptTimeout, SecretRedactor redactor, HttpMessageHandler innerHandler)
        : base(innerHandler)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _redactor = redactor;
        var timeProvider = settings.TimeProvider;
        var maxRetryAfter = settings.MaxRetryAfter;
        // The outer timeout bounds every attempt and wait together: four silent attempts would otherwise take minutes.
        var requestTimeout = settings.RequestTimeout < MaxPollyTimeout ? settings.RequestTimeout : MaxPollyTimeout;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider }
            .AddTimeout(requestTimeout);
        if (settings.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = settings.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = settings.RetryBaseDelay,
                MaxDelay = settings.RetryBaseDelay * 16,
                ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult(ServerRequestedDelay(args.Outcome.Result, timeProvider, maxRetryAfter)),
            });
        }

        // An attempt allowed as long as the whole request (a self-hosted server) needs no timeout of its own.
        if (attemptTimeout < requestTimeout)
        {
            builder.AddTimeout(attemptTimeout);
        }

        _pipeline = builder.Build();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // Every attempt re-sends the same message, so its body must be readable more than once.
        if (request.Content is not null)
        {
            await request.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
        }

        var attempts = 0;
        HttpResponseMessage response;
        try
        {
            response = await _pipeline.ExecuteAsync(
                async token =>
                {
                    attempts++;
                    return await base.SendAsync(request, token).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is HttpRequestException or TimeoutRejectedException)
        {
            // The innermost message says what happened ("Connection reset by peer"); the outer ones only that sending failed.
            var what = e is TimeoutRejectedException timeout
                ? $"no response within {timeout.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s"
                : OneLine(e.GetBaseException().Message);
            throw new ModelHttpException(_redactor.Redact($"request to {Describe(request)} failed{AfterAttempts(attempts)}: {what}"), e);
        }

        if (response.IsSuccessStatusCode)
        {
            Volatile.Write(ref _streaming, response);
            return response;
        }

        using (response)
        {
            var reason = await ReadReasonAsync(response, cancellationToken).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            throw new ModelHttpException(
                _redactor.Redact($"HTTP {status} from {Describe(request)}{AfterAttempts(attempts)}: {reason}"), status: status);
        }
    }

    /// <summary>
    /// Closes the connection of the response being streamed, failing a read that is pending on it. For a caller that
    /// gives up on a stream the SDK reads without its token (OllamaSharp): cancelling that token cannot end the read,
    /// and HttpClient no longer watches a token once headers have arrived, so the socket would stay open.
    /// </summary>
    public void AbortStream() => Interlocked.Exchange(ref _streaming, null)?.Dispose();

    private static bool IsTransient(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests
            || ((int)response.StatusCode >= 500 && response.StatusCode != HttpStatusCode.NotImplemented),
        _ => false,
    };

    /// <summary><c>Retry-After</c> in seconds or as an HTTP date, or OpenAI's <c>retry-after-ms</c>; null lets the backoff decide.</summary>
    internal static TimeSpan? ServerRequestedDelay(HttpResponseMessage? response, TimeProvider timeProvider, TimeSpan cap)
    {
        if (response is null)
        {
            return null;
        }

        TimeSpan? delay = null;
        if (response.Headers.TryGetValues("retry-after-ms", out var values)
            && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms))
        {
            delay = TimeSpan.FromMilliseconds(ms);
        }
        else if (response.Headers.RetryAfter is { } retryAfter)
        {
            delay = retryAfter.Delta ?? retryAfter.Date - timeProvider.GetUtcNow();
        }

        if (delay is not { } value)
        {
            return null;
        }

        return value < TimeSpan.Zero ? TimeSpan.Zero : value > cap ? cap : value;
    }

    /// <summary>The server's own message when its error body is JSON (<c>error.message</c>, <c>message</c>, <c>error</c>), else the body itself, on one short line.</summary>
    private static async Task<string> ReadReasonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string body;
        try
        {
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            body = "";
        }

        var reason = ExtractMessage(body) ?? body;
        reason = OneLine(reason);
        if (reason.Length == 0)
        {
            reason = response.ReasonPhrase ?? response.StatusCode.ToString();
        }

        return reason.Length > MaxBodyExcerpt ? reason[..MaxBodyExcerpt] + "…" : reason;
    }

    private static string? ExtractMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (root.TryGetProperty("error", out var error))
            {
                if (error.ValueKind == JsonValueKind.String)
                {
                    return error.GetString();
                }

                if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var nested) && nested.ValueKind == JsonValueKind.String)
                {
                    return nested.GetString();
                }
            }

            return root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Scheme, host and path: user info and query may carry a password or a key, so they are never shown.</summary>
    private static string Describe(HttpRequestMessage request) =>
        request.RequestUri is { } uri ? UriDisplay.WithoutSecrets(uri) : "(no URL)";

    private static string AfterAttempts(int attempts) => attempts > 1 ? $" after {attempts} attempts" : "";

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
