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
    /// The author's families: <c>--author</c> alone when given; otherwise every family of the agent the tool runs inside
    /// (<c>CLAUDECODE=1</c> → anthropic, codex's variables → openai) together with every family the
    /// <c>Co-Authored-By:</c> trailers of the commits under review name. All of them are avoided: a branch reviewed from
    /// inside Claude Code whose commits carry a Codex trailer was touched by both, and a third family sees it freshest.
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

        var environment = FromEnvironment(getEnvironmentVariable);
        if (change is null)
        {
            return environment;
        }

        var trailers = await new CoAuthorTrailers(git).ReadAsync(change, cancellationToken).ConfigureAwait(false);
        var fromTrailers = trailers.Select(FromTrailer).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (fromTrailers.Count == 0)
        {
            return environment;
        }

        var families = environment.Families.Concat(fromTrailers).Distinct(StringComparer.Ordinal).ToList();
        var source = environment.Source is null ? "Co-Authored-By trailers" : $"{environment.Source} and Co-Authored-By trailers";
        return new(families, source);
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
    /// The family of a <c>Co-Authored-By:</c> value (<c>Name &lt;email&gt;</c>), matched against the identities the agents
    /// sign with, never against words anywhere in it (<c>Claude Monet</c> and <c>jane@google.com</c> are people):
    /// <list type="bullet">
    /// <item>anthropic: the address <c>noreply@anthropic.com</c>, or the name <c>Claude</c>, or <c>Claude</c> followed by a
    /// model word (<c>Claude Opus 4.6</c>, <c>Claude Sonnet</c>, <c>Claude Haiku</c>, <c>Claude Code</c>);</item>
    /// <item>openai: an address at <c>openai.com</c>, the name <c>Codex</c>, <c>ChatGPT</c> or <c>OpenAI Codex</c>, or a
    /// GitHub bot with codex in its name (<c>chatgpt-codex-connector[bot]</c>);</item>
    /// <item>google: a name that is <c>Gemini</c> or starts with <c>Gemini </c> (<c>Gemini Code Assist</c>), a GitHub bot
    /// with gemini in its name (<c>gemini-code-assist[bot]</c>), or an address at <c>google.com</c> whose name says gemini.</item>
    /// </list>
    /// Anything else (a human, an agent we do not know) → null. Case is ignored.
    /// </summary>
    public static string? FromTrailer(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var open = value.IndexOf('<', StringComparison.Ordinal);
        var close = open < 0 ? -1 : value.IndexOf('>', open + 1);
        var name = (open < 0 ? value : value[..open]).Trim().ToLowerInvariant();
        var email = open < 0 || close < 0 ? "" : value[(open + 1)..close].Trim().ToLowerInvariant();
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var bot = name.EndsWith("[bot]", StringComparison.Ordinal) || email.Contains("[bot]@", StringComparison.Ordinal);
        var handle = bot ? name + " " + email : "";

        if (email == "noreply@anthropic.com"
            || name == "claude"
            || (words.Length >= 2 && words[0] == "claude" && words[1] is "opus" or "sonnet" or "haiku" or "code"))
        {
            return Anthropic;
        }

        if (email.EndsWith("@openai.com", StringComparison.Ordinal)
            || name is "codex" or "chatgpt" or "openai codex" or "chatgpt codex"
            || handle.Contains("codex", StringComparison.Ordinal))
        {
            return OpenAI;
        }

        if ((words.Length >= 1 && words[0] == "gemini")
            || handle.Contains("gemini", StringComparison.Ordinal)
            || (email.EndsWith("@google.com", StringComparison.Ordinal) && name.Contains("gemini", StringComparison.Ordinal)))
        {
            return Google;
        }

        return null;
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
