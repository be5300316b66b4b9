namespace CrossReview.Reviewers;

/// <summary>
/// The model family a reviewer belongs to, so that the author's own family can be avoided: errors correlate less
/// across families than within one.
/// </summary>
public static class ReviewerFamily
{
    /// <summary>A static analyzer (<c>sarif</c>): no model, so never "the author's family".</summary>
    public const string Analyzer = "analyzer";

    /// <summary>
    /// <c>codex</c>/<c>openai</c> → openai; <c>claude</c>/<c>anthropic</c> → anthropic; <c>gemini</c> and
    /// <c>openai-chat</c> at Gemini's host → google; <c>ollama</c> → local; <c>openai-chat</c> elsewhere → by model name
    /// (<c>gpt*</c>, <c>o1*</c>, <c>o3*</c>, <c>o4*</c>, <c>codex*</c> → openai, <c>claude*</c> → anthropic,
    /// <c>gemini*</c> → google, else local); <c>sarif</c> → <see cref="Analyzer"/>; <c>command</c> → null (unknown).
    /// </summary>
    /// <param name="getEnvironmentVariable">
    /// Reads <c>OPENAI_BASE_URL</c> for an <c>openai-chat</c> spec without a base URL of its own; null ignores the environment.
    /// </param>
    public static string? Of(ReviewerSpec spec, Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return spec.Provider switch
        {
            ReviewerProviders.OpenAI or ReviewerProviders.Codex => AuthorFamily.OpenAI,
            ReviewerProviders.Anthropic or ReviewerProviders.Claude => AuthorFamily.Anthropic,
            ReviewerProviders.Gemini => AuthorFamily.Google,
            ReviewerProviders.Ollama => AuthorFamily.Local,
            ReviewerProviders.Sarif => Analyzer,
            ReviewerProviders.OpenAIChat => OfChat(spec, getEnvironmentVariable),
            _ => null,
        };
    }

    /// <summary>
    /// Whether a reviewer of <paramref name="reviewerFamily"/> shares the blind spots of an author of any of
    /// <paramref name="authorFamilies"/>. An unknown family (a command) and an analyzer never do.
    /// </summary>
    public static bool IsAuthorFamily(string? reviewerFamily, IReadOnlyCollection<string> authorFamilies)
    {
        ArgumentNullException.ThrowIfNull(authorFamilies);
        return reviewerFamily is not null && reviewerFamily != Analyzer && authorFamilies.Contains(reviewerFamily);
    }

    /// <summary>The family a model name suggests, for OpenAI-compatible servers that may host anyone's model.</summary>
    public static string OfModel(string? model)
    {
        var name = (model ?? ReviewerProviders.DefaultModel(ReviewerProviders.OpenAIChat) ?? "").Trim().ToLowerInvariant();
        // A vendor prefix (openai/gpt-4o on a router, models/gemini-2.5-pro) does not change whose model it is.
        name = name[(name.LastIndexOf('/') + 1)..];
        if (name.StartsWith("gpt", StringComparison.Ordinal) || name.StartsWith("chatgpt", StringComparison.Ordinal)
            || name.StartsWith("codex", StringComparison.Ordinal)
            || (name.Length >= 2 && name[0] == 'o' && char.IsAsciiDigit(name[1])))
        {
            return AuthorFamily.OpenAI;
        }

        if (name.StartsWith("claude", StringComparison.Ordinal))
        {
            return AuthorFamily.Anthropic;
        }

        return name.StartsWith("gemini", StringComparison.Ordinal) ? AuthorFamily.Google : AuthorFamily.Local;
    }

    private static string OfChat(ReviewerSpec spec, Func<string, string?>? getEnvironmentVariable)
    {
        var baseUrl = spec.BaseUrl ?? getEnvironmentVariable?.Invoke(ProviderConnection.OpenAIBaseUrlVariable);
        if (baseUrl is not null
            && ReviewerSpec.NormalizeBaseUrl(spec.Provider, baseUrl) is { } uri
            && string.Equals(uri.Host, ProviderConnection.GeminiHost, StringComparison.OrdinalIgnoreCase))
        {
            return AuthorFamily.Google;
        }

        return OfModel(spec.Model);
    }
}
