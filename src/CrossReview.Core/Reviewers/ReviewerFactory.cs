using CrossReview.Reviewers.Http;

namespace CrossReview.Reviewers;

/// <summary>Turns a <see cref="ReviewerSpec"/> into a ready <see cref="IReviewer"/>.</summary>
public static class ReviewerFactory
{
    /// <summary>Checks what <see cref="Create"/> would refuse (provider, key, URL) without building any client.</summary>
    /// <exception cref="InputException">As <see cref="Create"/>.</exception>
    /// <param name="apiKeyEnv">The config's <c>api_key_env</c> for this reviewer (<see cref="ReviewerSettings.ApiKeyEnv"/>).</param>
    internal static ProviderConnection Validate(ReviewerSpec spec, Func<string, string?> getEnvironmentVariable, string? apiKeyEnv = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!ReviewerProviders.Chat.Contains(spec.Provider))
        {
            throw new InputException($"reviewer '{spec.Provider}' is not available yet");
        }

        return ProviderConnection.Resolve(spec, getEnvironmentVariable, apiKeyEnv);
    }

    /// <summary>
    /// Builds the reviewer for a chat provider (<c>openai</c>, <c>openai-chat</c>, <c>anthropic</c>, <c>ollama</c>).
    /// Nothing is sent yet: keys and URLs are only checked for presence and shape.
    /// </summary>
    /// <exception cref="InputException">
    /// A needed key is missing (the message names the variable), a base URL is invalid, or the provider is one whose
    /// reviewer does not exist yet (<c>codex</c>, <c>claude</c>, <c>gemini</c>, <c>command</c>, <c>sarif</c>).
    /// </exception>
    public static IReviewer Create(ReviewerSpec spec, ReviewerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var connection = Validate(spec, settings.GetEnvironmentVariable, settings.ApiKeyEnv);
        var redactor = new SecretRedactor([connection.ApiKey, .. UriDisplay.Secrets(connection.BaseUri)]);
        var handler = ChatClientFactory.CreateHandler(connection, settings, redactor);
        var client = ChatClientFactory.Create(connection, settings, handler);
        return new ChatReviewer(settings.DisplayName ?? spec.SafeText, connection, client, settings, redactor, handler.AbortStream);
    }
}
