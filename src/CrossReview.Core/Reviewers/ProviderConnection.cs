using CrossReview.Reviewers.Http;

namespace CrossReview.Reviewers;

/// <summary>Where and as whom a chat provider is called, resolved from the spec, the environment and the defaults.</summary>
/// <param name="ApiKey">The key to send; null for Ollama. Never shown: error text is redacted with it.</param>
internal sealed record ProviderConnection(string Provider, string Model, Uri BaseUri, string? ApiKey)
{
    public const string OpenAIKeyVariable = "OPENAI_API_KEY";
    public const string OpenAIBaseUrlVariable = "OPENAI_BASE_URL";
    public const string AnthropicKeyVariable = "ANTHROPIC_API_KEY";
    public const string AnthropicBaseUrlVariable = "ANTHROPIC_BASE_URL";
    public const string OllamaHostVariable = "OLLAMA_HOST";

    public const string DefaultOpenAIBaseUrl = "https://api.openai.com/v1";
    public const string DefaultAnthropicBaseUrl = "https://api.anthropic.com";
    public const string DefaultOllamaHost = "http://127.0.0.1:11434";

    /// <summary>
    /// Sent to OpenAI-compatible local servers (vLLM, llama.cpp, LM Studio) that need no key, because the SDK refuses
    /// an empty one.
    /// </summary>
    public const string PlaceholderKey = "no-key";

    /// <exception cref="InputException">A key the provider needs is not set, or a base URL from the environment is not a URL.</exception>
    public static ProviderConnection Resolve(ReviewerSpec spec, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var model = spec.Model ?? ReviewerProviders.DefaultModel(spec.Provider)
            ?? throw new InputException($"reviewer '{spec.Provider}' is not available yet");

        string? Env(string name) => getEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;

        switch (spec.Provider)
        {
            case ReviewerProviders.OpenAI:
            case ReviewerProviders.OpenAIChat:
            {
                var baseUri = ResolveBaseUri(spec, Env(OpenAIBaseUrlVariable), OpenAIBaseUrlVariable, DefaultOpenAIBaseUrl);
                var key = Env(OpenAIKeyVariable);
                var custom = !string.Equals(baseUri.Host, new Uri(DefaultOpenAIBaseUrl).Host, StringComparison.OrdinalIgnoreCase);
                if (key is null && spec.Provider == ReviewerProviders.OpenAIChat && custom)
                {
                    key = PlaceholderKey;
                }

                return new(spec.Provider, model, baseUri, key ?? throw MissingKey(OpenAIKeyVariable, spec));
            }

            case ReviewerProviders.Anthropic:
            {
                var baseUri = ResolveBaseUri(spec, Env(AnthropicBaseUrlVariable), AnthropicBaseUrlVariable, DefaultAnthropicBaseUrl);
                return new(spec.Provider, model, baseUri, Env(AnthropicKeyVariable) ?? throw MissingKey(AnthropicKeyVariable, spec));
            }

            case ReviewerProviders.Ollama:
                return new(spec.Provider, model, ResolveBaseUri(spec, Env(OllamaHostVariable), OllamaHostVariable, DefaultOllamaHost), null);

            default:
                throw new InputException($"reviewer '{spec.Provider}' is not available yet");
        }
    }

    private static Uri ResolveBaseUri(ReviewerSpec spec, string? fromEnvironment, string variable, string fallback)
    {
        if (spec.BaseUrl is not null)
        {
            return ReviewerSpec.NormalizeBaseUrl(spec.Provider, spec.BaseUrl)
                ?? throw new InputException($"invalid base URL '{UriDisplay.WithoutSecrets(spec.BaseUrl)}' in reviewer '{spec.SafeText}'");
        }

        if (fromEnvironment is not null)
        {
            return ReviewerSpec.NormalizeBaseUrl(spec.Provider, fromEnvironment)
                ?? throw new InputException($"{variable} is not an absolute http(s) URL: '{UriDisplay.WithoutSecrets(fromEnvironment)}' (used by reviewer '{spec.SafeText}')");
        }

        return new Uri(fallback);
    }

    private static InputException MissingKey(string variable, ReviewerSpec spec) =>
        new($"{variable} is not set (needed by reviewer '{spec.SafeText}')");
}
