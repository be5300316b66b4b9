using CrossReview.Reviewers.Http;

namespace CrossReview.Reviewers;

/// <summary>
/// An inline reviewer spec, <c>PROVIDER[:MODEL][@BASE_URL]</c>: <c>openai:gpt-5.4</c>,
/// <c>openai-chat:qwen@http://127.0.0.1:8000/v1</c>, <c>ollama:qwen2.5-coder:7b</c>, <c>codex</c>.
/// </summary>
/// <param name="Text">The spec as the user wrote it (trimmed). It may hold a password or key in its base URL: show <see cref="SafeText"/> instead.</param>
/// <param name="Provider">One of <see cref="ReviewerProviders.All"/>, lower case.</param>
/// <param name="Model">The model, or null for the provider's default.</param>
/// <param name="BaseUrl">
/// The endpoint in the provider's own convention: with <c>/v1</c> for <c>openai</c>/<c>openai-chat</c>, the root the SDK
/// appends <c>/v1/messages</c> to for <c>anthropic</c>, the host root for <c>ollama</c> (a bare <c>host:port</c> is accepted there).
/// </param>
public sealed record ReviewerSpec(string Text, string Provider, string? Model, string? BaseUrl)
{
    /// <summary>
    /// <see cref="Text"/> with the user info and query of its base URL removed (<c>openai-chat:m@http://user:pw@host/v1?key=k</c>
    /// → <c>openai-chat:m@http://host/v1</c>): what reports, logs and error messages show as the reviewer's name.
    /// </summary>
    public string SafeText => UriDisplay.WithoutSecrets(Text);

    /// <summary>
    /// Splits on the LAST <c>@</c> (base URL) and then on the FIRST <c>:</c> (model), so a model may contain colons
    /// (<c>qwen2.5-coder:7b</c>) and a URL may contain them too. A base URL with user info has an <c>@</c> of its own, so
    /// when the spec holds <c>@http://</c> or <c>@https://</c> it is split at the first of those instead.
    /// <c>sarif:FILE</c> is the exception: all of FILE is the path of the log (<see cref="Model"/>), '@' and ':' included,
    /// taken as written (a relative path is resolved by whoever creates the reviewer).
    /// </summary>
    /// <exception cref="InputException">Empty spec, unknown provider, empty model or base URL, or a base URL that is not absolute http(s).</exception>
    public static ReviewerSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw Invalid(trimmed, "the spec is empty");
        }

        // A SARIF log is named by a path, and paths hold '@' and ':' (C:\logs, /home/ci@host/...): everything after
        // "sarif:" is the file, never split off as a base URL.
        if (trimmed.StartsWith(ReviewerProviders.Sarif + ":", StringComparison.OrdinalIgnoreCase))
        {
            var file = trimmed[(ReviewerProviders.Sarif.Length + 1)..].Trim();
            return file.Length == 0
                ? throw Invalid(trimmed, "the file after 'sarif:' is empty")
                : new ReviewerSpec(trimmed, ReviewerProviders.Sarif, file, null);
        }

        string head = trimmed;
        string? baseUrl = null;
        var at = FirstSchemeAfterAt(trimmed) ?? trimmed.LastIndexOf('@');
        if (at >= 0)
        {
            head = trimmed[..at];
            baseUrl = trimmed[(at + 1)..];
            if (baseUrl.Length == 0)
            {
                throw Invalid(trimmed, "the base URL after '@' is empty");
            }
        }

        string provider = head;
        string? model = null;
        var colon = head.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            provider = head[..colon];
            model = head[(colon + 1)..];
            if (model.Length == 0)
            {
                throw Invalid(trimmed, "the model after ':' is empty");
            }
        }

        provider = provider.ToLowerInvariant();
        if (!ReviewerProviders.All.Contains(provider))
        {
            throw Invalid(trimmed, provider.Length == 0 ? "the provider is empty" : $"unknown provider '{provider}'");
        }

        if (baseUrl is not null && NormalizeBaseUrl(provider, baseUrl) is null)
        {
            throw Invalid(trimmed, $"'{baseUrl}' is not an absolute http(s) URL");
        }

        return new ReviewerSpec(trimmed, provider, model, baseUrl);
    }

    /// <summary>The spec of a static analyzer's SARIF log, as <c>--sarif FILE</c> names it.</summary>
    /// <exception cref="InputException"><paramref name="file"/> is empty.</exception>
    public static ReviewerSpec ForSarif(string file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Parse(ReviewerProviders.Sarif + ":" + file);
    }

    /// <summary>
    /// The absolute http(s) URI for <paramref name="baseUrl"/>, or null when it is not one. Ollama's own
    /// <c>OLLAMA_HOST</c> may be a bare <c>host:port</c>, so that provider gets <c>http://</c> prepended.
    /// </summary>
    internal static Uri? NormalizeBaseUrl(string provider, string baseUrl)
    {
        var candidate = baseUrl.Trim();
        if (provider == ReviewerProviders.Ollama && !candidate.Contains("://", StringComparison.Ordinal))
        {
            candidate = "http://" + candidate;
        }

        return Uri.TryCreate(candidate, UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            && uri.Host.Length > 0
            ? uri
            : null;
    }

    private static int? FirstSchemeAfterAt(string text)
    {
        var http = text.IndexOf("@http://", StringComparison.OrdinalIgnoreCase);
        var https = text.IndexOf("@https://", StringComparison.OrdinalIgnoreCase);
        return (http, https) switch
        {
            (< 0, < 0) => null,
            (< 0, _) => https,
            (_, < 0) => http,
            _ => Math.Min(http, https),
        };
    }

    /// <summary>The spec and the reason lose any user info or query first: the message reaches the console.</summary>
    private static InputException Invalid(string text, string reason) => new(
        $"invalid reviewer '{UriDisplay.WithoutSecrets(text)}': {UriDisplay.WithoutSecrets(reason)}; expected PROVIDER[:MODEL][@BASE_URL] with PROVIDER one of {ReviewerProviders.ValidList}");
}
