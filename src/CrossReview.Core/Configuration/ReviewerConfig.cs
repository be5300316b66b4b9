using CrossReview.Budget;

namespace CrossReview.Configuration;

/// <summary>
/// A named reviewer, <c>[reviewers.NAME]</c>. <c>--reviewer NAME</c> (and <c>command:NAME</c> for a command reviewer)
/// refers to it.
/// </summary>
/// <param name="Name">The table's name: what reports show.</param>
/// <param name="Provider">One of <c>ReviewerProviders.All</c>.</param>
/// <param name="Source">The file it came from, for messages.</param>
public sealed record ReviewerConfig(string Name, string Provider, string Source)
{
    public string? Model { get; init; }
    /// <summary><c>base_url</c>, in the provider's own convention (DESIGN §2).</summary>
    public string? BaseUrl { get; init; }
    /// <summary><c>api_key_env</c>: the variable holding the key, instead of the provider's usual one.</summary>
    public string? ApiKeyEnv { get; init; }
    /// <summary><c>role</c>: a panel role (<c>general</c>, <c>callers</c>, <c>contracts</c>, <c>impact</c>, <c>security</c>).</summary>
    public string? Role { get; init; }
    /// <summary><c>effort</c>: reasoning effort for agent CLIs and reasoning models (<c>low</c>, <c>medium</c>, <c>high</c>).</summary>
    public string? Effort { get; init; }
    /// <summary><c>timeout</c> in seconds: this reviewer's time limit, overriding the default of <c>--timeout</c> (one typed on the command line wins).</summary>
    public int? TimeoutSeconds { get; init; }
    /// <summary><c>[reviewers.NAME.prices]</c> <c>input</c>, <c>cached_input</c>, <c>output</c> in USD per million tokens.</summary>
    public ModelPrice? Prices { get; init; }
    /// <summary><c>max_budget_usd</c>: a cost cap the agent CLI enforces itself (claude).</summary>
    public decimal? MaxBudgetUsd { get; init; }
    /// <summary><c>command</c>: for <c>provider = "command"</c>, the argv (program first) that reads the prompt on stdin.</summary>
    public IReadOnlyList<string>? Command { get; init; }
}
