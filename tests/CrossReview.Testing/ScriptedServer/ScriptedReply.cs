using System.Globalization;

namespace CrossReview.Testing.ScriptedServer;

/// <summary>
/// One scripted answer. By default a 200 in the wire format of the endpoint that was called (streamed when the
/// request asked for a stream) carrying <see cref="Content"/> as the model's text; the other members turn it into a
/// delay, an HTTP error, malformed output or a connection cut halfway.
/// </summary>
public sealed record ScriptedReply
{
    /// <summary>The model's answer text (for a review: the JSON the engine will parse); for a tool call, its arguments JSON.</summary>
    public string Content { get; init; } = "";

    /// <summary>
    /// When set, the model calls this tool with <see cref="Content"/> as its arguments instead of answering in text: an
    /// Anthropic <c>tool_use</c> block (streamed as <c>input_json_delta</c>, <c>stop_reason: tool_use</c>) or an OpenAI
    /// Responses <c>function_call</c> item. Chat Completions and Ollama answer such a reply with a 501.
    /// </summary>
    public string? ToolName { get; init; }

    /// <summary>Token counts to report; null estimates them from the request and answer sizes (always &gt; 0).</summary>
    public ScriptedUsage? Usage { get; init; }

    /// <summary>
    /// Report no token counts at all, as some OpenAI-compatible servers do: no usage chunk on Chat Completions, a null
    /// <c>usage</c> on Responses, no <c>prompt_eval_count</c>/<c>eval_count</c> on Ollama. Anthropic always reports usage.
    /// </summary>
    public bool OmitUsage { get; init; }

    /// <summary>Wait before answering (before the status line). The wait ends early when the client disconnects.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Pause between streamed pieces of the answer (about 24 characters each).</summary>
    public TimeSpan PieceDelay { get; init; }

    /// <summary>HTTP status; anything but 200 sends <see cref="RawBody"/> (or a JSON error body) instead of an answer.</summary>
    public int StatusCode { get; init; } = 200;

    /// <summary>Extra response headers, e.g. <c>Retry-After</c>.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Sent verbatim instead of the protocol's answer: an error body, malformed JSON, prose.</summary>
    public string? RawBody { get; init; }

    /// <summary>Content type of <see cref="RawBody"/>.</summary>
    public string RawContentType { get; init; } = "application/json";

    /// <summary>Send about half of the answer, then abort the connection.</summary>
    public bool CutMidway { get; init; }

    /// <summary>Stay in the queue instead of being consumed: a server that fails (or answers) forever.</summary>
    public bool Repeat { get; init; }

    /// <summary>Model name the answer claims; null echoes the request's model.</summary>
    public string? Model { get; init; }

    /// <summary>The Chat Completions <c>finish_reason</c>: <c>length</c> plays an answer cut at the output-token limit.</summary>
    public string ChatFinishReason { get; init; } = "stop";

    /// <summary>A normal answer whose text is <paramref name="content"/>.</summary>
    public static ScriptedReply Text(string content) => new() { Content = content };

    /// <summary>
    /// A call of tool <paramref name="name"/> with <paramref name="argumentsJson"/> (how claude's <c>--json-schema</c>
    /// expects its <c>StructuredOutput</c> answer). The client then sends the tool's result in a follow-up request.
    /// </summary>
    public static ScriptedReply ToolCall(string name, string argumentsJson) => new() { ToolName = name, Content = argumentsJson };

    /// <summary>An HTTP error; <paramref name="body"/> defaults to an OpenAI-style <c>{"error":{"message":…}}</c>.</summary>
    public static ScriptedReply Status(int statusCode, string? body = null) => new()
    {
        StatusCode = statusCode,
        RawBody = body ?? $$$"""{"error":{"message":"scripted HTTP {{{statusCode}}}","type":"scripted_error","code":null}}""",
    };

    /// <summary>429 with <c>Retry-After</c> in whole seconds.</summary>
    public static ScriptedReply RateLimited(TimeSpan retryAfter) =>
        Status(429).WithHeader("Retry-After", ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture));

    /// <summary>500 Internal Server Error.</summary>
    public static ScriptedReply ServerError() => Status(500);

    /// <summary>A 200 whose body is <paramref name="body"/> as is, e.g. broken JSON or prose where the protocol wants JSON.</summary>
    public static ScriptedReply Malformed(string body, string contentType = "application/json") =>
        new() { RawBody = body, RawContentType = contentType };

    /// <summary>An answer that starts normally and then loses its connection.</summary>
    public static ScriptedReply Cut(string content) => new() { Content = content, CutMidway = true };

    public ScriptedReply WithUsage(long inputTokens, long cachedInputTokens, long outputTokens) =>
        this with { Usage = new ScriptedUsage(inputTokens, cachedInputTokens, outputTokens) };

    /// <summary>The same answer without any token counts (<see cref="OmitUsage"/>).</summary>
    public ScriptedReply WithoutUsage() => this with { OmitUsage = true };

    public ScriptedReply WithDelay(TimeSpan delay) => this with { Delay = delay };

    public ScriptedReply WithPieceDelay(TimeSpan pieceDelay) => this with { PieceDelay = pieceDelay };

    public ScriptedReply WithHeader(string name, string value) =>
        this with { Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [name] = value } };

    /// <summary>Never consumed: every later request (that reaches this entry) gets it.</summary>
    public ScriptedReply Forever() => this with { Repeat = true };
}
