using CrossReview.Reviewers.Http;

namespace CrossReview.Reviewers;

/// <summary>Where and as whom a chat provider is called, resolved from the spec, the environment and the defaults.</summary>
/// <param name="ApiKey">The key to send; null for Ollama. Never shown: error text is redacted with it.</param>
/// <param name="WithheldKeyHint">
/// Set when the user's key was set but withheld from this host (it got <see cref="PlaceholderKey"/>): the note a 401
/// or 403 from it ends with, since the user may not know the key stayed home.
/// </param>
internal sealed record ProviderConnection(string Provider, string Model, Uri BaseUri, string? ApiKey, string? WithheldKeyHint = null)
{
    public const string OpenAIKeyVariable = "OPENAI_API_KEY";
    public const string OpenAIBaseUrlVariable = "OPENAI_BASE_URL";
    public const string GeminiKeyVariable = "GEMINI_API_KEY";
    public const string AnthropicKeyVariable = "ANTHROPIC_API_KEY";
    public const string AnthropicBaseUrlVariable = "ANTHROPIC_BASE_URL";
    public const string OllamaHostVariable = "OLLAMA_HOST";

    public const string DefaultOpenAIBaseUrl = "https://api.openai.com/v1";
    public const string DefaultAnthropicBaseUrl = "https://api.anthropic.com";
    public const string DefaultOllamaHost = "http://127.0.0.1:11434";

    /// <summary>Gemini's OpenAI-compatible endpoint lives here (<c>…/v1beta/openai</c>); it takes a Gemini key.</summary>
    public const string GeminiHost = "generativelanguage.googleapis.com";

    /// <summary>
    /// Sent to OpenAI-compatible servers that need no key (vLLM, llama.cpp, LM Studio) or that must not get the user's
    /// OpenAI or Anthropic key (any other inline host), because the SDKs refuse an empty one.
    /// </summary>
    public const string PlaceholderKey = "no-key";

    /// <summary>The variables that hold a user's main keys: <c>api_key_env</c> naming one of them keeps the usual host rules.</summary>
    private static readonly HashSet<string> UsualKeyVariables = new(StringComparer.Ordinal) { OpenAIKeyVariable, AnthropicKeyVariable, GeminiKeyVariable };

    /// <param name="apiKeyEnv">
    /// The config's <c>api_key_env</c>: the variable read instead of the provider's usual key variable. When it is one
    /// of the usual variables (<c>OPENAI_API_KEY</c>, <c>ANTHROPIC_API_KEY</c>, <c>GEMINI_API_KEY</c>) the usual
    /// key-to-host rules decide where it may go; any other variable is one the user set aside for this reviewer, so its
    /// key goes to the reviewer's base URL, which is what such a variable is for (an in-house gateway).
    /// </param>
    /// <exception cref="InputException">A key the provider needs is not set, or a base URL from the environment is not a URL.</exception>
    public static ProviderConnection Resolve(ReviewerSpec spec, Func<string, string?> getEnvironmentVariable, string? apiKeyEnv = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var model = spec.Model ?? ReviewerProviders.DefaultModel(spec.Provider)
            ?? throw new InputException($"reviewer '{spec.Provider}' is not available yet");

        string? Env(string name) => getEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;

        var dedicatedKeyVariable = apiKeyEnv is { Length: > 0 } && !UsualKeyVariables.Contains(apiKeyEnv) ? apiKeyEnv : null;
        switch (spec.Provider)
        {
            case ReviewerProviders.OpenAI:
            case ReviewerProviders.OpenAIChat:
            {
                var environmentBaseUrl = Env(OpenAIBaseUrlVariable);
                var baseUri = ResolveBaseUri(spec, environmentBaseUrl, OpenAIBaseUrlVariable, DefaultOpenAIBaseUrl);
                if (dedicatedKeyVariable is not null)
                {
                    return new(spec.Provider, model, baseUri, Env(dedicatedKeyVariable) ?? throw MissingKey(dedicatedKeyVariable, spec));
                }

                var keyVariable = apiKeyEnv is { Length: > 0 } ? apiKeyEnv : OpenAIKeyVariable;
                var key = OpenAIKey(spec, baseUri, environmentBaseUrl, keyVariable, Env);
                return new(spec.Provider, model, baseUri, key, WithheldHint(key, Env(keyVariable), keyVariable, "api.openai.com", OpenAIBaseUrlVariable));
            }

            case ReviewerProviders.Anthropic:
            {
                var environmentBaseUrl = Env(AnthropicBaseUrlVariable);
                var baseUri = ResolveBaseUri(spec, environmentBaseUrl, AnthropicBaseUrlVariable, DefaultAnthropicBaseUrl);
                if (dedicatedKeyVariable is not null)
                {
                    return new(spec.Provider, model, baseUri, Env(dedicatedKeyVariable) ?? throw MissingKey(dedicatedKeyVariable, spec));
                }

                var keyVariable = apiKeyEnv is { Length: > 0 } ? apiKeyEnv : AnthropicKeyVariable;
                var key = IsKeyedServer(spec, baseUri, DefaultAnthropicBaseUrl, environmentBaseUrl)
                    ? Env(keyVariable) ?? throw MissingKey(keyVariable, spec)
                    : PlaceholderKey;
                return new(spec.Provider, model, baseUri, key, WithheldHint(key, Env(keyVariable), keyVariable, "api.anthropic.com", AnthropicBaseUrlVariable));
            }

            case ReviewerProviders.Ollama:
                return new(spec.Provider, model, ResolveBaseUri(spec, Env(OllamaHostVariable), OllamaHostVariable, DefaultOllamaHost), null);

            default:
                throw new InputException($"reviewer '{spec.Provider}' is not available yet");
        }
    }

