using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrossReview.Testing.ScriptedServer;

/// <summary>
/// A model server on 127.0.0.1 that speaks OpenAI Chat Completions and Responses, Anthropic Messages, Ollama chat and
/// Gemini generateContent on their real wire formats, answers from a script, and records every request.
/// </summary>
/// <remarks>
/// Which reply a request gets: <see cref="Script"/> when it returns one, else the first queued reply whose endpoint and
/// model filters match (consumed unless <see cref="ScriptedReply.Repeat"/>), else <see cref="DefaultReply"/>.
/// </remarks>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    /// <summary>A passing <c>crossreview_review</c> answer: approve, no findings.</summary>
    public const string ApprovingReview = """{"verdict":"approve","summary":"Scripted review: nothing to report.","findings":[]}""";

    private readonly object _gate = new();
    private readonly List<QueuedReply> _queue = [];
    private readonly List<RecordedRequest> _requests = [];
    private WebApplication? _app;
    private int _abortedRequests;

    private ScriptedModelServer()
    {
    }

    /// <summary><c>http://127.0.0.1:PORT</c>: the root for Anthropic (<c>ANTHROPIC_BASE_URL</c>) and Ollama (<c>OLLAMA_HOST</c>).</summary>
    public string Root { get; private set; } = "";

    /// <summary><c>Root + "/v1"</c>, as <c>OPENAI_BASE_URL</c> expects.</summary>
    public string OpenAIBaseUrl => Root + "/v1";

    /// <summary>The reply when the script and the queue have none. Starts as <see cref="ApprovingReview"/>.</summary>
    public ScriptedReply DefaultReply { get; set; } = ScriptedReply.Text(ApprovingReview);

    /// <summary>Decides replies by looking at the request; returning null falls back to the queue.</summary>
    public Func<RecordedRequest, ScriptedReply?>? Script { get; set; }

    /// <summary>Every request received so far, in arrival order (a snapshot).</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>How many model requests ended because the client closed the connection before the reply was complete.</summary>
    public int AbortedRequests => Volatile.Read(ref _abortedRequests);

    /// <summary>The model-API requests only (no preflights), optionally of one endpoint.</summary>
    public IReadOnlyList<RecordedRequest> ModelRequests(ModelEndpoint? endpoint = null) =>
        [.. Requests.Where(r => r.Endpoint is not null && (endpoint is null || r.Endpoint == endpoint))];

    public static async Task<ScriptedModelServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var server = new ScriptedModelServer();
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Root = new Uri(address).GetLeftPart(UriPartial.Authority);
        server._app = app;
        return server;
    }

    /// <summary>Queues a reply for the next model request that matches <paramref name="endpoint"/> and <paramref name="model"/> (null matches any).</summary>
    public void Enqueue(ScriptedReply reply, ModelEndpoint? endpoint = null, string? model = null)
    {
        ArgumentNullException.ThrowIfNull(reply);
        lock (_gate)
        {
            _queue.Add(new QueuedReply(reply, endpoint, model));
        }
    }

    /// <summary>Queues several replies, in order, for any endpoint and model.</summary>
    public void EnqueueAll(params ScriptedReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            Enqueue(reply, null, null);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            // A client that abandoned a stalled stream never closes its connection; waiting for it would hold every
            // such test for the host's 30 s shutdown timeout.
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await app.StopAsync(stopping.Token).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = await RecordAsync(context).ConfigureAwait(false);
        if (request.Endpoint is not { } endpoint)
        {
            await AnswerOtherAsync(context).ConfigureAwait(false);
            return;
        }

        var reply = Choose(request);
        try
        {
            if (reply.Delay > TimeSpan.Zero)
            {
                await Task.Delay(reply.Delay, context.RequestAborted).ConfigureAwait(false);
            }

            foreach (var (name, value) in reply.Headers)
            {
                context.Response.Headers[name] = value;
            }

            if (reply.StatusCode != StatusCodes.Status200OK || reply.RawBody is not null)
            {
                context.Response.StatusCode = reply.StatusCode;
                context.Response.ContentType = reply.RawContentType;
                await context.Response.WriteAsync(reply.RawBody ?? "", context.RequestAborted).ConfigureAwait(false);
                return;
            }

            if (reply.ToolName is not null && endpoint is not (ModelEndpoint.AnthropicMessages or ModelEndpoint.Responses or ModelEndpoint.GeminiGenerateContent))
            {
                context.Response.StatusCode = StatusCodes.Status501NotImplemented;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(
                    $$$"""{"error":{"message":"scripted server sends tool calls on Anthropic Messages, Responses and Gemini only, not {{{endpoint}}}","type":"not_implemented","code":501}}""",
                    context.RequestAborted).ConfigureAwait(false);
                return;
            }

            var exchange = new ScriptedExchange(context, request, reply);
            await (endpoint switch
            {
                ModelEndpoint.ChatCompletions => ChatCompletionsProtocol.WriteAsync(exchange),
                ModelEndpoint.Responses => ResponsesProtocol.WriteAsync(exchange),
                ModelEndpoint.AnthropicMessages => AnthropicMessagesProtocol.WriteAsync(exchange),
                ModelEndpoint.GeminiGenerateContent => GeminiGenerateContentProtocol.WriteAsync(exchange),
                _ => OllamaChatProtocol.WriteAsync(exchange),
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (cancelled or timed out): nothing left to answer.
            Interlocked.Increment(ref _abortedRequests);
        }
    }

    private ScriptedReply Choose(RecordedRequest request)
    {
        if (Script?.Invoke(request) is { } scripted)
        {
            return scripted;
        }

        lock (_gate)
        {
            var index = _queue.FindIndex(q => (q.Endpoint is null || q.Endpoint == request.Endpoint)
                && (q.Model is null || string.Equals(q.Model, request.Model, StringComparison.Ordinal)));
            if (index < 0)
            {
                return DefaultReply;
            }

            var queued = _queue[index];
            if (!queued.Reply.Repeat)
            {
                _queue.RemoveAt(index);
            }

            return queued.Reply;
        }
    }

    private async Task<RecordedRequest> RecordAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        JsonElement? json = null;
        if (body.Length > 0)
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                json = null;
            }
        }

        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        var request = new RecordedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "",
            context.Request.QueryString.Value ?? "",
            headers,
            body,
            json,
            EndpointOf(context.Request.Method, context.Request.Path.Value ?? ""),
            DateTimeOffset.UtcNow);
        lock (_gate)
        {
            _requests.Add(request);
        }

        return request;
    }

    private static ModelEndpoint? EndpointOf(string method, string path) => !HttpMethods.IsPost(method)
        ? null
        : path.TrimEnd('/') switch
        {
            "/v1/chat/completions" => ModelEndpoint.ChatCompletions,
            "/v1/responses" => ModelEndpoint.Responses,
            "/v1/messages" => ModelEndpoint.AnthropicMessages,
            "/api/chat" => ModelEndpoint.OllamaChat,
            _ when RecordedRequest.GeminiModelOf(path) is not null => ModelEndpoint.GeminiGenerateContent,
            _ => null,
        };

    /// <summary>Preflights: the claude CLI sends <c>HEAD /</c> or <c>HEAD /api/hello</c>; Ollama clients <c>GET /</c>.</summary>
    private static Task AnswerOtherAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if ((HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsGet(context.Request.Method)) && path is "/" or "/api/hello")
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return HttpMethods.IsGet(context.Request.Method)
                ? context.Response.WriteAsync("Ollama is running", context.RequestAborted)
                : Task.CompletedTask;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(
            $$$"""{"error":{"message":"scripted server has no {{{context.Request.Method}}} {{{path}}}","type":"not_found"}}""",
            context.RequestAborted);
    }

    private sealed record QueuedReply(ScriptedReply Reply, ModelEndpoint? Endpoint, string? Model);
}
