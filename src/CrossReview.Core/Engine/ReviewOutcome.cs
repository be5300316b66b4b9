using CrossReview.Findings;
using CrossReview.Reports;

namespace CrossReview.Engine;

/// <summary>
/// Maps a finished report to its exit code. A review with a failed or unparseable reviewer is never a pass: findings
/// at or above the threshold still exit 1 (the change fails either way), anything else exits 3.
/// </summary>
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

        if (failOn is { } threshold && report.Findings.Any(f => Counts(f) && f.Severity >= threshold))
        {
            return ExitCodes.FindingsAtOrAboveThreshold;
        }

        return report.Complete ? ExitCodes.Completed : ExitCodes.CouldNotComplete;
    }

    private static bool Counts(Finding finding) =>
        finding.Status is FindingStatus.Reported or FindingStatus.Confirmed or FindingStatus.Integration;
}
