using System.Collections.Concurrent;
using System.Globalization;
using CrossReview.Engine;
using CrossReview.Reports;
using CrossReview.Reviewers;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CrossReview.Cli.Rendering;

/// <summary>Per-reviewer state for the live table: waiting, reviewing (with elapsed time and output received), done.</summary>
internal sealed class LiveReviewProgress(IReadOnlyList<string> reviewers, TimeProvider timeProvider) : IReviewProgress
{
    private readonly ConcurrentDictionary<string, State> _states = new(StringComparer.Ordinal);

    public void ReviewerStarted(string reviewer) => _states[reviewer] = new State(timeProvider.GetTimestamp(), 0, null);

    public void ReviewerOutput(string reviewer, int characters) =>
        _states.AddOrUpdate(reviewer, _ => new State(timeProvider.GetTimestamp(), characters, null), (_, s) => s with { Characters = characters });

    public void ReviewerFinished(ReviewerReport report) =>
        _states.AddOrUpdate(report.Name, _ => new State(timeProvider.GetTimestamp(), 0, report), (_, s) => s with { Done = report });

    public IRenderable Render()
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("reviewer", "state", "time", "received");
        foreach (var name in reviewers)
        {
            if (!_states.TryGetValue(name, out var state))
            {
                table.AddRow(Markup.Escape(name), "[grey]waiting[/]", "", "");
                continue;
            }

            var elapsed = state.Done is { } done
                ? done.DurationMs / 1000.0
                : timeProvider.GetElapsedTime(state.Started).TotalSeconds;
            var label = state.Done switch
            {
                null => "[yellow]reviewing…[/]",
                { Status: ReviewerStatus.Ok } d => $"[green]ok[/], {d.FindingsReported} finding(s)",
                var d => $"[red]{d.Status.ToString().ToLowerInvariant()}[/]",
            };
            table.AddRow(Markup.Escape(name), label,
                string.Create(CultureInfo.InvariantCulture, $"{elapsed:0.0}s"),
                string.Create(CultureInfo.InvariantCulture, $"{state.Characters:N0} chars"));
        }

        return table;
    }

    private sealed record State(long Started, int Characters, ReviewerReport? Done);
}
