namespace CrossReview.Setup;

/// <summary>Every check <c>doctor</c> ran, and the reviewers that could run a review right now.</summary>
/// <param name="ReadyReviewers">What <c>--reviewer</c> could be given and work (<c>codex</c>, <c>openai</c>, a configured name).</param>
public sealed record DoctorReport(IReadOnlyList<DoctorCheck> Checks, IReadOnlyList<string> ReadyReviewers)
{
    /// <summary>
    /// A plain <c>crossreview review</c> here would run (its <c>review</c> check is ok: the default profile's reviewers or
    /// the detected one can run) and nothing every review needs (git, a valid config) is broken.
    /// </summary>
    public bool CanReview =>
        ReadyReviewers.Count > 0
        && Checks.All(c => c.Status != DoctorStatus.Problem)
        && Checks.Any(c => c.Area == "review" && c.Status == DoctorStatus.Ok);

    /// <summary>0 when <see cref="CanReview"/>, else 1.</summary>
    public int ExitCode => CanReview ? 0 : 1;
}
