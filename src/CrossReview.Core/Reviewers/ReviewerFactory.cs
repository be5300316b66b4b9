using CrossReview.Reviewers.AgentCli;
using CrossReview.Reviewers.Http;
using CrossReview.Reviewers.Sarif;

namespace CrossReview.Reviewers;

/// <summary>Turns a <see cref="ReviewerSpec"/> into a ready <see cref="IReviewer"/>.</summary>
public static class ReviewerFactory
{
    /// <summary>Checks what <see cref="Create"/> would refuse (provider, key, URL, executable) without building any client.</summary>
    /// <returns>The chat provider's connection; null for an agent CLI, which has none of its own.</returns>
    /// <exception cref="InputException">As <see cref="Create"/>.</exception>
    /// <param name="apiKeyEnv">The config's <c>api_key_env</c> for this reviewer (<see cref="ReviewerSettings.ApiKeyEnv"/>).</param>
    internal static ProviderConnection? Validate(ReviewerSpec spec, Func<string, string?> getEnvironmentVariable, string? apiKeyEnv = null) =>
        Validate(spec, new ReviewerSettings { GetEnvironmentVariable = getEnvironmentVariable, ApiKeyEnv = apiKeyEnv });

    /// <inheritdoc cref="Validate(ReviewerSpec, Func{string, string?}, string?)"/>
    internal static ProviderConnection? Validate(ReviewerSpec spec, ReviewerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        if (ReviewerProviders.AgentCli.Contains(spec.Provider))
        {
            _ = ResolveAgent(spec, settings);
            return null;
        }

        if (!ReviewerProviders.Chat.Contains(spec.Provider))
        {
            throw new InputException($"reviewer '{spec.Provider}' is not available yet");
        }

        return ProviderConnection.Resolve(spec, settings.GetEnvironmentVariable, settings.ApiKeyEnv);
    }

    /// <summary>
    /// What a dry run checks without calling anything: a SARIF log is read and validated; an agent CLI's executable is
    /// looked up; a chat provider's key and URL are checked as <see cref="Validate(ReviewerSpec, ReviewerSettings)"/> does.
    /// </summary>
    /// <exception cref="InputException">As <see cref="Create"/>.</exception>
    internal static void Check(ReviewerSpec spec, ReviewerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Provider == ReviewerProviders.Sarif)
        {
            SarifReviewer.Create(spec, settings);
            return;
        }

        Validate(spec, settings);
    }

    /// <summary>
    /// Builds the reviewer for a chat provider (<c>openai</c>, <c>openai-chat</c>, <c>anthropic</c>, <c>ollama</c>), an
    /// agent CLI (<c>codex</c>, <c>claude</c>, <c>gemini</c>, <c>command</c>) or a SARIF log (<c>sarif:FILE</c>, which needs
    /// no key and whose file is read and checked now). Nothing is sent or started yet: keys and URLs are only checked
    /// for presence and shape, executables for presence on PATH.
    /// </summary>
    /// <exception cref="InputException">
    /// A needed key is missing (the message names the variable), a base URL is invalid, an agent CLI is not on PATH (the
    /// message says how to install it), a <c>command</c> reviewer has no configured command; for <c>sarif</c>, the log is
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

        if (ReviewerProviders.AgentCli.Contains(spec.Provider))
        {
            var (dialect, executable) = ResolveAgent(spec, settings);
            // A command reviewer's spec is command:NAME, and NAME is the config entry, not a model.
            var model = spec.Provider == ReviewerProviders.Command ? null : spec.Model;
            return new AgentCliReviewer(settings.DisplayName ?? spec.SafeText, dialect, executable, model, settings);
        }

        var connection = Validate(spec, settings)
            ?? throw new InputException($"reviewer '{spec.Provider}' is not available yet");
        var redactor = new SecretRedactor([connection.ApiKey, .. UriDisplay.Secrets(connection.BaseUri)]);
        var handler = ChatClientFactory.CreateHandler(connection, settings, redactor);
        var client = ChatClientFactory.Create(connection, settings, handler);
        return new ChatReviewer(settings.DisplayName ?? spec.SafeText, connection, client, settings, redactor, handler.AbortStream);
    }

    /// <summary>The dialect and the executable's full path. A relative program path (<c>./tools/review</c>) is the repository's.</summary>
    private static (IAgentCliDialect Dialect, string Executable) ResolveAgent(ReviewerSpec spec, ReviewerSettings settings)
    {
        if (spec.BaseUrl is not null)
        {
            // Each CLI sends its own login (an OAuth token, a stored key) wherever its own config points; pointing it at a
            // URL from a spec could hand that login to a host it was never meant for, so the URL is refused, not ignored.
            throw new InputException(
                $"reviewer '{settings.DisplayName ?? spec.SafeText}': agent CLIs ({string.Join(", ", ReviewerProviders.AgentCli)}) use their own login and configuration, not a base URL after '@'; "
                + "drop '@URL' and point the CLI itself at the server (codex: a model provider in $CODEX_HOME/config.toml; claude: ANTHROPIC_BASE_URL; gemini: GOOGLE_GEMINI_BASE_URL), "
                + "or use a chat provider with it (openai, openai-chat, anthropic, ollama)");
        }

        var dialect = AgentCliDialects.For(spec.Provider, settings);
        var program = dialect.Executable;
        var hasDirectory = program.Contains('/', StringComparison.Ordinal) || program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);
        if (hasDirectory && !Path.IsPathRooted(program))
        {
            program = Path.Combine(settings.WorkingDirectory ?? Directory.GetCurrentDirectory(), program);
        }

        var executable = ExecutableLocator.Find(program, settings.GetEnvironmentVariable);
        if (executable is null)
        {
            var where = hasDirectory ? "which does not exist or is not executable" : "which is not on PATH";
            throw new InputException($"reviewer '{settings.DisplayName ?? spec.SafeText}' needs '{dialect.Executable}', {where}: {dialect.InstallHint}");
        }

        return (dialect, executable);
    }
}
