using CrossReview.Git;

namespace CrossReview.Reports;

public sealed record ReportTarget
{
    public required TargetKind Kind { get; init; }
    public string? Base { get; init; }
    public string? Head { get; init; }
    public string? Repository { get; init; }
    public IReadOnlyList<ReportFile> Files { get; init; } = [];
}
