using System.Text.Json;
using CrossReview.Reviewers;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers;

/// <summary>Builds reviewers pointed at a <see cref="ScriptedModelServer"/> through the real factory and SDKs.</summary>
internal static class ReviewerTestKit
{
    public const string Key = "sk-test-7f3a9c2e1b5d";
    public const string Model = "test-model";

    public static readonly TheoryData<string> ChatProviders = new(ReviewerProviders.Chat);

    public static JsonElement Schema { get; } = JsonDocument.Parse("""
        {"type":"object","additionalProperties":false,"required":["verdict","summary","findings"],
         "properties":{"verdict":{"type":"string","enum":["approve","request_changes"]},"summary":{"type":"string"},
         "findings":{"type":"array","items":{"type":"object"}}}}
        """).RootElement.Clone();

    public static ReviewPrompt Prompt(int maxOutputTokens = 1234) =>
        new("You review code.", "Review this diff:\n+ added line", "crossreview_review", Schema, maxOutputTokens);

    public static string BaseUrlFor(ScriptedModelServer server, string provider) =>
        provider is ReviewerProviders.OpenAI or ReviewerProviders.OpenAIChat ? server.OpenAIBaseUrl : server.Root;

    public static ModelEndpoint EndpointFor(string provider) => provider switch
    {
        ReviewerProviders.OpenAI => ModelEndpoint.Responses,
        ReviewerProviders.OpenAIChat => ModelEndpoint.ChatCompletions,
        ReviewerProviders.Anthropic => ModelEndpoint.AnthropicMessages,
        _ => ModelEndpoint.OllamaChat,
    };

    public static Func<string, string?> Environment(string? key = Key) => name =>
        name is "OPENAI_API_KEY" or "ANTHROPIC_API_KEY" ? key : null;

    public static ReviewerSettings Settings(ReviewerSettings? settings = null) =>
        (settings ?? new ReviewerSettings()) with { GetEnvironmentVariable = Environment() };

    /// <summary>
    /// The server is named inline and is also <c>OPENAI_BASE_URL</c> and <c>ANTHROPIC_BASE_URL</c> (unless the settings
    /// set them), the configuration under which an inline host receives <c>OPENAI_API_KEY</c> or <c>ANTHROPIC_API_KEY</c>.
    /// </summary>
    public static IReviewer Create(ScriptedModelServer server, string provider, ReviewerSettings? settings = null)
    {
        settings ??= Settings();
        var environment = settings.GetEnvironmentVariable;
        return ReviewerFactory.Create(
            ReviewerSpec.Parse($"{provider}:{Model}@{BaseUrlFor(server, provider)}"),
            settings with
            {
                GetEnvironmentVariable = name => environment(name) ?? name switch
                {
                    "OPENAI_BASE_URL" => server.OpenAIBaseUrl,
                    "ANTHROPIC_BASE_URL" => server.Root,
                    _ => null,
                },
            });
    }
}
