using System.Text.RegularExpressions;

namespace CrossReview.Reviewers.Http;

/// <summary>
/// How endpoints are shown and which parts of them are secret. A base URL may carry a password
/// (<c>http://user:pw@host/v1</c>) or a key in its query (Gemini's <c>?key=</c>); neither may reach an error, a log or a report.
/// </summary>
internal static partial class UriDisplay
{
    /// <summary><c>scheme://host:port/path</c>: no user info, no query, no fragment.</summary>
    public static string WithoutSecrets(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    /// <summary>
    /// The same for text that may not even be a URL (a spec the user typed, an environment variable): user info and
    /// query are cut from every <c>scheme://</c> in it.
    /// </summary>
    public static string WithoutSecrets(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return QueryAfterScheme().Replace(UserInfoAfterScheme().Replace(text, "://"), "$1");
    }

    /// <summary>
    /// The password of the user info and the value of every query parameter whose name looks secret (<c>key</c>,
    /// <c>api_key</c>, <c>token</c>, <c>sig</c>, <c>password</c>, <c>auth…</c>), raw and unescaped: what a redactor must
    /// hide. Other parameters (<c>api-version=2024-10-21</c>) are not secret, and hiding them would garble messages.
    /// </summary>
    public static IEnumerable<string> Secrets(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var values = new List<string>();
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            values.Add(colon >= 0 ? uri.UserInfo[(colon + 1)..] : uri.UserInfo);
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && IsSecretName(Uri.UnescapeDataString(pair[..equals])))
            {
                values.Add(pair[(equals + 1)..]);
            }
        }

        return values.Where(v => v.Length > 0).SelectMany(v => new[] { v, Uri.UnescapeDataString(v) }).Distinct();
    }

    /// <summary>
    /// By substring, so that <c>x-goog-api-key</c>, <c>subscription-key</c>, <c>access_token</c>, <c>signature</c> and
    /// <c>authorization</c> count; <c>code</c> is Azure Functions' key parameter.
    /// </summary>
    private static bool IsSecretName(string name) =>
        name.Equals("code", StringComparison.OrdinalIgnoreCase)
        || SecretNameParts.Any(part => name.Contains(part, StringComparison.OrdinalIgnoreCase));

    private static readonly string[] SecretNameParts = ["key", "token", "sig", "secret", "password", "passwd", "pwd", "auth", "credential", "session"];

    [GeneratedRegex(@"://[^/?#@\s'""]*@")]
    private static partial Regex UserInfoAfterScheme();

    /// <summary>The query runs to the end of the URL: whitespace or the quote a message put around it.</summary>
    [GeneratedRegex(@"(://[^?\s'""]*)\?[^\s'""]*")]
    private static partial Regex QueryAfterScheme();
}
