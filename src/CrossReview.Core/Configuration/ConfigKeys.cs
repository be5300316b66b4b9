using CrossReview.Reviewers;

namespace CrossReview.Configuration;

/// <summary>The keys and values a config file may use; error messages list them.</summary>
public static class ConfigKeys
{
    public static IReadOnlyList<string> Root { get; } = ["default_profile", "path_filters", "path_instructions", "reviewers", "profiles", "trusted_repositories"];

    public static IReadOnlyList<string> Reviewer { get; } =
        ["provider", "model", "base_url", "api_key_env", "role", "effort", "timeout", "max_budget_usd", "command", "prices"];

    public static IReadOnlyList<string> Prices { get; } = ["input", "cached_input", "output"];

    public static IReadOnlyList<string> Profile { get; } = ["reviewers", "rounds", "quorum"];

    public static IReadOnlyList<string> PathInstruction { get; } = ["path", "instructions"];

    /// <summary>The panel roles (DESIGN §5).</summary>
    public static IReadOnlyList<string> Roles { get; } = ["general", "callers", "contracts", "impact", "security"];

    /// <summary>
    /// Reasoning efforts. <c>low|medium|high</c> is what every reasoning model takes; codex also takes <c>minimal</c>
    /// and <c>xhigh</c> (its <c>model_reasoning_effort</c>), and OpenAI's reasoning models <c>minimal</c>, so those are
    /// accepted and passed on as written; a tool that lacks one rejects it at run time.
    /// </summary>
    public static IReadOnlyList<string> Efforts { get; } = ["minimal", "low", "medium", "high", "xhigh"];

    /// <summary>The providers a <c>base_url</c> applies to: those that talk to a model server over HTTP.</summary>
    public static IReadOnlyList<string> ServerProviders { get; } = ReviewerProviders.Chat;

    /// <summary>
    /// The variables holding the user's main keys, which a repository's file may name in <c>api_key_env</c> without
    /// being trusted: each only ever goes to its own vendor's hosts, whatever <c>base_url</c> says.
    /// </summary>
    public static IReadOnlyList<string> UsualKeyVariables { get; } =
        [ProviderConnection.OpenAIKeyVariable, ProviderConnection.AnthropicKeyVariable, ProviderConnection.GeminiKeyVariable];

    /// <summary>The providers whose key <c>api_key_env</c> can name: the HTTP ones that send a key.</summary>
    public static IReadOnlyList<string> KeyedProviders { get; } = ["openai", "openai-chat", "anthropic"];
}
