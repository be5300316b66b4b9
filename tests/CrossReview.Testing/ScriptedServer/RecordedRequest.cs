using System.Text.Json;

namespace CrossReview.Testing.ScriptedServer;

/// <summary>A request as the server received it, for assertions on the wire.</summary>
/// <param name="Query">The query string with its leading <c>?</c>, or empty.</param>
/// <param name="Headers">Header values joined by <c>", "</c>; names are case-insensitive.</param>
/// <param name="Json">The body parsed as JSON, when it is JSON.</param>
/// <param name="Endpoint">The model API called, or null for anything else (preflight <c>HEAD /</c>, unknown paths).</param>
public sealed record RecordedRequest(
    string Method,
    string Path,
    string Query,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    JsonElement? Json,
    ModelEndpoint? Endpoint,
    DateTimeOffset ReceivedAt)
{
    /// <summary>The <c>model</c> field of the body; for Gemini, the model named in the path.</summary>
    public string? Model => Endpoint == ModelEndpoint.GeminiGenerateContent ? GeminiModelOf(Path) : FindString("model");

    /// <summary>
    /// Whether the client asked for a stream (Ollama streams unless told <c>stream:false</c>; Gemini streams on
    /// <c>:streamGenerateContent</c>).
    /// </summary>
    public bool Stream => Endpoint == ModelEndpoint.GeminiGenerateContent
        ? Path.EndsWith(":streamGenerateContent", StringComparison.Ordinal)
        : Find("stream") is { } stream
            ? stream.ValueKind == JsonValueKind.True
            : Endpoint == ModelEndpoint.OllamaChat;

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>The JSON value at a path of property names (<c>"text", "format", "name"</c>), or null.</summary>
    public JsonElement? Find(params string[] path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Json is not { } current)
        {
            return null;
        }

        foreach (var name in path)
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
            {
                return null;
            }
        }

        return current;
    }

    public string? FindString(params string[] path) =>
        Find(path) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public long? FindNumber(params string[] path) =>
        Find(path) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : null;

    /// <summary>Whether the request offers a tool of this name (<c>tools[].name</c>, or <c>tools[].function.name</c> on Chat Completions).</summary>
    public bool OffersTool(string name) =>
        Find("tools") is { ValueKind: JsonValueKind.Array } tools
        && tools.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.Object
            && (NameOf(t) == name || (t.TryGetProperty("function", out var function) && NameOf(function) == name)));

    /// <summary>
    /// Whether the last turn sends a tool's result back: an Anthropic user message with a <c>tool_result</c> block, or a
    /// Responses <c>function_call_output</c> item. That is the follow-up a client sends after a scripted tool call.
    /// </summary>
    public bool EndsWithToolResult
    {
        get
        {
            if (Find("messages") is { ValueKind: JsonValueKind.Array } messages && messages.GetArrayLength() > 0)
            {
                var last = messages[messages.GetArrayLength() - 1];
                return last.ValueKind == JsonValueKind.Object
                    && last.TryGetProperty("content", out var content)
                    && content.ValueKind == JsonValueKind.Array
                    && content.EnumerateArray().Any(b => TypeOf(b) == "tool_result");
            }

            return Find("input") is { ValueKind: JsonValueKind.Array } input
                && input.GetArrayLength() > 0
                && TypeOf(input[input.GetArrayLength() - 1]) == "function_call_output";
        }
    }

    /// <summary>The model of a Gemini path <c>/v1beta/models/MODEL:generateContent</c> (or <c>:streamGenerateContent</c>), else null.</summary>
    internal static string? GeminiModelOf(string path)
    {
        const string Prefix = "/v1beta/models/";
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = path[Prefix.Length..];
        var colon = rest.LastIndexOf(':');
        return colon > 0 && rest[(colon + 1)..] is "generateContent" or "streamGenerateContent" ? rest[..colon] : null;
    }

    private static string? NameOf(JsonElement element) => StringProperty(element, "name");

    private static string? TypeOf(JsonElement element) => StringProperty(element, "type");

    private static string? StringProperty(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
