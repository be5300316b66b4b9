using System.Diagnostics;
using CrossReview.Budget;
using CrossReview.Findings;
using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Reports;
using CrossReview.Reviewers;

namespace CrossReview.Engine;

/// <summary>
/// Runs the reviewers of a <see cref="ReviewRun"/> side by side, each under its own time limit, then parses and anchors
/// what they answered into one report. Data flows one way: plan and prompt in, report out.
/// </summary>
public sealed class ReviewEngine(TimeProvider timeProvider)
{
    private const int RawOutputLimit = 64 * 1024;

    /// <summary>
    /// An analyzer's log covers the whole code base, so most of its results fall outside the change; the report counts
    /// them all but lists only this many, to stay readable.
    /// </summary>
    private const int MaxListedAnalyzerDrops = 100;

    public async Task<Report> RunAsync(ReviewRun run, IReviewProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(progress);
        var started = timeProvider.GetTimestamp();
        var anchorer = new FindingAnchorer(run.Plan);

        var results = await Task.WhenAll(run.Reviewers.Select(r => RunOneAsync(r, run.Prompt, run, anchorer, progress, cancellationToken)))
            .ConfigureAwait(false);

        var reviewers = results.Select(r => r.Report).ToList();
        var analyzers = run.Reviewers.Where(r => ReviewerProviders.IsAnalyzer(r.Provider)).Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        var findings = FindingMerger.Merge(results.SelectMany(r => r.Findings), analyzers);
        var unread = Unread(run.Plan, includeDeleted: false);
        var usage = reviewers.Aggregate(TokenUsage.Zero, (sum, r) => sum.Add(r.Usage));

        return BaseReport(run) with
        {
            Verdict = Verdict(reviewers, findings, unread.Count == 0),
            Complete = reviewers.All(r => r.Status == ReviewerStatus.Ok) && unread.Count == 0,
            Findings = findings,
            Reviewers = reviewers,
            Usage = usage,
            CostUsd = TotalCost(reviewers),
            DurationMs = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
            Rounds = 1,
            Warnings = [.. Warnings(reviewers), .. unread.Count == 0 ? [] : new[] { $"not reviewed, so this review cannot pass: {Describe(unread)}" }],
        };
    }

    /// <summary>
    /// The report of a review in which no model is called: a dry run, or no reviewer available. Target and plan are
    /// filled, every planned reviewer is <c>skipped</c>, the verdict is null.
    /// </summary>
    public static Report Planned(AcquiredChange change, ReviewPlan plan, string mode, IReadOnlyList<ReviewerReport> skipped, bool dryRun) =>
        BaseReport(change, plan, mode) with { Reviewers = skipped, DryRun = dryRun };

