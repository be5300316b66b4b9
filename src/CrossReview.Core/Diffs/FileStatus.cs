namespace CrossReview.Diffs;

/// <summary>What a change did to a file, as git names it in the report (<c>added|modified|deleted|renamed|copied</c>).</summary>
public enum FileStatus
{
    Added,
    Modified,
    Deleted,
    Renamed,
    Copied,
}
