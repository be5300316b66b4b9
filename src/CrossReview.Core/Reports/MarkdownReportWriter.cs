using System.Globalization;
using System.Text;
using CrossReview.Findings;

namespace CrossReview.Reports;

/// <summary>Renders a report as GitHub-flavoured Markdown, for PR comments and files.</summary>
public static class MarkdownReportWriter
{
    public static string Write(Report report)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# crossreview: {ReportText.Headline(report)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture,
            $"Target: `{report.Target.Kind.ToString().ToLowerInvariant()}`{ReportText.Range(report.Target, id => $"`{id}`")} · {report.Target.Files.Count} file(s), {report.Target.Files.Count(f => f.Reviewed)} reviewed");
        md.AppendLine();

        foreach (var warning in report.Warnings)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"> **Warning:** {Escape(warning)}");
            md.AppendLine();
        }

        if (report.Verdict is null && report.Target.Files.Count > 0)
        {
            WritePlan(md, report);
        }

        if (report.Findings.Count > 0 && ReportText.IsPanel(report))
        {
            WritePanelSections(md, report);
        }
        else if (report.Findings.Count > 0)
        {
            WriteSection(md, "Findings", report.Findings);
        }
        else if (report.Verdict is not null && report.Verdict != "error")
        {
            md.AppendLine("No findings.");
            md.AppendLine();
        }

        if (report.Reviewers.Count > 0)
        {
            md.AppendLine("## Reviewers");
            md.AppendLine();
            md.AppendLine("| reviewer | model | status | tokens in / cached / out | cost | time |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var r in report.Reviewers)
            {
                var usage = r.Usage is null ? "–" : $"{r.Usage.InputTokens} / {r.Usage.CachedInputTokens} / {r.Usage.OutputTokens}";
                var status = r.Status.ToString().ToLowerInvariant() + (r.Error is null ? "" : $": {Escape(r.Error)}");
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {Escape(r.Name)} | {Escape(ReportText.Model(r, "–"))} | {status} | {usage} | {ReportText.Cost(r.CostUsd)} | {r.DurationMs / 1000.0:0.0}s |");
            }

            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Total: {report.Usage.InputTokens} input ({report.Usage.CachedInputTokens} cached), {report.Usage.OutputTokens} output tokens · cost {ReportText.Cost(report.CostUsd)} · {report.DurationMs / 1000.0:0.0}s");
        }

        return md.ToString();
    }

    private static void WritePanelSections(StringBuilder md, Report report)
    {
        foreach (var (heading, status) in ReportText.PanelSections)
        {
            var findings = report.Findings.Where(f => f.Status == status).ToList();
            if (findings.Count > 0)
            {
                WriteSection(md, heading, findings);
            }
        }

        if (report.Independence is { } independence)
        {
            md.AppendLine(ReportText.Independence(independence));
            md.AppendLine();
        }
    }

    private static void WriteSection(StringBuilder md, string heading, IReadOnlyList<Finding> findings)
    {
        md.AppendLine(CultureInfo.InvariantCulture, $"## {heading} ({findings.Count})");
        md.AppendLine();
        foreach (var finding in findings.OrderByDescending(f => f.Severity).ThenBy(f => f.File, StringComparer.Ordinal).ThenBy(f => f.StartLine))
        {
            WriteFinding(md, finding);
        }
    }

    private static void WritePlan(StringBuilder md, Report report)
    {
        md.AppendLine("| file | status | + | - | review |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var f in report.Target.Files)
        {
            var path = f.OldPath is null ? f.Path : $"{f.OldPath} → {f.Path}";
            var counts = f.Binary ? "bin | bin" : $"{f.Additions} | {f.Deletions}";
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| `{Escape(path)}` | {f.Status.ToString().ToLowerInvariant()} | {counts} | {(f.Reviewed ? "yes" : Escape($"skip: {f.SkipReason}"))} |");
        }

        md.AppendLine();
        if (report.Plan is { } plan)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"Plan: {plan.ReviewedFiles} of {plan.Files} file(s), {plan.ChangedLines} changed line(s), about {plan.EstimatedInputTokens:N0} input tokens per reviewer.");
            md.AppendLine();
        }
    }

    private static void WriteFinding(StringBuilder md, Finding f)
    {
        var lines = f.StartLine == f.EndLine ? $"{f.StartLine}" : $"{f.StartLine}-{f.EndLine}";
        md.AppendLine(CultureInfo.InvariantCulture, $"### [{f.Severity.ToString().ToLowerInvariant()}] {Escape(f.Title)}");
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"`{f.File}:{lines}` · {Escape(f.Category)} · {ReportText.Attribution(f)}{Confidence(f)}");
        md.AppendLine();
        if (f.Body.Length > 0)
        {
            md.AppendLine(f.Body.Trim());
            md.AppendLine();
        }

        if (!string.IsNullOrWhiteSpace(f.Recommendation))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Recommendation:** {f.Recommendation.Trim()}");
            md.AppendLine();
        }

        if (f.DismissalReason is { } reason)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"**Dismissed:** {Escape(reason.Trim())}");
            md.AppendLine();
        }
    }

    private static string Confidence(Finding f) =>
        f.Confidence is { } c ? string.Create(CultureInfo.InvariantCulture, $" · confidence {c:0.00}") : "";

    private static string Escape(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
