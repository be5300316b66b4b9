namespace CrossReview.Findings;

public enum FindingStatus
{
    Reported,
    Confirmed,
    Integration,
    Unconfirmed,
    Dismissed,
}
