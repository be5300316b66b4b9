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

    private static readonly Uri GeminiServer = new("https://" + GeminiHost);

    /// <summary>The variables that hold a user's main keys: <c>api_key_env</c> naming one of them keeps the usual host rules.</summary>
    private static readonly HashSet<string> UsualKeyVariables = new(StringComparer.Ordinal) { OpenAIKeyVariable, AnthropicKeyVariable, GeminiKeyVariable };

    /// <param name="apiKeyEnv">
    /// The config's <c>api_key_env</c>: the variable read instead of the provider's usual key variable. The usual
    /// variables (<c>OPENAI_API_KEY</c>, <c>ANTHROPIC_API_KEY</c>, <c>GEMINI_API_KEY</c>) keep their own vendors' host
    /// rules whatever provider names them, so <c>ANTHROPIC_API_KEY</c> never reaches OpenAI's servers; any other
    /// variable is one the user set aside for this reviewer, so its key goes to the reviewer's base URL, which is what
    /// such a variable is for (an in-house gateway).
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

                if (apiKeyEnv is { Length: > 0 } && apiKeyEnv != OpenAIKeyVariable)
                {
                    return OtherVendorsKey(spec, model, baseUri, apiKeyEnv, Env);
                }

                var key = OpenAIKey(spec, baseUri, environmentBaseUrl, OpenAIKeyVariable, Env);
                return new(spec.Provider, model, baseUri, key, WithheldHint(key, Env(OpenAIKeyVariable), OpenAIKeyVariable));
            }

            case ReviewerProviders.Anthropic:
            {
                var environmentBaseUrl = Env(AnthropicBaseUrlVariable);
                var baseUri = ResolveBaseUri(spec, environmentBaseUrl, AnthropicBaseUrlVariable, DefaultAnthropicBaseUrl);
                if (dedicatedKeyVariable is not null)
                {
                    return new(spec.Provider, model, baseUri, Env(dedicatedKeyVariable) ?? throw MissingKey(dedicatedKeyVariable, spec));
                }

                if (apiKeyEnv is { Length: > 0 } && apiKeyEnv != AnthropicKeyVariable)
                {
                    return OtherVendorsKey(spec, model, baseUri, apiKeyEnv, Env);
                }

                var key = IsKeyedServer(spec, baseUri, DefaultAnthropicBaseUrl, environmentBaseUrl)
                    ? Env(AnthropicKeyVariable) ?? throw MissingKey(AnthropicKeyVariable, spec)
                    : PlaceholderKey;
                return new(spec.Provider, model, baseUri, key, WithheldHint(key, Env(AnthropicKeyVariable), AnthropicKeyVariable));
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
        if (SameServer(baseUri, GeminiServer))
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
    /// port, at or below its path) its <c>*_BASE_URL</c> variable names get it; a host typed inline in a spec could be
    /// anyone's.
    /// </summary>
    private static bool IsKeyedServer(ReviewerSpec spec, Uri baseUri, string officialBaseUrl, string? environmentBaseUrl) =>
        SameServer(baseUri, new Uri(officialBaseUrl)) || IsConfiguredServer(spec, baseUri, environmentBaseUrl);

    private static bool IsConfiguredServer(ReviewerSpec spec, Uri baseUri, string? environmentBaseUrl) =>
        environmentBaseUrl is not null
        && ReviewerSpec.NormalizeBaseUrl(spec.Provider, environmentBaseUrl) is { } fromEnvironment
        && IsUnder(baseUri, fromEnvironment);

    /// <summary>
    /// A usual key variable named by <c>api_key_env</c> for another vendor's provider (<c>ANTHROPIC_API_KEY</c> for an
    /// <c>openai</c> reviewer): its key goes only where it would go for its own vendor, else the placeholder is sent.
    /// </summary>
    private static ProviderConnection OtherVendorsKey(ReviewerSpec spec, string model, Uri baseUri, string variable, Func<string, string?> env)
    {
        var key = IsVendorServer(variable, baseUri, env) ? env(variable) ?? throw MissingKey(variable, spec) : PlaceholderKey;
        return new(spec.Provider, model, baseUri, key, WithheldHint(key, env(variable), variable));
    }

    /// <summary>Whether <paramref name="baseUri"/> is one of the servers the usual key <paramref name="variable"/> belongs to.</summary>
    private static bool IsVendorServer(string variable, Uri baseUri, Func<string, string?> env) => variable switch
    {
        OpenAIKeyVariable => SameServer(baseUri, new Uri(DefaultOpenAIBaseUrl))
            || (env(OpenAIBaseUrlVariable) is { } url && ReviewerSpec.NormalizeBaseUrl(ReviewerProviders.OpenAI, url) is { } server && IsUnder(baseUri, server)),
        AnthropicKeyVariable => SameServer(baseUri, new Uri(DefaultAnthropicBaseUrl))
            || (env(AnthropicBaseUrlVariable) is { } url && ReviewerSpec.NormalizeBaseUrl(ReviewerProviders.Anthropic, url) is { } server && IsUnder(baseUri, server)),
        GeminiKeyVariable => SameServer(baseUri, GeminiServer),
        _ => false,
    };

    private static string? WithheldHint(string key, string? userKey, string variable) =>
        key == PlaceholderKey && userKey is not null && userKey != PlaceholderKey
            ? variable switch
            {
                GeminiKeyVariable => $"(no key was sent to this host: {variable} only goes to {GeminiHost})",
                AnthropicKeyVariable => $"(no key was sent to this host: {variable} only goes to api.anthropic.com or the {AnthropicBaseUrlVariable} server; point {AnthropicBaseUrlVariable} at this server to send it)",
                _ => $"(no key was sent to this host: {variable} only goes to api.openai.com or the {OpenAIBaseUrlVariable} server; point {OpenAIBaseUrlVariable} at this server to send it)",
            }
            : null;

    /// <summary>Same scheme, host and port: a key meant for <c>https://h:1</c> must not travel in clear to <c>http://h:1</c>.</summary>
    private static bool SameServer(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>
    /// Whether <paramref name="uri"/> is on the server of the configured <paramref name="baseUri"/> and at or below its
    /// path, segment by segment: on a shared gateway (<c>https://gw/openai/v1</c>) the key is for that route, not for
    /// <c>https://gw/other/v1</c> nor <c>https://gw/openai/v10</c>. The official APIs' hosts are theirs whole and are
    /// matched by <see cref="SameServer"/> alone.
    /// </summary>
    private static bool IsUnder(Uri uri, Uri baseUri)
    {
        if (!SameServer(uri, baseUri))
        {
            return false;
        }

        var prefix = baseUri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var path = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return prefix.Length <= path.Length && prefix.SequenceEqual(path.Take(prefix.Length), StringComparer.Ordinal);
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
