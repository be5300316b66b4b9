using System.Globalization;
using CrossReview.Findings;
using CrossReview.Panel;

namespace CrossReview.Reports;

/// <summary>Wording every report writer shares, so text, Markdown and status lines say the same thing the same way.</summary>
internal static class ReportText
{
    public static string Headline(Report report) => report.Verdict switch
    {
        null when report.DryRun => "dry run (no model called)",
        null => "review plan (no reviewer ran)",
        "approve" => "approve",
        "request_changes" => "changes requested",
        _ => "review could not complete",
    };

    /// <summary>Never <c>$0</c> for an unknown price.</summary>
    public static string Cost(decimal? cost) => cost is null ? "unknown" : string.Create(CultureInfo.InvariantCulture, $"${cost:0.0000}");

    /// <summary>
    /// The model, then how an agent CLI or analyzer ran when known (<c>gpt-5.2 (codex-cli 0.169.0, read-only, effort high)</c>);
    /// <paramref name="none"/> when nothing is known.
    /// </summary>
    public static string Model(ReviewerReport reviewer, string none)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        string?[] parts = [reviewer.Version, reviewer.Sandbox, reviewer.Effort is { } e ? $"effort {e}" : null, reviewer.Role is { } r ? $"role {r}" : null];
        var details = string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
        var model = reviewer.Model ?? (details.Length > 0 ? "default model" : none);
        return details.Length == 0 ? model : $"{model} ({details})";
    }

    /// <summary>What the change is compared against, with each commit id passed through <paramref name="code"/> (backticks in Markdown).</summary>
    public static string Range(ReportTarget target, Func<string, string> code) => (target.Base, target.Head) switch
    {
        (null, null) => "",
        (var b, null) => $" against {code(Short(b!))}",
        (null, var h) => $" at {code(Short(h!))}",
        (var b, var h) => $" {code($"{Short(b!)}..{Short(h!)}")}",
    };

    /// <summary>A panel's findings are read by how far they were corroborated, so its report groups them, most corroborated first.</summary>
    public static IReadOnlyList<(string Heading, FindingStatus Status)> PanelSections { get; } =
    [
        ("Confirmed", FindingStatus.Confirmed),
        ("Integration", FindingStatus.Integration),
        ("Unconfirmed (single reviewer)", FindingStatus.Unconfirmed),
        ("Dismissed", FindingStatus.Dismissed),
    ];

    public static bool IsPanel(Report report) => string.Equals(report.Mode, "panel", StringComparison.Ordinal);

    /// <summary>Who raised a finding and, in a panel, who confirmed it when voting: the corroboration the reader is asked to trust.</summary>
    public static string Attribution(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var raised = $"by {string.Join(", ", finding.Reviewers)}";
        var confirmers = finding.Votes.Where(v => v.Value == VoteKind.Confirm).Select(v => v.Reviewer).ToList();
        return confirmers.Count == 0 ? raised : $"{raised}, confirmed by {string.Join(", ", confirmers)}";
    }

    public static string Independence(PanelIndependence independence)
    {
        ArgumentNullException.ThrowIfNull(independence);
        return $"Independence: of {independence.Confirmed} confirmed finding(s), {independence.RaisedIndependently} raised independently, {independence.ConfirmedAfterVotes} confirmed only after votes";
    }

    private static string Short(string id) => id.Length > 12 ? id[..12] : id;
}
