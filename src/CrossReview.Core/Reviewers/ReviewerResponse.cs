using CrossReview.Budget;

namespace CrossReview.Reviewers;

/// <summary>
/// What a reviewer returned: its raw text (parsed later, by the engine) or why it failed. Expected failures
/// (HTTP errors after retries, a refused key) are outcomes, not exceptions.
/// </summary>
public sealed record ReviewerResponse
{
    public required ReviewerStatus Status { get; init; }
    public string? Text { get; init; }
    public string? Error { get; init; }
    public TokenUsage? Usage { get; init; }
    /// <summary>The model the server says answered, when it says.</summary>
    public string? Model { get; init; }
    /// <summary>Cost the reviewer itself reported (agent CLIs do); null means compute it from the price table.</summary>
    public decimal? ReportedCostUsd { get; init; }
    /// <summary>Version, sandbox and effort of an agent CLI; null for chat models.</summary>
    public ReviewerDetails? Details { get; init; }

    public static ReviewerResponse Success(string text, TokenUsage? usage, string? model) =>
        new() { Status = ReviewerStatus.Ok, Text = text, Usage = usage, Model = model };

    public static ReviewerResponse Failure(string error, ReviewerStatus status = ReviewerStatus.Failed, string? rawText = null) =>
        new() { Status = status, Error = error, Text = rawText };
}
