using CrossReview.Budget;
using CrossReview.Findings;
using CrossReview.Reviewers;

namespace CrossReview.Reports;

/// <summary>One reviewer's part of a report. A reviewer that did not finish with a parsed answer is never <c>ok</c>.</summary>
public sealed record ReviewerReport
{
    public required string Name { get; init; }
    public required string Provider { get; init; }
    public string? Model { get; init; }
    public string? Role { get; init; }
    /// <summary>An agent CLI's resolved version (<c>codex-cli 0.169.0</c>); null for chat models.</summary>
    public string? Version { get; init; }
    /// <summary>The sandbox an agent CLI ran in (<c>read-only</c>); null for chat models.</summary>
    public string? Sandbox { get; init; }
    /// <summary>Reasoning effort asked for, when configured.</summary>
    public string? Effort { get; init; }
    public required ReviewerStatus Status { get; init; }
    public string? Error { get; init; }
    public TokenUsage? Usage { get; init; }
    /// <summary>Null when the model's price is unknown: an unknown price is never reported as free.</summary>
    public decimal? CostUsd { get; init; }
    public long DurationMs { get; init; }
    /// <summary>The reviewer's own verdict (<c>approve|request_changes</c>) when it answered.</summary>
    public string? Verdict { get; init; }
    public string? Summary { get; init; }
    public int FindingsReported { get; init; }
    public int FindingsReanchored { get; init; }
    public int FindingsDropped { get; init; }
    public IReadOnlyList<DroppedFinding> Dropped { get; init; } = [];
    /// <summary>What had to be guessed while reading the answer (a severity word we did not know, a missing verdict).</summary>
    public IReadOnlyList<string> ParseWarnings { get; init; } = [];
    /// <summary>What the reviewer printed, kept when its answer could not be used.</summary>
    public string? RawOutput { get; init; }
}
