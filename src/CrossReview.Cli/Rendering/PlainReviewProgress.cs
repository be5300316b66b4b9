using System.Globalization;
using CrossReview.Engine;
using CrossReview.Reports;
using CrossReview.Reviewers;

namespace CrossReview.Cli.Rendering;

/// <summary>One line per event on stderr, for pipes and CI logs.</summary>
internal sealed class PlainReviewProgress(TextWriter error, TimeProvider timeProvider, Func<string, string> redact) : IReviewProgress
{
    private readonly Lock _gate = new();

    public void ReviewerStarted(string reviewer) => Write($"{reviewer}: reviewing");

    public void ReviewerOutput(string reviewer, int characters) { }

    public void ReviewerFinished(ReviewerReport report)
    {
        var seconds = string.Create(CultureInfo.InvariantCulture, $"{report.DurationMs / 1000.0:0.0}s");
        Write(report.Status == ReviewerStatus.Ok
            ? $"{report.Name}: ok in {seconds}, {report.FindingsReported} finding(s)"
            : $"{report.Name}: {report.Status.ToString().ToLowerInvariant()} after {seconds}: {report.Error}");
    }

    private void Write(string line)
    {
        lock (_gate)
        {
            error.WriteLine(redact($"crossreview: [{timeProvider.GetLocalNow():HH:mm:ss}] {line}"));
        }
    }
}
