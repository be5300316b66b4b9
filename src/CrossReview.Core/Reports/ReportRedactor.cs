using CrossReview.Findings;

namespace CrossReview.Reports;

/// <summary>
/// Blanks secrets out of the free text of a report (what models and servers wrote: findings, errors, raw output),
/// before any writer wraps or escapes it. Structural fields (paths, names, providers) are left alone.
/// </summary>
public static class ReportRedactor
{
    public static Report Redact(Report report, Func<string, string> redact)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(redact);
        string? Text(string? text) => text is null ? null : redact(text);

        return report with
        {
            Warnings = [.. report.Warnings.Select(redact)],
            Findings = [.. report.Findings.Select(f => f with
            {
                Title = redact(f.Title),
                Body = redact(f.Body),
                Recommendation = Text(f.Recommendation),
                DismissalReason = Text(f.DismissalReason),
            })],
            Reviewers = [.. report.Reviewers.Select(r => r with
            {
                Error = Text(r.Error),
                Summary = Text(r.Summary),
                RawOutput = Text(r.RawOutput),
                ParseWarnings = [.. r.ParseWarnings.Select(redact)],
                Dropped = [.. r.Dropped.Select(d => d with { Finding = Redact(d.Finding, redact), Reason = redact(d.Reason) })],
            })],
        };
    }

    private static ModelFinding Redact(ModelFinding finding, Func<string, string> redact) => finding with
    {
        Title = finding.Title is null ? null : redact(finding.Title),
        Body = finding.Body is null ? null : redact(finding.Body),
        Recommendation = finding.Recommendation is null ? null : redact(finding.Recommendation),
        Quote = finding.Quote is null ? null : redact(finding.Quote),
    };
}
