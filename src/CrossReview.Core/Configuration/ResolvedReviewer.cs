using CrossReview.Budget;
using CrossReview.Reviewers;

namespace CrossReview.Configuration;

/// <summary>A <c>--reviewer</c> text or profile entry resolved: the spec to build and, for a named reviewer, its config.</summary>
/// <param name="Config">The <c>[reviewers.NAME]</c> entry; null for an inline spec.</param>
public sealed record ResolvedReviewer(ReviewerSpec Spec, ReviewerConfig? Config)
{
    /// <summary>The name reports show: the config name, else the spec without secrets.</summary>
    public string Name => Config?.Name ?? Spec.SafeText;

    /// <summary>The config's <c>timeout</c>, overriding the default of <c>--timeout</c> for this reviewer (the CLI lets one typed on the command line win).</summary>
    public TimeSpan? Timeout => Config?.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    /// <summary>The config's <c>prices</c>, which cost this reviewer's usage whatever model the server reports.</summary>
    public ModelPrice? Price => Config?.Prices;

    /// <summary><paramref name="settings"/> with the config's role, effort, budget, command and key variable.</summary>
    public ReviewerSettings Apply(ReviewerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Config is not { } config
            ? settings
            : settings with
            {
                Role = config.Role ?? settings.Role,
                Effort = config.Effort ?? settings.Effort,
                MaxBudgetUsd = config.MaxBudgetUsd ?? settings.MaxBudgetUsd,
                Command = config.Command ?? settings.Command,
                ApiKeyEnv = config.ApiKeyEnv ?? settings.ApiKeyEnv,
            };
    }
}
