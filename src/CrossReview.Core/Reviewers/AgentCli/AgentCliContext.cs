namespace CrossReview.Reviewers.AgentCli;

/// <summary>The settings of one agent-CLI review, resolved from the spec, config and command line.</summary>
/// <param name="WorkingDirectory">The repository root: the agent starts there (<c>-C</c> for codex) and may read it, never write.</param>
/// <param name="Model">The model to ask for, or null for the tool's own default.</param>
/// <param name="Effort">Reasoning effort (<c>low|medium|high</c>) when configured.</param>
/// <param name="MaxBudgetUsd">A cost cap the tool enforces itself (<c>claude --max-budget-usd</c>), when configured.</param>
/// <param name="ScratchDirectory">An empty directory for this run only (codex's schema file, gemini's policy file); deleted afterwards.</param>
/// <param name="Command">For <c>command</c> reviewers: the configured argv (program first).</param>
/// <param name="GetEnvironmentVariable">A variable of the environment the tool will inherit (before the dialect's own); null when that is not known, and a dialect then adds nothing that depends on it.</param>
internal sealed record AgentCliContext(
    string WorkingDirectory,
    string? Model,
    string? Effort,
    decimal? MaxBudgetUsd,
    string ScratchDirectory,
    IReadOnlyList<string>? Command = null,
    Func<string, string?>? GetEnvironmentVariable = null);
