using System.Text.RegularExpressions;
using CrossReview.Findings;
using CrossReview.Reviewers.Sarif;

namespace CrossReview.Engine;

/// <summary>
/// Whether a model's finding and an analyzer's result on the same lines are about the same thing. Lines alone are not
/// enough: one line can hold an injection and a leaked connection, and folding the second into the first would hide it.
/// </summary>
internal static partial class FindingSubject
{
    private const string Security = "security";

    /// <summary>Categories models use for what analyzers file under security.</summary>
    private static readonly HashSet<string> SecurityCategories = new(StringComparer.Ordinal)
    {
        Security, "injection", "sql_injection", "command_injection", "code_injection", "xss", "csrf", "ssrf", "xxe",
        "auth", "authentication", "authorization", "access_control", "crypto", "cryptography", "secrets", "secret",
        "credentials", "path_traversal", "deserialization", "vulnerability", "open_redirect",
    };

    /// <summary>Words that say nothing about which issue a text is about.</summary>
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "the", "and", "for", "with", "not", "are", "was", "this", "that", "from", "into", "its", "use", "used", "using",
        "instead", "may", "can", "could", "should", "possible", "possibly", "potential", "detected", "found", "issue",
        "value", "code", "line", "here", "when", "before", "after", "now", "call", "calls", "lang", "audit", "rules",
        "python", "java", "javascript", "typescript", "csharp", "go", "ruby", "php", "generic", "security", "correctness",
    };

    public static bool Same(Finding analyzer, Finding model)
    {
        ArgumentNullException.ThrowIfNull(analyzer);
        ArgumentNullException.ThrowIfNull(model);
        if (SameCategory(analyzer.Category, model.Category))
        {
            return true;
        }

        var (ruleId, message) = SplitTitle(analyzer.Title);
        var modelTitle = Words(model.Title);
        if (modelTitle.Overlaps(Words(message)))
        {
            return true;
        }

        var modelText = Words(model.Title + " " + model.Body);
        return Words(ruleId).Count(modelText.Contains) >= 2;
    }

    private static bool SameCategory(string analyzer, string model)
    {
        var a = Normalize(analyzer);
        var m = Normalize(model);
        // An analyzer that files a result under no category of its own says nothing either way.
        return a != SarifLogReader.GenericCategory && (a == m || (IsSecurity(a) && IsSecurity(m)));
    }

    private static bool IsSecurity(string category) =>
        SecurityCategories.Contains(category) || category.Contains("injection", StringComparison.Ordinal) || category.Contains(Security, StringComparison.Ordinal);

    private static string Normalize(string category) => NonWord().Replace(category.Trim().ToLowerInvariant(), "_").Trim('_');

    /// <summary>An analyzer's title is <c>RULE: message</c> (<see cref="SarifLogReader"/>); the rule id alone when there is no colon.</summary>
    private static (string RuleId, string Message) SplitTitle(string title)
    {
        var colon = title.IndexOf(": ", StringComparison.Ordinal);
        return colon < 0 ? (title, "") : (title[..colon], title[(colon + 2)..]);
    }

    /// <summary>The words of a text that can name an issue: lower case, three letters or more, no filler.</summary>
    private static HashSet<string> Words(string text) =>
        [.. NonWord().Split(text.ToLowerInvariant()).Where(w => w.Length >= 3 && w.Any(char.IsLetter) && !Filler.Contains(w)).Select(Stem)];

    /// <summary>A plural and its singular are one word (<c>queries</c>, <c>query</c>).</summary>
    private static string Stem(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) ? word[..^3] + "y"
        : word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1]
        : word;

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonWord();
}
