using CrossReview.Engine;
using CrossReview.Reports;
using Spectre.Console;

namespace CrossReview.Cli.Rendering;

/// <summary>
/// Shows reviewers working: a live table on a terminal (Spectre.Console), plain lines on stderr otherwise
/// (a pipe, CI, NO_COLOR), so logs stay readable.
/// </summary>
internal static class ProgressDisplay
{
    public static async Task<Report> RunAsync(CliEnvironment env, IReadOnlyList<string> reviewers, Func<IReviewProgress, Task<Report>> review)
    {
        if (!env.ErrorIsTerminal || env.Plain)
        {
            return await review(new PlainReviewProgress(env.Error, env.TimeProvider, env.Redact)).ConfigureAwait(false);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(env.Error) });
        var live = new LiveReviewProgress(reviewers, env.TimeProvider);
        Report? report = null;
        await console.Live(live.Render()).AutoClear(false).StartAsync(async context =>
        {
            var work = review(live);
            while (!work.IsCompleted)
            {
                context.UpdateTarget(live.Render());
                await Task.WhenAny(work, Task.Delay(TimeSpan.FromMilliseconds(150), env.TimeProvider)).ConfigureAwait(false);
            }

            context.UpdateTarget(live.Render());
            report = await work.ConfigureAwait(false);
        }).ConfigureAwait(false);
        return report!;
    }
}
