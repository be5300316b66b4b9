namespace CrossReview.Reviewers;

public enum ReviewerStatus
{
    Ok,
    Failed,
    Timeout,
    Skipped,
}
