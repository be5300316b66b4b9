using CrossReview.Git;

namespace CrossReview.Reviewers;

/// <summary>Model families, and how the family of the change's author is found.</summary>
public static class AuthorFamily
{
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string Google = "google";
    public const string Local = "local";

    private static readonly string[] CodexVariables =
        ["CODEX_THREAD_ID", "CODEX_SESSION_ID", "CODEX_CI", "CODEX_SANDBOX_NETWORK_DISABLED", "CODEX_SANDBOX", "CODEX_MANAGED_BY_NPM"];

    /// <summary>
    /// The author's families, first of: <c>--author</c>; the <c>Co-Authored-By:</c> trailers of the commits under review
    /// (every family they name, since a change written by two agents should be reviewed by a third); the agent the
    /// tool runs inside (<c>CLAUDECODE=1</c> → anthropic, codex's variables → openai).
    /// </summary>
    /// <param name="change">The change under review; null (or a working-tree change or patch) means no trailers to read.</param>
    /// <exception cref="InputException"><paramref name="authorOption"/> is not a known family, or git fails.</exception>
    public static Task<DetectedAuthor> DetectAsync(
        string? authorOption, AcquiredChange? change, Func<string, string?> getEnvironmentVariable, CancellationToken cancellationToken) =>
        DetectAsync(authorOption, change, getEnvironmentVariable, new GitCli(), cancellationToken);

    internal static async Task<DetectedAuthor> DetectAsync(
        string? authorOption, AcquiredChange? change, Func<string, string?> getEnvironmentVariable, GitCli git, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(authorOption))
        {
            return new([Normalize(authorOption)], "--author");
        }

        if (change is not null)
        {
            var trailers = await new CoAuthorTrailers(git).ReadAsync(change, cancellationToken).ConfigureAwait(false);
            var families = trailers.Select(FromTrailer).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (families.Count > 0)
            {
                return new(families, "Co-Authored-By trailers");
            }
        }

        return FromEnvironment(getEnvironmentVariable);
    }

    /// <summary>
    /// The agent crossreview runs inside: Claude Code sets <c>CLAUDECODE=1</c> for its commands. codex 0.169.0 was seen
    /// (running <c>env</c> as its tool) to give its commands <c>CODEX_THREAD_ID</c>, <c>CODEX_SESSION_ID</c>,
    /// <c>CODEX_CI</c>, <c>CODEX_SANDBOX_NETWORK_DISABLED</c> and, from its npm launcher, <c>CODEX_MANAGED_BY_NPM</c>;
    /// <c>CODEX_SANDBOX</c> is what its macOS sandbox sets. <c>CODEX_HOME</c> is not a clue: users set it themselves.
    /// </summary>
    public static DetectedAuthor FromEnvironment(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (getEnvironmentVariable("CLAUDECODE") == "1")
        {
            return new([Anthropic], "CLAUDECODE=1");
        }

        var codexVariable = CodexVariables.FirstOrDefault(name => !string.IsNullOrEmpty(getEnvironmentVariable(name)));
        return codexVariable is null ? DetectedAuthor.Unknown : new([OpenAI], $"{codexVariable} is set");
    }

    /// <summary>
    /// The family a trailer value names: <c>Claude &lt;noreply@anthropic.com&gt;</c> → anthropic; codex, openai,
    /// chatgpt or gpt in the name or address → openai; gemini or google → google; a human or an unknown agent → null.
    /// </summary>
    public static string? FromTrailer(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.ToLowerInvariant();
        if (text.Contains("anthropic", StringComparison.Ordinal) || text.Contains("claude", StringComparison.Ordinal))
        {
            return Anthropic;
        }

        if (new[] { "codex", "openai", "chatgpt", "gpt" }.Any(word => text.Contains(word, StringComparison.Ordinal)))
        {
            return OpenAI;
        }

        return text.Contains("gemini", StringComparison.Ordinal) || text.Contains("google", StringComparison.Ordinal) ? Google : null;
    }

    public static string Normalize(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        return family.Trim().ToLowerInvariant() switch
        {
            "openai" or "gpt" or "codex" or "openai-chat" => OpenAI,
            "anthropic" or "claude" => Anthropic,
            "google" or "gemini" => Google,
            "local" or "ollama" => Local,
            var other => throw new InputException($"unknown author family '{other}' (expected openai, anthropic, google or local)"),
        };
    }

}
