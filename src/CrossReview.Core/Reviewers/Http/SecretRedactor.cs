namespace CrossReview.Reviewers.Http;

/// <summary>Replaces API keys in text that may reach a report, a log or the console (DESIGN §7: keys are never written anywhere).</summary>
internal sealed class SecretRedactor
{
    /// <summary>Shorter values are placeholders (<c>x</c>, <c>none</c>), and replacing them would mangle ordinary words.</summary>
    private const int MinimumSecretLength = 4;

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
