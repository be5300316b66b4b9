using CrossReview.Reviewers.Http;
using CrossReview.Reviewers.Sarif;

namespace CrossReview.Reviewers;

/// <summary>Turns a <see cref="ReviewerSpec"/> into a ready <see cref="IReviewer"/>.</summary>
public static class ReviewerFactory
{
    /// <summary>Checks what <see cref="Create"/> would refuse (provider, key, URL) without building any client.</summary>
    /// <exception cref="InputException">As <see cref="Create"/>.</exception>
    internal static ProviderConnection Validate(ReviewerSpec spec, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!ReviewerProviders.Chat.Contains(spec.Provider))
        {
            throw new InputException($"reviewer '{spec.Provider}' is not available yet");
        }

        return ProviderConnection.Resolve(spec, getEnvironmentVariable);
    }

    /// <summary>
    /// What a dry run checks without calling anything: a SARIF log is read and validated, a chat provider's key and URL
    /// as <see cref="Validate"/> does.
    /// </summary>
    /// <exception cref="InputException">As <see cref="Create"/>.</exception>
    internal static void Check(ReviewerSpec spec, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Provider == ReviewerProviders.Sarif)
        {
            SarifReviewer.Create(spec, new ReviewerSettings { GetEnvironmentVariable = getEnvironmentVariable });
            return;
        }

        Validate(spec, getEnvironmentVariable);
    }

    /// <summary>
    /// Builds the reviewer for a chat provider (<c>openai</c>, <c>openai-chat</c>, <c>anthropic</c>, <c>ollama</c>), or for a
    /// SARIF log (<c>sarif:FILE</c>, which needs no key and whose file is read and checked now).
    /// Nothing is sent yet: keys and URLs are only checked for presence and shape.
    /// </summary>
    /// <exception cref="InputException">
    /// A needed key is missing (the message names the variable), a base URL is invalid, or the provider is one whose
    /// reviewer does not exist yet (<c>codex</c>, <c>claude</c>, <c>gemini</c>, <c>command</c>); for <c>sarif</c>, the log is
    /// missing, not JSON or not SARIF 2.1.0.
    /// </exception>
    public static IReviewer Create(ReviewerSpec spec, ReviewerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        if (spec.Provider == ReviewerProviders.Sarif)
        {
            return SarifReviewer.Create(spec, settings);
        }

        var connection = Validate(spec, settings.GetEnvironmentVariable);
        var redactor = new SecretRedactor([connection.ApiKey, .. UriDisplay.Secrets(connection.BaseUri)]);
        var handler = ChatClientFactory.CreateHandler(connection, settings, redactor);
        var client = ChatClientFactory.Create(connection, settings, handler);
        return new ChatReviewer(settings.DisplayName ?? spec.SafeText, connection, client, settings, redactor, handler.AbortStream);
    }
}
