using System.CommandLine;
using System.Text.Json;
using CrossReview.Cli.Rendering;
using CrossReview.Configuration;
using CrossReview.Reports;
using CrossReview.Setup;
using Spectre.Console;

namespace CrossReview.Cli.Commands;

/// <summary><c>crossreview doctor</c>: what works, what does not and the command that fixes it; exit 0 only when a review could run.</summary>
internal static class DoctorCommand
{
    public static Command Create(CliEnvironment env)
    {
        var directory = new Option<string?>("-C") { Description = "Check as if crossreview was started in DIR", HelpName = "DIR" };
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");
        var command = new Command("doctor",
            "Check git, the agent CLIs (codex, claude, gemini: installed, version, logged in), API keys (present; never shown), " +
            "the servers of OPENAI_BASE_URL, ANTHROPIC_BASE_URL, OLLAMA_HOST and configured base_urls, and the config; say how to fix each problem.\n" +
            "Exit codes: 0 a plain 'crossreview review' here would run (the default profile's reviewers, else the detected one, " +
            "ready and logged in) and git and the config are fine; 1 otherwise; 2 usage error.")
        {
            directory, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(directory) is { } given ? Path.GetFullPath(given, env.CurrentDirectory) : env.CurrentDirectory;
            if (!Directory.Exists(dir))
            {
                throw new InputException($"-C: no such directory: {parse.GetValue(directory)}");
            }

            // Loaded here because it asks git; the doctor reports a bad config as one of its checks.
            Func<CrossReviewConfig> loadConfig;
            try
            {
                var config = await CommandConfig.LoadAsync(env, dir, ct).ConfigureAwait(false);
                loadConfig = () => config;
            }
            catch (InputException ex)
            {
                loadConfig = () => throw ex;
            }

            var doctor = new Doctor(new DoctorSettings
            {
                GetEnvironmentVariable = env.GetEnvironmentVariable,
                LoadConfig = loadConfig,
                WorkingDirectory = dir,
                TimeProvider = env.TimeProvider,
            });
            var report = await doctor.RunAsync(ct).ConfigureAwait(false);
            if (parse.GetValue(format) == "json")
            {
                var json = JsonSerializer.Serialize(new { report.CanReview, report.ReadyReviewers, report.Checks }, ReportJson.Options);
                await env.Out.WriteLineAsync(env.Redact(json)).ConfigureAwait(false);
            }
            else
            {
                using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                Render(OutputConsole.Create(env, writer), report, OutputConsole.IsFancy(env));
                await env.Out.WriteAsync(env.Redact(writer.ToString())).ConfigureAwait(false);
            }

            return report.ExitCode;
        });
        return command;
    }

    private static void Render(IAnsiConsole console, DoctorReport report, bool fancy)
    {
        foreach (var check in report.Checks)
        {
            var mark = (check.Status, fancy) switch
            {
                (DoctorStatus.Ok, true) => "[green]ok  [/]",
                (DoctorStatus.Warning, true) => "[yellow]warn[/]",
                (DoctorStatus.Problem, true) => "[red]FAIL[/]",
                (DoctorStatus.Ok, false) => "ok  ",
                (DoctorStatus.Warning, false) => "warn",
                _ => "FAIL",
            };
            console.MarkupLine($"{mark} {Markup.Escape(check.Name)}: {Markup.Escape(check.Detail)}");
            if (check.Fix is not null)
            {
                console.MarkupLine($"       fix: {Markup.Escape(check.Fix)}");
            }
        }

        console.WriteLine();
        console.MarkupLine(report.CanReview
            ? $"ready: {Markup.Escape(string.Join(", ", report.ReadyReviewers))} (crossreview review picks one of another family than the author's)"
            : report.ReadyReviewers.Count == 0
                ? "no reviewer can run here: set up one of the above (a 'fix:' line each), then run crossreview doctor again"
                : "a problem above stops a plain crossreview review: fix the FAIL lines, then run crossreview doctor again");
    }
}