    /// <summary>
    /// The report of a change in which no file could be sent to a reviewer, so no model is paid to read nothing.
    /// Only a change that is empty or whose files need no review (binaries, mode changes, filtered lockfiles and
    /// generated code) approves; files skipped as deleted or too large were not read by anyone, so that is no pass.
    /// </summary>
    public static Report NothingToReview(AcquiredChange change, ReviewPlan plan, string mode, IReadOnlyList<ReviewerReport> skipped)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var unread = Unread(plan, includeDeleted: true);
        return BaseReport(change, plan, mode) with
        {
            Reviewers = skipped,
            Verdict = unread.Count == 0 ? "approve" : "error",
            Complete = unread.Count == 0,
            Warnings = unread.Count == 0
                ? ["nothing to review: the change has no file that needs a review"]
                : [$"nothing could be reviewed: {Describe(unread)}"],
        };
    }

    /// <summary>Files of the change that no reviewer will read and that could hide a defect.</summary>
    internal static List<PlannedFile> Unread(ReviewPlan plan, bool includeDeleted) => plan.Files
        .Where(f => !f.Reviewed && (f.SkipReason == ReviewPlanner.TooLarge || (includeDeleted && f.SkipReason == ReviewPlanner.Deleted)))
        .ToList();

    internal static string Describe(IEnumerable<PlannedFile> files) =>
        string.Join(", ", files.Select(f => $"{f.File.Path} ({f.SkipReason})"));

    internal static Report BaseReport(ReviewRun run) => BaseReport(run.Change, run.Plan, run.Mode);

    private static Report BaseReport(AcquiredChange change, ReviewPlan plan, string mode) => new()
    {
        Mode = mode,
        Target = new ReportTarget
        {
            Kind = change.Kind,
            Base = change.Base,
            Head = change.Head,
            Repository = change.RepositoryRoot,
            Files = plan.Files.Select(p => new ReportFile(
                p.File.Path, p.File.OldPath, p.File.Status, p.File.IsBinary, p.File.Additions, p.File.Deletions,
                p.Reviewed, p.SkipReason)).ToList(),
        },
        Plan = new PlanSummary(plan.FileCount, plan.ReviewedFileCount, plan.ChangedLines, plan.Files.Sum(f => (long)f.DiffBytes),
            plan.EstimatedInputTokens),
    };

    /// <summary>
    /// One reviewer's review with <paramref name="prompt"/>, under its own time limit, parsed and anchored. Shared with
    /// the panel's first round, where each reviewer gets the prompt of its role.
    /// </summary>
    internal async Task<ReviewerResult> RunOneAsync(
        IReviewer reviewer, ReviewPrompt prompt, ReviewRun run, FindingAnchorer anchorer, IReviewProgress progress, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        progress.ReviewerStarted(reviewer.Name);
        var response = await AskAsync(reviewer, prompt, run, cancellationToken).ConfigureAwait(false);
        var elapsed = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;

        var report = new ReviewerReport
        {
            Name = reviewer.Name,
            Provider = reviewer.Provider,
            Model = response.Model ?? reviewer.Model,
            Role = reviewer.Role,
            Version = response.Details?.Version,
            Sandbox = response.Details?.Sandbox,
            Effort = response.Details?.Effort,
            Status = response.Status,
            Error = response.Error,
            Usage = response.Usage,
            CostUsd = response.ReportedCostUsd ?? (response.Usage is { } u ? run.CostFor(reviewer, response.Model ?? reviewer.Model, u) : null),
            DurationMs = elapsed,
        };

        IReadOnlyList<Finding> findings = [];
        if (response.Status != ReviewerStatus.Ok)
        {
            report = report with { RawOutput = Truncate(response.Text) };
        }
        else
        {
            var parsed = ReviewResponseParser.Parse(response.Text ?? "");
            if (parsed.Review is not { } review)
            {
                report = report with
                {
                    Status = ReviewerStatus.Failed,
                    Error = $"could not parse the reviewer's output: {parsed.Error}",
                    RawOutput = Truncate(response.Text),
                };
            }
            else
            {
                var analyzer = ReviewerProviders.IsAnalyzer(reviewer.Provider);
                var anchored = anchorer.Anchor(reviewer.Name, review.Findings, analyzer ? AnchorPolicy.ChangedLinesOnly : AnchorPolicy.Reanchor);
                findings = anchored.Findings;
                report = report with
                {
                    // An analyzer's log covers the whole code base; only what it says about the change is its verdict.
                    Verdict = analyzer
                        ? anchored.Findings.Any(f => f.Severity >= Severity.Minor) ? ReviewResponseParser.RequestChanges : ReviewResponseParser.Approve
                        : review.Verdict,
                    Summary = review.Summary,
                    FindingsReported = review.Findings.Count,
                    FindingsReanchored = anchored.Reanchored,
                    FindingsDropped = anchored.Dropped.Count,
                    Dropped = analyzer ? [.. anchored.Dropped.Take(MaxListedAnalyzerDrops)] : anchored.Dropped,
                    ParseWarnings = analyzer && anchored.Dropped.Count > MaxListedAnalyzerDrops
                        ? [.. parsed.Warnings, $"{anchored.Dropped.Count - MaxListedAnalyzerDrops} more dropped results are counted but not listed"]
                        : parsed.Warnings,
                };
            }
        }

        progress.ReviewerFinished(report);
        return new ReviewerResult(report, findings);
    }

    /// <summary>Sends <paramref name="prompt"/> under the reviewer's time limit; a timeout or an exception becomes a failed response.</summary>
    internal async Task<ReviewerResponse> AskAsync(IReviewer reviewer, ReviewPrompt prompt, ReviewRun run, CancellationToken cancellationToken)
    {
        var limit = run.TimeoutFor(reviewer.Name);
        using var timeout = new CancellationTokenSource(limit, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await reviewer.ReviewAsync(prompt, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return timeout.IsCancellationRequested
                ? ReviewerResponse.Failure($"no answer within the {limit.TotalSeconds:0}s time limit ({(run.ReviewerTimeouts.ContainsKey(reviewer.Name) ? "timeout in config" : "--timeout")})", ReviewerStatus.Timeout)
                : ReviewerResponse.Failure("the request was cancelled by the client library");
        }
        catch (Exception ex) when (ex is not OperationCanceledException && !IsFatal(ex))
        {
            return ReviewerResponse.Failure($"{ex.GetType().Name}: {FirstLine(ex.Message)}");
        }
    }

    /// <summary>
    /// Never <c>approve</c> unless every reviewer answered: a review with a failed or unparseable reviewer is not a pass.
    /// What the others found still stands, so it is <c>request_changes</c> when they found something, else <c>error</c>.
    /// </summary>
    private static string Verdict(IReadOnlyList<ReviewerReport> reviewers, IReadOnlyList<Finding> findings, bool everyFileRead)
    {
        var succeeded = reviewers.Where(r => r.Status == ReviewerStatus.Ok).ToList();
        if (succeeded.Count == 0)
        {
            return "error";
        }

        var asksForChanges = findings.Any(f => f.Severity >= Severity.Minor) || succeeded.Any(r => r.Verdict == "request_changes");
        if (asksForChanges)
        {
            return "request_changes";
        }

        return succeeded.Count == reviewers.Count && everyFileRead ? "approve" : "error";
    }

    /// <summary>
    /// Null as soon as one reviewer that answered (or timed out) has no known cost (no usage reported, or no price for
    /// its model): an unknown cost is never added as zero. A reviewer refused before it answered adds nothing.
    /// </summary>
    internal static decimal? TotalCost(IReadOnlyList<ReviewerReport> reviewers)
    {
        decimal total = 0;
        // A reviewer cut by the time limit may have streamed a paid answer without reporting its usage.
        foreach (var r in reviewers.Where(r => r.Usage is not null || r.Status is ReviewerStatus.Ok or ReviewerStatus.Timeout))
        {
            if (r.CostUsd is not { } cost)
            {
                return null;
            }

            total += cost;
        }

        return total;
    }

    internal static List<string> Warnings(IReadOnlyList<ReviewerReport> reviewers)
    {
        var failed = reviewers.Where(r => r.Status is ReviewerStatus.Failed or ReviewerStatus.Timeout).ToList();
        if (failed.Count == 0)
        {
            return [];
        }

        var names = string.Join(", ", failed.Select(r => $"{r.Name} ({r.Status.ToString().ToLowerInvariant()}: {r.Error})"));
        return failed.Count == reviewers.Count
            ? [$"no reviewer completed: {names}"]
            : [$"{failed.Count} of {reviewers.Count} reviewers did not complete, so this review is incomplete and cannot pass; findings come from the others only: {names}"];
    }

    internal static string? Truncate(string? text) =>
        text is null || text.Length <= RawOutputLimit ? text : text[..RawOutputLimit] + $"\n[... {text.Length - RawOutputLimit} more characters]";

    private static string FirstLine(string message)
    {
        var end = message.AsSpan().IndexOfAny('\r', '\n');
        return end < 0 ? message : message[..end];
    }

    private static bool IsFatal(Exception ex) => ex is OutOfMemoryException or StackOverflowException or UnreachableException;

    internal sealed record ReviewerResult(ReviewerReport Report, IReadOnlyList<Finding> Findings);
}
