using CrossReview.Budget;
using CrossReview.Findings;
using CrossReview.Panel;

namespace CrossReview.Reports;

/// <summary>The <c>crossreview.report/v1</c> document (DESIGN §3). Field names are a contract: extend, never rename.</summary>
public sealed record Report
{
    public const string SchemaId = "crossreview.report/v1";

    public string Schema { get; init; } = SchemaId;
    public ToolInfo Tool { get; init; } = ToolInfo.Current;
    public string Mode { get; init; } = "review";
    public required ReportTarget Target { get; init; }
    /// <summary><c>approve|request_changes|error</c>; null in a dry run.</summary>
    public string? Verdict { get; init; }
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    public IReadOnlyList<ReviewerReport> Reviewers { get; init; } = [];
    public TokenUsage Usage { get; init; } = TokenUsage.Zero;
    public decimal? CostUsd { get; init; }
    public long DurationMs { get; init; }
    public int Rounds { get; init; }
    public bool DryRun { get; init; }
    /// <summary>Every planned reviewer answered with a parsed review. An incomplete review never passes.</summary>
    public bool Complete { get; init; }
    public PlanSummary? Plan { get; init; }
    /// <summary>Every reviewer that ran is of the author's own model family: it shares the author's blind spots.</summary>
    public bool SameFamily { get; init; }
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>How many confirmed findings reviewers raised on their own versus after the votes; null outside a panel.</summary>
    public PanelIndependence? Independence { get; init; }
}
