using System.Globalization;
using System.Text.Json;

namespace CrossReview.Reviewers.Sarif;

/// <summary>
/// Reads optional members of a SARIF document without throwing: logs from different tools leave out different parts,
/// and a member of the wrong kind counts as absent rather than failing the whole log.
/// </summary>
internal static class SarifJson
{
    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static JsonElement? Object(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Object } value ? value : null;

    public static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } value ? value.EnumerateArray() : [];

    /// <summary>The <paramref name="index"/>th item of an array member, or null when there is none.</summary>
    public static JsonElement? Element(JsonElement element, string name, int index) =>
        Property(element, name) is { ValueKind: JsonValueKind.Array } value && index >= 0 && index < value.GetArrayLength()
            ? value[index]
            : null;

    public static string? String(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;

    /// <summary>The <c>text</c> of a message-like member (<c>message</c>, <c>shortDescription</c>, <c>help</c>), else its <c>markdown</c>.</summary>
    public static string? Text(JsonElement element, string name) =>
        Object(element, name) is { } message ? String(message, "text") ?? String(message, "markdown") : null;

    public static int? Int(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;

    /// <summary>A number, or a string holding one: CodeQL writes <c>"security-severity": "8.8"</c>.</summary>
    public static double? Number(JsonElement element, string name) => Property(element, name) switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var d) => d,
        { ValueKind: JsonValueKind.String } s when double.TryParse(s.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };
}
