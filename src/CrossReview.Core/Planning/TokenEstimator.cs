using Microsoft.ML.Tokenizers;

namespace CrossReview.Planning;

/// <summary>
/// Counts tokens with the o200k_base encoding (GPT-4o and later). Other families tokenize differently, but within a few
/// tens of percent, which is what a budget estimate needs. The tokenizer takes a while to load, so it is built once, on first use.
/// </summary>
internal static class TokenEstimator
{
    private static readonly Lazy<Tokenizer> Tokenizer = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    public static int Count(string text) => string.IsNullOrEmpty(text) ? 0 : Tokenizer.Value.CountTokens(text);
}
