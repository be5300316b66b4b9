namespace CrossReview.Findings;

public enum VoteKind
{
    Confirm,
    Dismiss,
    Unsure,
}
