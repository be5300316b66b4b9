namespace CrossReview.Budget;

/// <summary>A model's list price in US dollars per million tokens.</summary>
/// <param name="CachedInputPerMillion">Price of input tokens served from the provider's prompt cache (OpenAI "cached input", Anthropic "cache read").</param>
public sealed record ModelPrice(decimal InputPerMillion, decimal CachedInputPerMillion, decimal OutputPerMillion)
{
    public static ModelPrice Free { get; } = new(0m, 0m, 0m);

    /// <summary>
    /// The cost of <paramref name="usage"/>. <see cref="TokenUsage.InputTokens"/> counts all input tokens, cached ones
    /// included (as OpenAI and Microsoft.Extensions.AI report them), so the cached share is billed at the cached price
    /// and only the rest at the full input price.
    /// </summary>
    public decimal Cost(TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        var cached = Math.Clamp(usage.CachedInputTokens, 0, Math.Max(usage.InputTokens, 0));
        var uncached = Math.Max(usage.InputTokens, 0) - cached;
        var output = Math.Max(usage.OutputTokens, 0);
        return ((uncached * InputPerMillion) + (cached * CachedInputPerMillion) + (output * OutputPerMillion)) / 1_000_000m;
    }
}
