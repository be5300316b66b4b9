using System.Text;
using System.Text.RegularExpressions;

namespace CrossReview.Planning;

/// <summary>
/// A gitignore-style path pattern, so that config filters read the way users already write them: a pattern without a
/// slash matches a file or folder name at any depth (<c>*.lock</c>, <c>node_modules</c>), one with a slash matches from the
/// repository root (<c>docs/api/*.md</c>), a trailing slash matches folders only (<c>dist/</c>), <c>**</c> spans folders.
/// Matching is case-sensitive, as git is on the platforms where case matters.
/// </summary>
internal sealed class PathGlob
{
    private readonly Regex _regex;

    public PathGlob(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        Pattern = pattern.Trim();
        _regex = new Regex(ToRegex(Pattern), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    public string Pattern { get; }

    public bool IsMatch(string path) => _regex.IsMatch(path.Replace('\\', '/'));

    private static string ToRegex(string pattern)
    {
        var folderOnly = pattern.EndsWith('/');
        var body = pattern.Trim('/');
        var anchored = pattern.StartsWith('/') || body.Contains('/', StringComparison.Ordinal);

        var regex = new StringBuilder(anchored ? "^" : "^(?:.*/)?");
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (c == '*' && i + 1 < body.Length && body[i + 1] == '*')
            {
                var slashFollows = i + 2 < body.Length && body[i + 2] == '/';
                regex.Append(slashFollows ? "(?:.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else if (c == '*')
            {
                regex.Append("[^/]*");
            }
            else if (c == '?')
            {
                regex.Append("[^/]");
            }
            else
            {
                regex.Append(Regex.Escape(c.ToString()));
            }
        }

        // A name also matches everything below it when it is a folder; a folder-only pattern needs something below it.
        regex.Append(folderOnly ? "/.*$" : "(?:/.*)?$");
        return regex.ToString();
    }
}
