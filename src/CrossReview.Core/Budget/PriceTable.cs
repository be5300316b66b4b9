using System.Text.RegularExpressions;

namespace CrossReview.Budget;

/// <summary>
/// List prices of common models, looked up by the model name a provider reports. A dated or preview snapshot
/// (<c>claude-sonnet-4-5-20250929</c>, <c>gpt-4o-2024-08-06</c>) costs what its base name costs; any other suffix
/// (<c>gpt-4.1-nano</c>, <c>o3-pro</c>) must have its own entry, because variants are priced differently and a wrong
/// price is worse than none. An unknown model has no cost (null), never a cost of 0: a report must not claim a review
/// was free because we did not know its price. The one exception is <c>ollama</c>, which runs on the user's machine;
/// other OpenAI-compatible servers may be local or paid, so they need prices in config.
/// Prices are standard (not batch, not long-context) list prices as published in late 2025; config overrides them.
/// </summary>
public sealed partial class PriceTable
{
    private readonly Dictionary<string, ModelPrice> _prices;

    public PriceTable(IEnumerable<KeyValuePair<string, ModelPrice>> prices)
    {
        ArgumentNullException.ThrowIfNull(prices);
        _prices = new Dictionary<string, ModelPrice>(StringComparer.Ordinal);
        foreach (var (model, price) in prices)
        {
            _prices[Normalize(model)] = price;
        }
    }

    public static PriceTable Default { get; } = new(new Dictionary<string, ModelPrice>
    {
        ["gpt-5"] = new(1.25m, 0.125m, 10m),
        ["gpt-5-mini"] = new(0.25m, 0.025m, 2m),
        ["gpt-5-nano"] = new(0.05m, 0.005m, 0.40m),
        ["gpt-5-codex"] = new(1.25m, 0.125m, 10m),
        ["gpt-5.1"] = new(1.25m, 0.125m, 10m),
        ["gpt-5.1-codex"] = new(1.25m, 0.125m, 10m),
        ["gpt-5.1-codex-mini"] = new(0.25m, 0.025m, 2m),
        ["gpt-5.2"] = new(1.75m, 0.175m, 14m),
        ["gpt-4.1"] = new(2m, 0.50m, 8m),
        ["gpt-4.1-mini"] = new(0.40m, 0.10m, 1.60m),
        ["gpt-4.1-nano"] = new(0.10m, 0.025m, 0.40m),
        ["gpt-4o"] = new(2.50m, 1.25m, 10m),
        ["gpt-4o-mini"] = new(0.15m, 0.075m, 0.60m),
        ["o3"] = new(2m, 0.50m, 8m),
        ["o3-mini"] = new(1.10m, 0.55m, 4.40m),
        ["o4-mini"] = new(1.10m, 0.275m, 4.40m),
        ["claude-opus-4-5"] = new(5m, 0.50m, 25m),
        ["claude-opus-4-1"] = new(15m, 1.50m, 75m),
        ["claude-opus-4"] = new(15m, 1.50m, 75m),
        ["claude-sonnet-4-5"] = new(3m, 0.30m, 15m),
        ["claude-sonnet-4"] = new(3m, 0.30m, 15m),
        ["claude-haiku-4-5"] = new(1m, 0.10m, 5m),
        ["claude-3-7-sonnet"] = new(3m, 0.30m, 15m),
        ["claude-3-5-haiku"] = new(0.80m, 0.08m, 4m),
        ["gemini-2.5-pro"] = new(1.25m, 0.125m, 10m),
        ["gemini-2.5-flash"] = new(0.30m, 0.03m, 2.50m),
        ["gemini-2.5-flash-lite"] = new(0.10m, 0.01m, 0.40m),
    });

    /// <summary>A table with <paramref name="overrides"/> (from config) added to or replacing this one's entries.</summary>
    public PriceTable With(IEnumerable<KeyValuePair<string, ModelPrice>> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        return new PriceTable(_prices.Concat(overrides.Select(o => KeyValuePair.Create(Normalize(o.Key), o.Value)))
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .Select(g => g.Last()));
    }

    /// <summary>The price of <paramref name="model"/>, or null when the table does not know it.</summary>
    public ModelPrice? Find(string? model)
    {
        if (string.IsNullOrWhiteSpace(model))
        {
            return null;
        }

        var name = Normalize(model);
        if (_prices.TryGetValue(name, out var exact))
        {
            return exact;
        }

        // The longest base name that the reported name extends by a snapshot suffix only.
        return _prices
            .Where(p => name.StartsWith(p.Key, StringComparison.Ordinal) && SnapshotSuffix().IsMatch(name[p.Key.Length..]))
            .OrderByDescending(p => p.Key.Length)
            .Select(p => p.Value)
            .FirstOrDefault();
    }

    /// <summary>What <paramref name="usage"/> cost on <paramref name="model"/>, or null when the price is unknown.</summary>
    public decimal? Cost(string? model, TokenUsage usage) => Find(model)?.Cost(usage);

    /// <summary>As <see cref="Cost(string?, TokenUsage)"/>, but a model served by <c>ollama</c> costs 0: it runs locally.</summary>
    public decimal? Cost(string? provider, string? model, TokenUsage usage) =>
        string.Equals(provider, "ollama", StringComparison.OrdinalIgnoreCase) ? 0m : Cost(model, usage);

    /// <summary>Lower case, without a routing prefix (<c>openai/gpt-4o</c>, <c>models/gemini-2.5-pro</c>).</summary>
    private static string Normalize(string model)
    {
        var name = model.Trim().ToLowerInvariant();
        var slash = name.LastIndexOf('/');
        return slash >= 0 ? name[(slash + 1)..] : name;
    }

    // "", "-20250929", "-2024-08-06", "-latest", "-preview", "-preview-05-20", "-exp-0827", "-001".
    [GeneratedRegex(@"^(?:-(?:\d{8}|\d{4}-\d{2}-\d{2}|\d{2}-\d{4}|\d{3,4}|latest|preview(?:-[\d-]+)?|exp(?:-[\d-]+)?))*$")]
    private static partial Regex SnapshotSuffix();
}
