using System.Globalization;
using CrossReview.Findings;
using CrossReview.Reports;
using CrossReview.Reviewers;
using Spectre.Console;

namespace CrossReview.Cli.Rendering;

/// <summary>The human report: headline, findings most severe first, then the plan or the reviewers with usage and cost.</summary>
internal static class TextReportRenderer
{
    public static string Render(Report report, bool color, int width = 120)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = width;
        Render(console, report);
        return writer.ToString();
    }

    public static void Render(IAnsiConsole console, Report report)
    {
        console.MarkupLine($"[bold]crossreview[/] {Markup.Escape(report.Mode)}: {Headline(report)}");
        console.MarkupLine($"[grey]{Markup.Escape(TargetLine(report))}[/]");
        foreach (var warning in report.Warnings)
        {
            console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(warning)}");
        }

        console.WriteLine();
        if (report.Verdict is null)
        {
            RenderPlan(console, report);
            foreach (var r in report.Reviewers)
            {
                console.MarkupLine($"Planned reviewer [bold]{Markup.Escape(r.Name)}[/] ({Markup.Escape(r.Model ?? "default model")}): {Markup.Escape(r.Error ?? "skipped")}");
            }

            return;
        }

        if (ReportText.IsPanel(report))
        {
            RenderPanelSections(console, report);
        }
        else
        {
            foreach (var finding in report.Findings)
            {
                RenderFinding(console, finding);
            }
        }

        if (report.Findings.Count == 0 && report.Verdict != "error")
        {
            console.MarkupLine("[green]No findings.[/]");
            console.WriteLine();
        }

        RenderReviewers(console, report);
    }

    private static string Headline(Report report)
    {
        var counts = report.Findings.GroupBy(f => f.Severity).OrderByDescending(g => g.Key)
            .Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}");
        var summary = report.Findings.Count == 0 ? "" : $" ({string.Join(", ", counts)})";
        return report.Verdict switch
        {
            null when report.DryRun => "[blue]dry run[/], no model called",
            null => "[blue]review plan[/], no reviewer ran",
            "approve" => $"[green]approve[/]{Markup.Escape(summary)}",
            "request_changes" => $"[red]changes requested[/], {report.Findings.Count} finding(s){Markup.Escape(summary)}",
            _ => "[red]the review could not complete[/]",
        };
    }

    private static string TargetLine(Report report)
    {
        var t = report.Target;
        var range = ReportText.Range(t, id => id);
        var reviewed = t.Files.Count(f => f.Reviewed);
        return $"target: {t.Kind.ToString().ToLowerInvariant()}{range} · {t.Files.Count} file(s), {reviewed} reviewed";
    }

    private static void RenderPlan(IAnsiConsole console, Report report)
    {
        if (report.Target.Files.Count == 0)
        {
            console.MarkupLine("The change is empty: nothing to review.");
            return;
        }

        var table = new Table().Border(TableBorder.Simple).AddColumns("file", "status", "+", "-", "review");
        foreach (var f in report.Target.Files)
        {
            var path = f.OldPath is null ? f.Path : $"{f.OldPath} -> {f.Path}";
            table.AddRow(
                Markup.Escape(path),
                f.Status.ToString().ToLowerInvariant(),
                f.Binary ? "bin" : f.Additions.ToString(CultureInfo.InvariantCulture),
                f.Binary ? "bin" : f.Deletions.ToString(CultureInfo.InvariantCulture),
                f.Reviewed ? "yes" : Markup.Escape($"skip: {f.SkipReason}"));
        }

        console.Write(table);
        if (report.Plan is { } plan)
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                $"Plan: {plan.ReviewedFiles} of {plan.Files} file(s), {plan.ChangedLines} changed line(s), {plan.DiffBytes:N0} bytes of diff, about {plan.EstimatedInputTokens:N0} input tokens per reviewer.")));
        }
    }

    private static void RenderPanelSections(IAnsiConsole console, Report report)
    {
        foreach (var (heading, status) in ReportText.PanelSections)
        {
            var findings = report.Findings.Where(f => f.Status == status).ToList();
            if (findings.Count == 0)
            {
                continue;
            }

            console.MarkupLine($"[bold underline]{Markup.Escape($"{heading} ({findings.Count})")}[/]");
            console.WriteLine();
            foreach (var finding in findings)
            {
                RenderFinding(console, finding);
            }
        }

        if (report.Independence is { } independence)
        {
            console.MarkupLine(Markup.Escape(ReportText.Independence(independence)));
            console.WriteLine();
        }
    }

    private static void RenderFinding(IAnsiConsole console, Finding f)
    {
        var lines = f.StartLine == f.EndLine ? $"{f.StartLine}" : $"{f.StartLine}-{f.EndLine}";
        var colour = f.Severity switch
        {
            Severity.Critical => "red bold",
            Severity.Major => "red",
            Severity.Minor => "yellow",
            _ => "blue",
        };
        console.MarkupLine($"[{colour}][[{f.Severity.ToString().ToLowerInvariant()}]][/] [bold]{Markup.Escape(f.Title)}[/] [grey]({Markup.Escape(f.Category)})[/]");
        var confidence = f.Confidence is { } c ? string.Create(CultureInfo.InvariantCulture, $" · confidence {c:0.00}") : "";
        var anchor = f.Anchor == "exact" ? "" : $" · anchored: {f.Anchor}";
        console.MarkupLine($"  [cyan]{Markup.Escape($"{f.File}:{lines}")}[/] [grey]{Markup.Escape($"{f.Id} · {ReportText.Attribution(f)}{confidence}{anchor}")}[/]");
        foreach (var line in f.Body.Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            console.MarkupLine($"  {Markup.Escape(line.TrimEnd())}");
        }

        if (!string.IsNullOrWhiteSpace(f.Recommendation))
        {
            console.MarkupLine($"  [green]fix:[/] {Markup.Escape(f.Recommendation.Trim())}");
        }

        if (f.DismissalReason is { } reason)
        {
            console.MarkupLine($"  [grey]dismissed:[/] {Markup.Escape(reason.Trim())}");
        }

        console.WriteLine();
    }

    private static void RenderReviewers(IAnsiConsole console, Report report)
    {
        var table = new Table().Border(TableBorder.Simple).AddColumns("reviewer", "model", "status", "time", "tokens in/cached/out", "cost", "findings");
        foreach (var r in report.Reviewers)
        {
            var state = r.Status switch
            {
                ReviewerStatus.Ok => "[green]ok[/]",
                ReviewerStatus.Skipped => "skipped",
                _ => $"[red]{r.Status.ToString().ToLowerInvariant()}[/]",
            };
            var usage = r.Usage is { } u ? $"{u.InputTokens:N0}/{u.CachedInputTokens:N0}/{u.OutputTokens:N0}" : "-";
            var findings = r.Status == ReviewerStatus.Ok
                ? $"{r.FindingsReported}" + (r.FindingsReanchored + r.FindingsDropped > 0 ? $" ({r.FindingsReanchored} re-anchored, {r.FindingsDropped} dropped)" : "")
                : "-";
            table.AddRow(Markup.Escape(r.Name), Markup.Escape(ReportText.Model(r, "-")), state,
                string.Create(CultureInfo.InvariantCulture, $"{r.DurationMs / 1000.0:0.0}s"), usage,
                ReportText.Cost(r.CostUsd), Markup.Escape(findings));
        }

        console.Write(table);
        foreach (var r in report.Reviewers.Where(r => r.Error is not null && r.Status != ReviewerStatus.Skipped))
        {
            console.MarkupLine($"[red]{Markup.Escape(r.Name)}:[/] {Markup.Escape(r.Error!)}");
        }

        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"Total: {report.Usage.InputTokens:N0} input ({report.Usage.CachedInputTokens:N0} cached) and {report.Usage.OutputTokens:N0} output tokens · cost {ReportText.Cost(report.CostUsd)} · {report.DurationMs / 1000.0:0.0}s")));
    }
}
