using CrossReview.Reviewers;

namespace CrossReview.Configuration;

/// <summary>
/// Turns what the user named into reviewers: a configured name, <c>command:NAME</c> for a configured command reviewer,
/// or an inline spec (<see cref="ReviewerSpec.Parse"/>). A configured name wins over an inline spec of the same text,
/// which is how <c>[reviewers.codex]</c> customises plain <c>codex</c>.
/// </summary>
public sealed class ReviewerResolver(CrossReviewConfig config)
{
    private const string CommandPrefix = ReviewerProviders.Command + ":";

    private readonly CrossReviewConfig _config = config ?? throw new ArgumentNullException(nameof(config));

    /// <exception cref="InputException">Neither a configured reviewer nor a valid spec; the message lists the configured names.</exception>
    public ResolvedReviewer Resolve(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (_config.Reviewers.TryGetValue(trimmed, out var named))
        {
            return FromConfig(named);
        }

        if (trimmed.StartsWith(CommandPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var name = trimmed[CommandPrefix.Length..];
            return _config.Reviewers.TryGetValue(name, out var command) && command.Provider == ReviewerProviders.Command
                ? FromConfig(command)
                : throw new InputException(
                    $"no command reviewer '{name}' is configured; add [reviewers.{(name.Length == 0 ? "NAME" : name)}] with provider = \"command\" and command = [\"program\", \"arg\"] to .crossreview.toml{CommandList()}");
        }

        try
        {
            return new ResolvedReviewer(ReviewerSpec.Parse(trimmed), null);
        }
        catch (InputException ex) when (_config.Reviewers.Count > 0)
        {
            throw new InputException($"{ex.Message}; configured reviewers: {string.Join(", ", _config.Reviewers.Keys.Order(StringComparer.Ordinal))}", ex);
        }
    }

    /// <summary>
    /// The reviewers to run: <paramref name="reviewerTexts"/> when given, else the profile <paramref name="profile"/>,
    /// else the config's <c>default_profile</c>, else none (<see cref="NamedReviewers.None"/>: detect).
    /// </summary>
    /// <exception cref="InputException">Both reviewers and a profile given, an unknown profile, or a reviewer that does not resolve.</exception>
    public NamedReviewers Select(IReadOnlyList<string> reviewerTexts, string? profile)
    {
        ArgumentNullException.ThrowIfNull(reviewerTexts);
        if (reviewerTexts.Count > 0 && profile is not null)
        {
            throw new InputException("choose --reviewer or --profile, not both");
        }

        if (reviewerTexts.Count > 0)
        {
            return new NamedReviewers(reviewerTexts.Select(Resolve).ToList(), null, false);
        }

        var fromDefault = profile is null;
        var name = profile ?? _config.DefaultProfile;
        if (name is null)
        {
            return NamedReviewers.None;
        }

        var chosen = Profile(name);
        return new NamedReviewers(chosen.Reviewers.Select(Resolve).ToList(), chosen, fromDefault);
    }

    /// <exception cref="InputException">No such profile; the message lists the configured ones and where they come from.</exception>
    public ProfileConfig Profile(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_config.Profiles.TryGetValue(name.Trim(), out var profile))
        {
            return profile;
        }

        var configured = _config.Profiles.Count == 0
            ? _config.Sources.Count == 0
                ? "no config file was found (.crossreview.toml in the repository, or ~/.config/crossreview/config.toml)"
                : $"no profile is configured in {string.Join(" or ", _config.Sources)}"
            : $"configured profiles: {string.Join(", ", _config.Profiles.Keys.Order(StringComparer.Ordinal))}";
        throw new InputException($"unknown profile '{name}'; {configured}");
    }

    private static ResolvedReviewer FromConfig(ReviewerConfig config)
    {
        if (config.Provider == ReviewerProviders.Command)
        {
            return new ResolvedReviewer(new ReviewerSpec(CommandPrefix + config.Name, config.Provider, config.Model ?? config.Name, null), config);
        }

        var text = config.Provider
            + (config.Model is null ? "" : ":" + config.Model)
            + (config.BaseUrl is null ? "" : "@" + config.BaseUrl);
        return new ResolvedReviewer(new ReviewerSpec(text, config.Provider, config.Model, config.BaseUrl), config);
    }

    private string CommandList()
    {
        var commands = _config.Reviewers.Values.Where(r => r.Provider == ReviewerProviders.Command).Select(r => r.Name).Order(StringComparer.Ordinal).ToList();
        return commands.Count == 0 ? "" : $"; configured command reviewers: {string.Join(", ", commands)}";
    }
}
