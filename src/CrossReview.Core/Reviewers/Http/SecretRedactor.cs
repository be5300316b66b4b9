namespace CrossReview.Reviewers.Http;

/// <summary>Replaces API keys in text that may reach a report, a log or the console (DESIGN §7: keys are never written anywhere).</summary>
internal sealed class SecretRedactor
{
    /// <summary>
    /// Shorter values are placeholders (<c>x</c>, <c>none</c>, <c>ollama</c>, which Ollama's docs suggest as a key) or
    /// parameters, and replacing them would mangle ordinary words; real API keys are far longer.
    /// </summary>
    internal const int MinimumSecretLength = 12;

    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string?> secrets) =>
        _secrets = [.. secrets.OfType<string>().Where(s => s.Length >= MinimumSecretLength).Distinct().OrderByDescending(s => s.Length)];

    public static SecretRedactor None { get; } = new([]);

    public string Redact(string text)
    {
        foreach (var secret in _secrets)
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        return text;
    }
}
