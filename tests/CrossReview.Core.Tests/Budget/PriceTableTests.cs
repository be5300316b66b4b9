using CrossReview.Budget;

namespace CrossReview.Tests.Budget;

public class PriceTableTests
{
    private static readonly TokenUsage Million = new(1_000_000, 0, 1_000_000);

    [Theory]
    [InlineData("some-unknown-model")]
    [InlineData("qwen2.5-coder:7b")]
    [InlineData("o3-pro")]
    [InlineData("gpt-4o-audio-preview-extra")]
    [InlineData("")]
    [InlineData(null)]
    public void Cost_UnknownModel_IsNullNotZero(string? model)
    {
        Assert.Null(PriceTable.Default.Cost(model, Million));
        Assert.Null(PriceTable.Default.Cost("openai-chat", model, Million));
    }

    [Theory]
    [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
    [InlineData("claude-opus-4-1-20250805", "claude-opus-4-1")]
    [InlineData("gpt-4o-2024-08-06", "gpt-4o")]
    [InlineData("gpt-4o-mini-2024-07-18", "gpt-4o-mini")]
    [InlineData("gemini-2.5-flash-preview-05-20", "gemini-2.5-flash")]
    [InlineData("models/gemini-2.5-pro", "gemini-2.5-pro")]
    [InlineData("GPT-4.1", "gpt-4.1")]
    [InlineData("claude-3-5-haiku-latest", "claude-3-5-haiku")]
    public void Find_SnapshotOrSpelling_PricedAsBaseModel(string reported, string baseModel)
    {
        var price = PriceTable.Default.Find(reported);

        Assert.NotNull(price);
        Assert.Equal(PriceTable.Default.Find(baseModel), price);
    }

    [Theory]
    [InlineData("gpt-4o-mini", "gpt-4o")]
    [InlineData("gpt-4.1-nano", "gpt-4.1")]
    [InlineData("claude-opus-4-5", "claude-opus-4")]
    [InlineData("gemini-2.5-flash-lite", "gemini-2.5-flash")]
    public void Find_Variant_HasItsOwnPrice(string variant, string family)
    {
        Assert.NotEqual(PriceTable.Default.Find(family), PriceTable.Default.Find(variant));
    }

    [Fact]
    public void Cost_SplitsCachedInputFromFullPriceInput()
    {
        var table = new PriceTable([KeyValuePair.Create("m", new ModelPrice(1m, 0.5m, 2m))]);

        var cost = table.Cost("m", new TokenUsage(1_000_000, 400_000, 500_000));

        // 600k uncached at $1, 400k cached at $0.50, 500k output at $2.
        Assert.Equal(0.6m + 0.2m + 1.0m, cost);
    }

    [Fact]
    public void Cost_ZeroUsageOnKnownModel_IsZero()
    {
        Assert.Equal(0m, PriceTable.Default.Cost("gpt-4o", TokenUsage.Zero));
    }

    [Fact]
    public void Cost_Ollama_IsFreeWhateverTheModel()
    {
        Assert.Equal(0m, PriceTable.Default.Cost("ollama", "qwen2.5-coder:7b", Million));
        Assert.Equal(0m, PriceTable.Default.Cost("Ollama", null, Million));
    }

    [Fact]
    public void Cost_KnownModelThroughProvider_UsesTable()
    {
        Assert.Equal(PriceTable.Default.Cost("gpt-4o", Million), PriceTable.Default.Cost("openai", "gpt-4o", Million));
        Assert.True(PriceTable.Default.Cost("gpt-4o", Million) > 0m);
    }

    [Fact]
    public void With_Overrides_AddAndReplaceEntries()
    {
        var table = PriceTable.Default.With([
            KeyValuePair.Create("my-local-model", ModelPrice.Free),
            KeyValuePair.Create("GPT-4o", new ModelPrice(1m, 1m, 1m)),
        ]);

        Assert.Equal(0m, table.Cost("my-local-model", Million));
        Assert.Equal(2m, table.Cost("gpt-4o", Million));
        Assert.Null(PriceTable.Default.Cost("my-local-model", Million));
    }
}
