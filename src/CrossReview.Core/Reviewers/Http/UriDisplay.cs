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

    /// <summary>The password of the user info (raw and unescaped) and every query value: what a redactor must hide.</summary>
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
            values.Add(equals >= 0 ? pair[(equals + 1)..] : pair);
        }

        return values.Where(v => v.Length > 0).SelectMany(v => new[] { v, Uri.UnescapeDataString(v) }).Distinct();
    }

    [GeneratedRegex(@"://[^/?#@\s'""]*@")]
    private static partial Regex UserInfoAfterScheme();

    /// <summary>The query runs to the end of the URL: whitespace or the quote a message put around it.</summary>
    [GeneratedRegex(@"(://[^?\s'""]*)\?[^\s'""]*")]
    private static partial Regex QueryAfterScheme();
}
