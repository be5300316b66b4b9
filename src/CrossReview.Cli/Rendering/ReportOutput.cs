using CrossReview.Reports;

namespace CrossReview.Cli.Rendering;

/// <summary>Writes a report in the chosen format to stdout or to <c>--output FILE</c>.</summary>
internal static class ReportOutput
{
    private static int TerminalWidth()
    {
        try
        {
            return Math.Max(Console.WindowWidth, 60);
        }
        catch (IOException)
        {
            return 120;
        }
    }

    /// <summary>Fails before any model is paid for when the report could not be written afterwards.</summary>
    public static void CheckWritable(string? outputFile, CliEnvironment env)
    {
        if (outputFile is null)
        {
            return;
        }

        var path = Path.GetFullPath(outputFile, env.CurrentDirectory);
        var existed = File.Exists(path);
        try
        {
            using (new FileStream(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
            {
            }

            if (!existed)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot write the report to {outputFile}: {ex.Message}", ex);
        }
    }

    public static async Task WriteAsync(Report report, string format, string? outputFile, CliEnvironment env, CancellationToken ct)
    {
        var toTerminal = outputFile is null && env.OutputIsTerminal && !env.Plain;
        // Redacted before rendering: a writer may wrap a long key across lines, where no text search would find it.
        report = ReportRedactor.Redact(report, env.Redact);
        var text = format switch
        {
            "json" => ReportJson.Serialize(report) + "\n",
            "markdown" => MarkdownReportWriter.Write(report),
            _ => TextReportRenderer.Render(report, color: toTerminal, width: toTerminal ? TerminalWidth() : 120),
        };

        if (outputFile is null)
        {
            await env.Out.WriteAsync(text.AsMemory(), ct).ConfigureAwait(false);
            await env.Out.FlushAsync(ct).ConfigureAwait(false);
            return;
        }

        var path = Path.GetFullPath(outputFile, env.CurrentDirectory);
        try
        {
            await File.WriteAllTextAsync(path, text, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The review is done and paid for: print it rather than lose it, and keep the review's own exit code.
            await env.Error.WriteLineAsync($"crossreview: cannot write the report to {outputFile} ({ex.Message}); printing it here instead").ConfigureAwait(false);
            await env.Out.WriteAsync(text.AsMemory(), ct).ConfigureAwait(false);
            await env.Out.FlushAsync(ct).ConfigureAwait(false);
            return;
        }

        await env.Error.WriteLineAsync($"crossreview: report written to {outputFile} ({ReportText.Headline(report)}, {report.Findings.Count} finding(s))").ConfigureAwait(false);
    }
}
