namespace CrossReview.Git;

/// <summary>Which change is reviewed (DESIGN §2 TARGET). Reported in lower case: <c>uncommitted|base|commit|range|diff</c>.</summary>
public enum TargetKind
{
    Uncommitted,
    Base,
    Commit,
    Range,
    Diff,
}
