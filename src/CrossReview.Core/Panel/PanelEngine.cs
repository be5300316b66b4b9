using CrossReview.Budget;
using CrossReview.Engine;
using CrossReview.Findings;
using CrossReview.Prompts;
using CrossReview.Reports;
using CrossReview.Reviewers;

namespace CrossReview.Panel;

/// <summary>
/// Runs a consensus panel (issue 5): an independent first round in which every reviewer reviews with the prompt of its
/// role, then vote rounds in which each reviewer judges the findings it did not raise, blind and with only their hunks.
/// Later rounds ask only about clusters still undecided and the panel stops as soon as a round changes nothing.
/// </summary>
public sealed class PanelEngine(TimeProvider timeProvider)
{
    private readonly ReviewEngine engine = new(timeProvider);

    public async Task<Report> RunAsync(PanelRun run, IReviewProgress progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(progress);
        ArgumentOutOfRangeException.ThrowIfLessThan(run.Rounds, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(run.Quorum, 1);

        var started = timeProvider.GetTimestamp();
        var review = run.Review;
        var anchorer = new FindingAnchorer(review.Plan);
        var roles = PanelRole.Assign([.. review.Reviewers.Select(r => r.Role)]);
        var maxOutputTokens = review.Prompt.MaxOutputTokens;

        var firstRound = await Task.WhenAll(review.Reviewers.Select((reviewer, i) =>
        {
            var prompt = RolePromptBuilder.Build(roles[i], review.Plan, run.Focus, maxOutputTokens, run.PathInstructions,
                roles[i] == PanelRole.Callers ? run.CallSites : null);
            return engine.RunOneAsync(reviewer, prompt, review, anchorer, progress, cancellationToken);
        })).ConfigureAwait(false);

        var members = review.Reviewers.Select((reviewer, i) => new Member(reviewer, firstRound[i].Report with { Role = roles[i].Name })).ToList();
        var raised = firstRound.SelectMany((result, i) => result.Findings.Select(f => new RaisedFinding(review.Reviewers[i].Name, f))).ToList();
        var roleByName = members.ToDictionary(m => m.Reviewer.Name, m => m.Report.Role!, StringComparer.Ordinal);
        var votes = new List<LedgerVote>();

        var clusters = FindingClusterer.Cluster(raised);
        var resolution = PanelResolver.Resolve(clusters, CastVotes(clusters, votes), roleByName, run.Quorum);
        var roundsRun = 1;

        for (var round = 2; round <= run.Rounds && QuorumPossible(members, run.Quorum); round++)
        {
            // The second round asks about every cluster; later rounds only about those the votes left undecided.
            var underVote = round == 2 ? resolution.Clusters : resolution.Clusters.Where(c => c.IsUndecided).ToList();
            if (underVote.Count == 0)
            {
                break;
            }

            // An analyzer answers with its log whatever it is asked, so it raises findings but cannot vote.
            var requests = members
                .Where(m => m.Report.Status == ReviewerStatus.Ok && !ReviewerProviders.IsAnalyzer(m.Reviewer.Provider))
                .Select(m => (Member: m, Request: VoteRequestBuilder.Build(m.Reviewer.Name, [.. underVote.Select(c => c.Cluster)], review.Plan, maxOutputTokens)))
                .Where(x => x.Request is not null)
                .ToList();
            if (requests.Count == 0)
            {
                break;
            }

            var answers = await Task.WhenAll(requests.Select(x => VoteAsync(x.Member, x.Request!, review, anchorer, progress, cancellationToken)))
                .ConfigureAwait(false);
            roundsRun = round;

            var newFindings = 0;
            for (var i = 0; i < requests.Count; i++)
            {
                var (member, request) = requests[i];
                var answer = answers[i];
                foreach (var vote in answer.Votes)
                {
                    // A vote is tied to a member of its cluster, so it follows the issue when new findings renumber the clusters.
                    var cluster = clusters.First(c => string.Equals(c.Id, vote.FindingId, StringComparison.Ordinal));
                    votes.Add(new LedgerVote(cluster.Members[0], round, new Vote(member.Reviewer.Name, vote.Vote, vote.Reason)));
                }

                raised.AddRange(answer.NewFindings.Select(f => new RaisedFinding(member.Reviewer.Name, f, round)));
                newFindings += answer.NewFindings.Count;
            }

            var previous = resolution.Clusters.ToDictionary<ResolvedCluster, RaisedFinding, FindingStatus>(c => c.Cluster.Members[0], c => c.Finding.Status, ReferenceEqualityComparer.Instance);
            clusters = FindingClusterer.Cluster(raised);
            resolution = PanelResolver.Resolve(clusters, CastVotes(clusters, votes), roleByName, run.Quorum);
            var changed = newFindings > 0 || resolution.Clusters.Any(c =>
                !previous.TryGetValue(c.Cluster.Members[0], out var status) || status != c.Finding.Status);
            if (!changed)
            {
                break;
            }
        }

        var reviewers = members.Select(m => m.Report).ToList();
        var findings = resolution.Clusters.Select(c => c.Finding).ToList();
        var unread = ReviewEngine.Unread(review.Plan, includeDeleted: false);
        var quorumHeld = QuorumPossible(members, run.Quorum);
        var allAnswered = reviewers.All(r => r.Status == ReviewerStatus.Ok);

        return ReviewEngine.BaseReport(review) with
        {
            Mode = "panel",
            Verdict = Verdict(findings, quorumHeld, allAnswered && unread.Count == 0),
            Complete = quorumHeld && unread.Count == 0,
            Findings = findings,
            Reviewers = reviewers,
            Usage = reviewers.Aggregate(TokenUsage.Zero, (sum, r) => sum.Add(r.Usage)),
            CostUsd = ReviewEngine.TotalCost(reviewers),
            DurationMs = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds,
            Rounds = roundsRun,
            Independence = resolution.Independence,
            Warnings = [.. Warnings(reviewers, run.Quorum, quorumHeld), .. unread.Count == 0 ? [] : new[] { $"not reviewed, so this panel cannot pass: {ReviewEngine.Describe(unread)}" }],
        };
    }

    /// <summary>
    /// <c>error</c> when fewer reviewers than the quorum are left: no finding could be confirmed, so nothing the panel
    /// says is a verdict. Otherwise a confirmed or integration finding of minor or above asks for changes, and only a
    /// panel in which every reviewer answered every round and every file was read approves.
    /// </summary>
    private static string Verdict(IReadOnlyList<Finding> findings, bool quorumHeld, bool everythingAnswered)
    {
        if (!quorumHeld)
        {
            return "error";
        }

        if (findings.Any(f => f.Status is FindingStatus.Confirmed or FindingStatus.Integration && f.Severity >= Severity.Minor))
        {
            return "request_changes";
        }

        return everythingAnswered ? "approve" : "error";
    }

    private static bool QuorumPossible(IEnumerable<Member> members, int quorum) => members.Count(m => m.Report.Status == ReviewerStatus.Ok) >= quorum;

    private static List<string> Warnings(IReadOnlyList<ReviewerReport> reviewers, int quorum, bool quorumHeld)
    {
        var failed = reviewers.Where(r => r.Status is ReviewerStatus.Failed or ReviewerStatus.Timeout).ToList();
        if (failed.Count == 0)
        {
            return [];
        }

        var names = string.Join(", ", failed.Select(r => $"{r.Name} ({r.Status.ToString().ToLowerInvariant()}: {r.Error})"));
        return quorumHeld
            ? [$"{failed.Count} of {reviewers.Count} reviewers did not complete the panel; the others still reach the quorum of {quorum}: {names}"]
            : [$"quorum of {quorum} lost: only {reviewers.Count - failed.Count} of {reviewers.Count} reviewers completed, so this panel cannot pass: {names}"];
    }

    private static List<CastVote> CastVotes(IReadOnlyList<FindingCluster> clusters, IReadOnlyList<LedgerVote> votes) =>
        [.. votes.Select(v => (Vote: v, Cluster: clusters.FirstOrDefault(c => c.Members.Any(m => ReferenceEquals(m, v.Member)))))
            .Where(x => x.Cluster is not null)
            .Select(x => new CastVote(x.Cluster!.Id, x.Vote.Round, x.Vote.Vote))];

    /// <summary>One vote round for one reviewer. A reviewer whose answer fails or cannot be read leaves the panel.</summary>
    private async Task<VoteAnswer> VoteAsync(
        Member member, VoteRequest request, ReviewRun review, FindingAnchorer anchorer, IReviewProgress progress, CancellationToken cancellationToken)
    {
        var reviewer = member.Reviewer;
        var started = timeProvider.GetTimestamp();
        progress.ReviewerStarted(reviewer.Name);
        var response = await engine.AskAsync(reviewer, request.Prompt, review, cancellationToken).ConfigureAwait(false);
        var elapsed = (long)timeProvider.GetElapsedTime(started).TotalMilliseconds;

        var report = member.Report;
        var cost = response.ReportedCostUsd ?? (response.Usage is { } u ? review.CostFor(reviewer, response.Model ?? reviewer.Model, u) : null);
        var paid = response.Usage is not null || response.Status is ReviewerStatus.Ok or ReviewerStatus.Timeout;
        report = report with
        {
            Usage = response.Usage is null ? report.Usage : (report.Usage ?? TokenUsage.Zero).Add(response.Usage),
            // An unknown cost is never added as zero: one paid call without a price makes the reviewer's cost unknown.
            CostUsd = paid ? (report.CostUsd is { } before && cost is { } now ? before + now : null) : report.CostUsd,
            DurationMs = report.DurationMs + elapsed,
        };

        VoteAnswer answer = new([], []);
        if (response.Status != ReviewerStatus.Ok)
        {
            report = report with { Status = response.Status, Error = $"vote round: {response.Error}", RawOutput = ReviewEngine.Truncate(response.Text) };
        }
        else
        {
            var parsed = VoteResponseParser.Parse(response.Text, request.FindingIds);
            if (!parsed.IsSuccess)
            {
                report = report with
                {
                    Status = ReviewerStatus.Failed,
                    Error = $"vote round: could not parse the reviewer's output: {parsed.Error}",
                    RawOutput = ReviewEngine.Truncate(response.Text),
                };
            }
            else
            {
                var anchored = anchorer.Anchor(reviewer.Name, parsed.NewFindings, AnchorPolicy.Reanchor);
                report = report with
                {
                    FindingsReported = report.FindingsReported + parsed.NewFindings.Count,
                    FindingsReanchored = report.FindingsReanchored + anchored.Reanchored,
                    FindingsDropped = report.FindingsDropped + anchored.Dropped.Count,
                    Dropped = [.. report.Dropped, .. anchored.Dropped],
                    ParseWarnings = [.. report.ParseWarnings, .. parsed.Warnings],
                };
                answer = new VoteAnswer(parsed.Votes, anchored.Findings);
            }
        }

        member.Report = report;
        progress.ReviewerFinished(report);
        return answer;
    }

    /// <summary>A panel reviewer and its report so far, which each vote round extends.</summary>
    private sealed class Member(IReviewer reviewer, ReviewerReport report)
    {
        public IReviewer Reviewer { get; } = reviewer;

        public ReviewerReport Report { get; set; } = report;
    }

    /// <summary>A vote tied to the first member of the cluster it was cast on, since cluster ids change as findings arrive.</summary>
    private sealed record LedgerVote(RaisedFinding Member, int Round, Vote Vote);

    private sealed record VoteAnswer(IReadOnlyList<ModelVote> Votes, IReadOnlyList<Finding> NewFindings);
}
