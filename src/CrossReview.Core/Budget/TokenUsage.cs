namespace CrossReview.Budget;

public sealed record TokenUsage(long InputTokens, long CachedInputTokens, long OutputTokens)
{
    public static TokenUsage Zero { get; } = new(0, 0, 0);

    public TokenUsage Add(TokenUsage? other) => other is null
        ? this
        : new(InputTokens + other.InputTokens, CachedInputTokens + other.CachedInputTokens, OutputTokens + other.OutputTokens);
}
