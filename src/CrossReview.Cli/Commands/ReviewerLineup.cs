using CrossReview.Configuration;
using CrossReview.Engine;
using CrossReview.Git;
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

    /// <summary>Resolves what the user named against <paramref name="config"/>.</summary>
    /// <exception cref="InputException">An unknown profile, or a reviewer that does not resolve.</exception>
    public static ReviewerLineup Create(CrossReviewConfig config, IReadOnlyList<string> reviewerTexts, string? profile) =>
        new(config, new ReviewerResolver(config).Select(reviewerTexts, profile));

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

    /// <summary>
    /// A detected spec (<c>codex</c>) replaced by the config entry of the same name and provider, so that
    /// <c>[reviewers.codex] model = "…"</c> applies to it as its effort and timeout do; any other spec as it is.
    /// Safe because the user's file wins per reviewer and a change editing the repository's file is reviewed with the
    /// base revision's.
    /// </summary>
    public ReviewerSpec Adopt(ReviewerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (_bySpec.ContainsKey(spec))
        {
            return spec;
        }

        var resolved = Resolve(spec);
        _bySpec[resolved.Spec] = resolved;
        return resolved.Spec;
    }

    /// <summary>
    /// <paramref name="run"/> with the configured timeouts and prices of the reviewers named <paramref name="names"/>;
    /// no configured timeout when <paramref name="explicitTimeout"/> (a <c>--timeout</c> given on the command line wins).
    /// </summary>
    public ReviewRun Configure(ReviewRun run, IReadOnlyList<ReviewerSpec> specs, IReadOnlyList<string> names, bool explicitTimeout)
    {
        var resolved = specs.Select(Resolve).ToList();
        return run with
        {
            ReviewerTimeouts = explicitTimeout
                ? new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
                : resolved.Select((r, i) => (r.Timeout, Name: names[i])).Where(t => t.Timeout is not null)
                    .ToDictionary(t => t.Name, t => t.Timeout!.Value, StringComparer.Ordinal),
            ReviewerPrices = resolved.Select((r, i) => (r.Price, Name: names[i])).Where(p => p.Price is not null)
                .ToDictionary(p => p.Name, p => p.Price!, StringComparer.Ordinal),
        };
    }

    /// <summary>
    /// Refuses a <c>command</c> reviewer whose program (one with a directory part, such as <c>./tools/review.sh</c>)
    /// is a file the change adds, edits, renames or deletes: the change would be reviewed by code it brings. The path
    /// is taken both as the process resolves it (from <paramref name="currentDirectory"/>) and from the repository root.
    /// </summary>
    /// <exception cref="InputException">A reviewer's program is part of the change.</exception>
    public void CheckProgramsOutside(IReadOnlyList<ReviewerSpec> specs, AcquiredChange change, string currentDirectory)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(change);
        if (change.RepositoryRoot is not { } root)
        {
            return;
        }

        var changed = change.Files.SelectMany(f => f.OldPath is { } old ? new[] { f.Path, old } : [f.Path]).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var spec in specs)
        {
            var resolved = Resolve(spec);
            if (resolved.Config?.Command is not [var program, ..]
                || !(program.Contains('/', StringComparison.Ordinal) || program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                continue;
            }

            foreach (var full in new[] { Path.GetFullPath(program, currentDirectory), Path.GetFullPath(program, root) })
            {
                var relative = Path.GetRelativePath(root, full).Replace(Path.DirectorySeparatorChar, '/');
                if (!relative.StartsWith("../", StringComparison.Ordinal) && relative != ".." && !Path.IsPathRooted(relative) && changed.Contains(relative))
                {
                    throw new InputException($"the change edits the program of command reviewer {resolved.Name} ({relative}); a reviewer cannot be part of the change it reviews");
                }
            }
        }
    }
}
