using CrossReview.Configuration.Toml;

namespace CrossReview.Configuration;

/// <summary>
/// Finds, reads, checks and merges the repository's <c>.crossreview.toml</c> and the user's
/// <c>$XDG_CONFIG_HOME/crossreview/config.toml</c> (else <c>~/.config/crossreview/config.toml</c>). The repository's
/// file wins per reviewer, per profile and per scalar key; path filters and instructions of both apply, the
/// repository's first. Every problem is an <see cref="InputException"/> reading <c>FILE:LINE:COLUMN: what is wrong</c>.
/// </summary>
public static class ConfigLoader
{
    public const string RepositoryFileName = ".crossreview.toml";

    /// <param name="startDirectory">Where the command runs (<c>-C</c>): the repository's file is looked for from here up to the repository root.</param>
    /// <param name="getEnvironmentVariable">Reads <c>XDG_CONFIG_HOME</c> and <c>HOME</c>; injectable so tests never read the real home.</param>
    /// <exception cref="InputException">A file cannot be read or is invalid.</exception>
    public static CrossReviewConfig Load(string startDirectory, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var repository = RepositoryFile(startDirectory) is { } repositoryPath ? ReadFile(repositoryPath, fromRepository: true) : null;
        var user = UserFile(getEnvironmentVariable) is { } userPath && File.Exists(userPath) ? ReadFile(userPath, fromRepository: false) : null;
        return Merge(repository, user);
    }

    /// <summary>
    /// The nearest <c>.crossreview.toml</c> from <paramref name="startDirectory"/> up to the repository root (the folder
    /// holding <c>.git</c>, a folder or, in worktrees and submodules, a file); null when there is none. Outside a
    /// repository only the start directory itself is searched, so no file above it is picked up by accident.
    /// </summary>
    public static string? RepositoryFile(string startDirectory)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        var start = new DirectoryInfo(Path.GetFullPath(startDirectory));
        for (var directory = start; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RepositoryFileName);
            if (File.Exists(candidate))
            {
                // The walk stops at the first root, so a file found on the way is inside this repository if there is one at all.
                return directory.FullName == start.FullName || IsRepositoryRoot(directory) || HasRootAbove(directory) ? candidate : null;
            }

            if (IsRepositoryRoot(directory))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The user's config path (it may not exist): <c>$XDG_CONFIG_HOME/crossreview/config.toml</c>, else under <c>$HOME/.config</c>; null without either.</summary>
    public static string? UserFile(Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var xdg = getEnvironmentVariable("XDG_CONFIG_HOME");
        // The XDG spec ignores a relative XDG_CONFIG_HOME.
        if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathFullyQualified(xdg))
        {
            return Path.Combine(xdg, "crossreview", "config.toml");
        }

        var home = getEnvironmentVariable("HOME") is { Length: > 0 } h ? h : getEnvironmentVariable("USERPROFILE");
        return string.IsNullOrWhiteSpace(home) ? null : Path.Combine(home, ".config", "crossreview", "config.toml");
    }

    /// <summary>Reads and checks one file on its own (references to the other file are checked by <see cref="Merge"/>).</summary>
    internal static ConfigFile ReadFile(string path, bool fromRepository)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the config file: {ex.Message}", ex);
        }

        return ConfigFileReader.Read(text, path, fromRepository);
    }

    /// <summary>Merges the two files and checks what spans them: profile reviewers and <c>default_profile</c>.</summary>
    internal static CrossReviewConfig Merge(ConfigFile? repository, ConfigFile? user)
    {
        var files = new[] { repository, user }.OfType<ConfigFile>().ToList();
        if (files.Count == 0)
        {
            return CrossReviewConfig.Empty;
        }

        var reviewers = new Dictionary<string, ReviewerConfig>(StringComparer.Ordinal);
        var profiles = new Dictionary<string, (ProfileConfig Profile, ConfigFile File)>(StringComparer.Ordinal);
        // Lowest precedence first, so that the repository's entries overwrite the user's.
        foreach (var file in Enumerable.Reverse(files))
        {
            foreach (var (name, reviewer) in file.Config.Reviewers)
            {
                reviewers[name] = reviewer;
            }

            foreach (var (name, profile) in file.Config.Profiles)
            {
                profiles[name] = (profile, file);
            }
        }

        var defaultFrom = files.FirstOrDefault(f => f.Config.DefaultProfile is not null);
        var merged = new CrossReviewConfig
        {
            Reviewers = reviewers,
            Profiles = profiles.ToDictionary(p => p.Key, p => p.Value.Profile, StringComparer.Ordinal),
            DefaultProfile = defaultFrom?.Config.DefaultProfile,
            PathFilters = [.. files.SelectMany(f => f.Config.PathFilters)],
            PathInstructions = [.. files.SelectMany(f => f.Config.PathInstructions)],
            Sources = [.. files.SelectMany(f => f.Config.Sources)],
        };

        var resolver = new ReviewerResolver(merged);
        foreach (var (name, (profile, file)) in profiles)
        {
            for (var i = 0; i < profile.Reviewers.Count; i++)
            {
                try
                {
                    resolver.Resolve(profile.Reviewers[i]);
                }
                catch (InputException ex)
                {
                    throw file.ProfileReviewersAt[name][i].Error($"[profiles.{name}] reviewer '{profile.Reviewers[i]}' is not a configured reviewer nor a valid spec: {ex.Message}");
                }
            }
        }

        if (defaultFrom is { DefaultProfileAt: { } at } && !profiles.ContainsKey(merged.DefaultProfile!))
        {
            var known = profiles.Count == 0 ? "no profile is configured" : $"configured profiles: {string.Join(", ", profiles.Keys.Order(StringComparer.Ordinal))}";
            throw at.Error($"default_profile '{merged.DefaultProfile}' names no profile; {known}");
        }

        return merged;
    }

    private static bool IsRepositoryRoot(DirectoryInfo directory)
    {
        var git = Path.Combine(directory.FullName, ".git");
        return Directory.Exists(git) || File.Exists(git);
    }

    private static bool HasRootAbove(DirectoryInfo directory)
    {
        for (var d = directory.Parent; d is not null; d = d.Parent)
        {
            if (IsRepositoryRoot(d))
            {
                return true;
            }
        }

        return false;
    }
}
