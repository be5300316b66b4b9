using System.Text.Json;

namespace CrossReview.Reviewers.Detection;

/// <summary>Reads Ollama's <c>GET /api/tags</c> answer and picks the model to review with.</summary>
internal static class OllamaModels
{
    /// <summary>The <c>models[].name</c> of an <c>/api/tags</c> body; empty when it is not one.</summary>
    public static IReadOnlyList<string> Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("models", out var models)
                || models.ValueKind != JsonValueKind.Array)
            {
                return [];
            }

            return models.EnumerateArray()
                .Select(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null)
                .OfType<string>()
                .Where(n => n.Length > 0)
                .ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>A coder model when there is one (they review code best among what people pull), else the first listed; null when none.</summary>
    public static string? Pick(IReadOnlyList<string> models) =>
        models.FirstOrDefault(m => m.Contains("coder", StringComparison.OrdinalIgnoreCase))
        ?? models.FirstOrDefault(m => m.Contains("code", StringComparison.OrdinalIgnoreCase))
        ?? models.FirstOrDefault();
}
