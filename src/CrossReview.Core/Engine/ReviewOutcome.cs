using CrossReview.Findings;
using CrossReview.Reports;

namespace CrossReview.Engine;

/// <summary>Maps a finished report to its exit code. A review with no usable reviewer is never a pass.</summary>
public static class ReviewOutcome
{
    public static int ExitCode(Report report, Severity? failOn)
    {
        if (report.Verdict is null)
        {
            return ExitCodes.Completed;
        }

        if (report.Verdict == "error")
        {
            return ExitCodes.CouldNotComplete;
        }

        return failOn is { } threshold && report.Findings.Any(f => Counts(f) && f.Severity >= threshold)
            ? ExitCodes.FindingsAtOrAboveThreshold
            : ExitCodes.Completed;
    }

    private static bool Counts(Finding finding) =>
        finding.Status is FindingStatus.Reported or FindingStatus.Confirmed or FindingStatus.Integration;
}
