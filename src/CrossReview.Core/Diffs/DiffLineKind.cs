namespace CrossReview.Diffs;

public enum DiffLineKind
{
    Context,
    Added,
    Removed,
}
