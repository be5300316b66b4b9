using System.Globalization;
using System.Text.Json;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>Text helpers the agent-CLI dialects share: the prompt they send and how they read what came back.</summary>
internal static class AgentCliText
{
    private const int ExcerptLength = 400;
    private const int ErrorLines = 5;
    private const int ErrorChars = 1000;

    /// <summary>
    /// The whole prompt as one text for stdin. Agent CLIs take one prompt, and a review prompt can pass Linux's 128 KiB
    /// limit on a single argument (MAX_ARG_STRLEN), so it never goes on the command line.
    /// </summary>
    public static string StdinPrompt(ReviewPrompt prompt) => prompt.System.TrimEnd() + "\n\n" + prompt.User;

    /// <summary>
    /// The failure of a run that exited with <paramref name="exitCode"/> when nothing it printed says more. The code is
    /// given as it is: 128+N is also what a process killed by signal N reports, but a tool may exit with it too (gemini
    /// exits 145 for a refused key), so no signal is named.
    /// </summary>
    public static string ExitFailure(string tool, int exitCode, string standardError) =>
        string.Create(CultureInfo.InvariantCulture, $"'{tool}' exited with code {exitCode}; {DescribeErrors(standardError)}");

    /// <summary>The last lines of stderr on one line: they usually say why (not logged in, a refused request, a stack trace's message).</summary>
    private static string DescribeErrors(string errorTail)
    {
        var lines = errorTail.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(ErrorLines).ToList();
        if (lines.Count == 0)
        {
            return "it printed nothing on stderr";
        }

        var text = string.Join(" | ", lines);
        return "stderr: " + (text.Length <= ErrorChars ? text : "…" + text[^ErrorChars..]);
    }

    /// <summary>The end of <paramref name="text"/> (where a CLI prints its error), on one line, for an error message.</summary>
    public static string Excerpt(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length > ExcerptLength)
        {
            trimmed = "…" + trimmed[^ExcerptLength..];
        }

        return trimmed.ReplaceLineEndings(" ");
    }

    /// <summary>The JSON object <paramref name="text"/> holds, or null when it is not one.</summary>
    public static JsonElement? ParseObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The JSON object that ends <paramref name="text"/>, starting at the beginning of a line: CLIs print their result
    /// object after warnings and stack traces. Null when the text does not end in one.
    /// </summary>
    public static JsonElement? TrailingObject(string text)
    {
        const int MaxAttempts = 16;
        var attempts = 0;
        for (var end = text.Length; end > 0 && attempts < MaxAttempts;)
        {
            var start = text.LastIndexOf('{', end - 1);
            if (start < 0)
            {
                return null;
            }

            if (start == 0 || text[start - 1] == '\n')
            {
                attempts++;
                if (ParseObject(text[start..]) is { } found)
                {
                    return found;
                }
            }

            end = start;
        }

        return null;
    }

    public static JsonElement? Property(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    public static string? String(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public static long Number(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt64(out var number) ? number : 0;

    public static decimal? Decimal(JsonElement element, string name) =>
        Property(element, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetDecimal(out var number) ? number : null;
}
