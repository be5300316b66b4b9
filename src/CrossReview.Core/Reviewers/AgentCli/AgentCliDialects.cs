namespace CrossReview.Reviewers.AgentCli;

/// <summary>The dialect of each agent-CLI provider.</summary>
internal static class AgentCliDialects
{
    /// <exception cref="InputException">A <c>command</c> reviewer without a configured command, or a provider that is no agent CLI.</exception>
    internal static IAgentCliDialect For(string provider, ReviewerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return provider switch
        {
            ReviewerProviders.Codex => new CodexDialect(),
            ReviewerProviders.Claude => new ClaudeDialect(),
            ReviewerProviders.Gemini => new GeminiDialect(),
            ReviewerProviders.Command => new CommandDialect(
                settings.Command is { Count: > 0 } command && !string.IsNullOrWhiteSpace(command[0])
                    ? command
                    : throw new InputException(
                        $"reviewer '{settings.DisplayName ?? ReviewerProviders.Command}' has no command: define [reviewers.NAME] with provider = \"command\" and command = [\"program\", \"arg\", ...] in .crossreview.toml, then use --reviewer NAME")),
            _ => throw new InputException($"reviewer '{provider}' is not available yet"),
        };
    }
}
