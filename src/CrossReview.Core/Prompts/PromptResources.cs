using System.Text.Json;

namespace CrossReview.Prompts;

/// <summary>Prompt templates and schemas shipped inside the assembly (logical names <c>CrossReview.Prompts.&lt;file&gt;</c>).</summary>
internal static class PromptResources
{
    private static readonly Lazy<JsonElement> ReviewSchemaElement = new(() => ParseSchema("crossreview_review.schema.json"));

    private static readonly Lazy<JsonElement> VoteSchemaElement = new(() => ParseSchema("crossreview_vote.schema.json"));

    public static JsonElement ReviewSchema => ReviewSchemaElement.Value;

    public static JsonElement VoteSchema => VoteSchemaElement.Value;

    public static string Read(string fileName)
    {
        var name = "CrossReview.Prompts." + fileName;
        using var stream = typeof(PromptResources).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"embedded resource {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static JsonElement ParseSchema(string fileName)
    {
        using var document = JsonDocument.Parse(Read(fileName));
        return document.RootElement.Clone();
    }
}
