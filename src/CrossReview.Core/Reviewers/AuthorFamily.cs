namespace CrossReview.Reviewers;

/// <summary>Model families, for picking a reviewer that is not the author's own.</summary>
public static class AuthorFamily
{
    public const string OpenAI = "openai";
    public const string Anthropic = "anthropic";
    public const string Google = "google";
    public const string Local = "local";

    /// <summary>The author's family from <c>--author</c>, else from the agent the tool runs inside (<c>CLAUDECODE=1</c>: Claude Code).</summary>
    public static string? Detect(string? authorOption, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(authorOption))
        {
            return Normalize(authorOption);
        }

        if (getEnvironmentVariable("CLAUDECODE") == "1")
        {
            return Anthropic;
        }

        return getEnvironmentVariable("CODEX_SANDBOX") is not null || getEnvironmentVariable("CODEX_MANAGED_BY_NPM") is not null
            ? OpenAI
            : null;
    }

    public static string Normalize(string family) => family.Trim().ToLowerInvariant() switch
    {
        "openai" or "gpt" or "codex" or "openai-chat" => OpenAI,
        "anthropic" or "claude" => Anthropic,
        "google" or "gemini" => Google,
        "local" or "ollama" => Local,
        var other => throw new InputException($"unknown author family '{other}' (expected openai, anthropic, google or local)"),
    };
}
