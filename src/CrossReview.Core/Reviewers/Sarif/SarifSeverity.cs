using CrossReview.Findings;

namespace CrossReview.Reviewers.Sarif;

/// <summary>
/// Maps a SARIF level to our severity: <c>error</c> → major, <c>warning</c> → minor, <c>note</c> and <c>none</c> → info.
/// A CVSS-like <c>security-severity</c> on the rule (CodeQL's, 0–10) raises it: ≥ 9.0 → critical, ≥ 7.0 → major. It
/// never lowers it, so a rule an analyzer reports as an error stays at least major.
/// </summary>
internal static class SarifSeverity
{
    /// <summary>SARIF §3.27.10: a result whose level is given nowhere (result, rule configuration) is a warning.</summary>
    public const string DefaultLevel = "warning";

    public static Severity From(string level, double? securitySeverity)
    {
        ArgumentNullException.ThrowIfNull(level);
        var byLevel = level.ToLowerInvariant() switch
        {
            "error" => Severity.Major,
            "note" or "none" => Severity.Info,
            _ => Severity.Minor,
        };

        var bySecurity = securitySeverity switch
        {
            >= 9.0 => Severity.Critical,
            >= 7.0 => Severity.Major,
            _ => Severity.Info,
        };

        return bySecurity > byLevel ? bySecurity : byLevel;
    }
}
