namespace CrossReview.Reports;

/// <summary>What was planned for review: sizes and the prompt's estimated input tokens per reviewer.</summary>
public sealed record PlanSummary(int Files, int ReviewedFiles, int ChangedLines, long DiffBytes, int EstimatedInputTokens);
