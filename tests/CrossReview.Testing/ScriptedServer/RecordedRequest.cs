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
    /// <summary>The <c>model</c> field of the body.</summary>
    public string? Model => FindString("model");

    /// <summary>Whether the client asked for a stream (Ollama streams unless told <c>stream:false</c>).</summary>
    public bool Stream => Find("stream") is { } stream
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
}