    /// <summary>
    /// The key for an OpenAI-protocol server, chosen by its host so that no key goes where it does not belong: Gemini's
    /// host gets <c>GEMINI_API_KEY</c>, or <c>OPENAI_API_KEY</c> when it is the <c>OPENAI_BASE_URL</c> server (the usual
    /// "OpenAI SDK against Gemini" setup); <c>api.openai.com</c> and the server of <c>OPENAI_BASE_URL</c> get
    /// <c>OPENAI_API_KEY</c> (required, except by <c>openai-chat</c> on an <c>OPENAI_BASE_URL</c> server, which may be
    /// a local one needing none); any other host named inline in a spec gets only <see cref="PlaceholderKey"/>. A server
    /// of that kind that does need a key gets it through <c>OPENAI_BASE_URL</c> + <c>OPENAI_API_KEY</c>, or through
    /// a named reviewer whose <c>api_key_env</c> names a variable of its own.
    /// </summary>
    private static string OpenAIKey(ReviewerSpec spec, Uri baseUri, string? environmentBaseUrl, string keyVariable, Func<string, string?> env)
    {
        var configured = IsConfiguredServer(spec, baseUri, environmentBaseUrl);
        if (string.Equals(baseUri.Host, GeminiHost, StringComparison.OrdinalIgnoreCase))
        {
            return configured
                ? env(GeminiKeyVariable) ?? env(keyVariable) ?? throw MissingKey($"{GeminiKeyVariable} (or {keyVariable})", spec)
                : env(GeminiKeyVariable) ?? throw MissingKey(GeminiKeyVariable, spec);
        }

        if (!IsKeyedServer(spec, baseUri, DefaultOpenAIBaseUrl, environmentBaseUrl))
        {
            return PlaceholderKey;
        }

        var official = SameServer(baseUri, new Uri(DefaultOpenAIBaseUrl));
        var key = env(keyVariable);
        if (key is null && spec.Provider == ReviewerProviders.OpenAIChat && !official)
        {
            return PlaceholderKey;
        }

        return key ?? throw MissingKey(keyVariable, spec);
    }

    /// <summary>
    /// Whether the provider's key may go to <paramref name="baseUri"/>: only the official API and the server (host and
    /// port) its <c>*_BASE_URL</c> variable names get it; a host typed inline in a spec could be anyone's.
    /// </summary>
    private static bool IsKeyedServer(ReviewerSpec spec, Uri baseUri, string officialBaseUrl, string? environmentBaseUrl) =>
        SameServer(baseUri, new Uri(officialBaseUrl)) || IsConfiguredServer(spec, baseUri, environmentBaseUrl);

    private static bool IsConfiguredServer(ReviewerSpec spec, Uri baseUri, string? environmentBaseUrl) =>
        environmentBaseUrl is not null
        && ReviewerSpec.NormalizeBaseUrl(spec.Provider, environmentBaseUrl) is { } fromEnvironment
        && SameServer(baseUri, fromEnvironment);

    private static string? WithheldHint(string key, string? userKey, string variable, string officialHost, string baseUrlVariable) =>
        key == PlaceholderKey && userKey is not null && userKey != PlaceholderKey
            ? $"(no key was sent to this host: {variable} only goes to {officialHost} or the {baseUrlVariable} server; point {baseUrlVariable} at this server to send it)"
            : null;

    private static bool SameServer(Uri a, Uri b) =>
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

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
