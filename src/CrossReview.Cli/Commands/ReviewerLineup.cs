using CrossReview.Configuration;
using CrossReview.Engine;
using CrossReview.Reviewers;

namespace CrossReview.Cli.Commands;

/// <summary>
/// Who reviews, from <c>--reviewer</c>, <c>--profile</c> or the config's <c>default_profile</c>, and what the config
/// says about each (role, effort, budget, command, key variable, timeout, prices). Detection, when nothing is named
/// or configured, works on plain specs; <see cref="Resolve"/> finds the config again for the specs chosen here.
/// </summary>
internal sealed class ReviewerLineup
{
    private readonly Dictionary<ReviewerSpec, ResolvedReviewer> _bySpec = new(ReferenceEqualityComparer.Instance);

    private ReviewerLineup(CrossReviewConfig config, NamedReviewers selection)
    {
        Config = config;
        Selection = selection;
        foreach (var reviewer in selection.Reviewers)
        {
            _bySpec[reviewer.Spec] = reviewer;
        }
    }

    public CrossReviewConfig Config { get; }

    public NamedReviewers Selection { get; }

    /// <summary>The chosen reviewers' specs; empty when the caller should detect.</summary>
    public IReadOnlyList<ReviewerSpec> Specs => Selection.Reviewers.Select(r => r.Spec).ToList();

    /// <summary>Loads the config for <paramref name="directory"/> and resolves what the user named.</summary>
    /// <exception cref="InputException">A bad config file, an unknown profile, or a reviewer that does not resolve.</exception>
    public static ReviewerLineup Load(string directory, Func<string, string?> getEnvironmentVariable, IReadOnlyList<string> reviewerTexts, string? profile)
    {
        var config = ConfigLoader.Load(directory, getEnvironmentVariable);
        return new ReviewerLineup(config, new ReviewerResolver(config).Select(reviewerTexts, profile));
    }

    /// <summary>A line for stderr when the reviewers came from <c>default_profile</c>, which the user did not type.</summary>
    public string? Note => Selection is { FromDefaultProfile: true, Profile: { } profile }
        ? $"reviewing with profile '{profile.Name}' (default_profile in {profile.Source}): {string.Join(", ", Selection.Reviewers.Select(r => r.Name))}"
        : null;

    /// <summary>
    /// The config of <paramref name="spec"/> when it was chosen here. A detected spec (<c>codex</c>) picks up a config
    /// entry of the same name and provider (<c>[reviewers.codex]</c> with an effort), else it has none.
    /// </summary>
    public ResolvedReviewer Resolve(ReviewerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_bySpec.TryGetValue(spec, out var chosen))
        {
            return chosen;
        }

        return Config.Reviewers.TryGetValue(spec.Text, out var entry) && entry.Provider == spec.Provider
            ? new ReviewerResolver(Config).Resolve(spec.Text)
            : new ResolvedReviewer(spec, null);
    }

    /// <summary><paramref name="run"/> with the configured timeouts and prices of the reviewers named <paramref name="names"/>.</summary>
    public ReviewRun Configure(ReviewRun run, IReadOnlyList<ReviewerSpec> specs, IReadOnlyList<string> names)
    {
        var resolved = specs.Select(Resolve).ToList();
        return run with
        {
            ReviewerTimeouts = resolved.Select((r, i) => (r.Timeout, Name: names[i])).Where(t => t.Timeout is not null)
                .ToDictionary(t => t.Name, t => t.Timeout!.Value, StringComparer.Ordinal),
            ReviewerPrices = resolved.Select((r, i) => (r.Price, Name: names[i])).Where(p => p.Price is not null)
                .ToDictionary(p => p.Name, p => p.Price!, StringComparer.Ordinal),
        };
    }
}
