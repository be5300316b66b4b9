namespace CrossReview.Findings;

/// <summary>
/// Reads the severity words models actually write. Priority scales (P0–P3) and issue-tracker words map onto our four
/// levels: critical/blocker/P0 → critical; high/major/error/P1 → major; medium/moderate/minor/warning/P2 → minor;
/// low/info/nit/note/suggestion/P3 → info. Case and surrounding punctuation are ignored.
/// </summary>
public static class SeverityParser
{
    private static readonly Dictionary<string, Severity> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["critical"] = Severity.Critical,
        ["blocker"] = Severity.Critical,
        ["blocking"] = Severity.Critical,
        ["p0"] = Severity.Critical,
        ["high"] = Severity.Major,
        ["major"] = Severity.Major,
        ["error"] = Severity.Major,
        ["severe"] = Severity.Major,
        ["p1"] = Severity.Major,
        ["medium"] = Severity.Minor,
        ["moderate"] = Severity.Minor,
        ["minor"] = Severity.Minor,
        ["warning"] = Severity.Minor,
        ["warn"] = Severity.Minor,
        ["p2"] = Severity.Minor,
        ["low"] = Severity.Info,
        ["info"] = Severity.Info,
        ["informational"] = Severity.Info,
        ["nit"] = Severity.Info,
        ["nitpick"] = Severity.Info,
        ["note"] = Severity.Info,
        ["suggestion"] = Severity.Info,
        ["trivial"] = Severity.Info,
        ["p3"] = Severity.Info,
        ["p4"] = Severity.Info,
    };

    public static bool TryParse(string? text, out Severity severity)
    {
        severity = Severity.Minor;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // "[P1]", "P1 - High", "**major**": the first word decides.
        var word = text.Trim().Trim('[', ']', '(', ')', '*', '`', '"', '\'', ' ', ':');
        var end = word.IndexOfAny([' ', '-', ':', '/', ',', ']', ')']);
        var first = end > 0 ? word[..end] : word;
        return Words.TryGetValue(first, out severity) || Words.TryGetValue(word, out severity);
    }

    /// <summary>
    /// Canonical lower-case name of <paramref name="severity"/> as the report writes it.
    /// </summary>
    public static string ToName(Severity severity) => severity switch
    {
        Severity.Critical => "critical",
        Severity.Major => "major",
        Severity.Minor => "minor",
        _ => "info",
    };
}
