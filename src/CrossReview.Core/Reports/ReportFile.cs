using CrossReview.Diffs;

namespace CrossReview.Reports;

public sealed record ReportFile(
    string Path,
    string? OldPath,
    FileStatus Status,
    bool Binary,
    int Additions,
    int Deletions,
    bool Reviewed,
    string? SkipReason);
