using System.Text;
using CrossReview.Git;

namespace CrossReview.Configuration;

/// <summary>
/// Finds, reads, checks and merges the repository's <c>.crossreview.toml</c> and the user's
/// <c>$XDG_CONFIG_HOME/crossreview/config.toml</c> (else <c>~/.config/crossreview/config.toml</c>). The user's file
/// wins per reviewer, so a change cannot redefine a reviewer the user set up; the repository's wins per profile and per
/// scalar key; path filters and instructions of both apply, the repository's first. Every problem is an
/// <see cref="InputException"/> reading <c>FILE:LINE:COLUMN: what is wrong</c>.
/// </summary>
public static class ConfigLoader
{
    public const string RepositoryFileName = ".crossreview.toml";

    /// <summary>Set to <c>1</c> to trust the repository's file (CI that checks out its own repository).</summary>
    public const string TrustVariable = "CROSSREVIEW_TRUST_REPO_CONFIG";

    /// <summary>A config file is a few kilobytes; anything larger is not one, and is not read into memory.</summary>
    public const int MaxFileBytes = 256 * 1024;

    /// <summary>What <see cref="LoadForChangeAsync"/> says when the change under review edits the repository's file (the committed one is used).</summary>
    public const string BaseRevisionNote = "the change edits .crossreview.toml, so the config at BASE is used";

    /// <summary><see cref="BaseRevisionNote"/> naming the revision, and what to do to use the edited file.</summary>
    internal static string BaseNote(string? baseRevision) => baseRevision is null
        ? BaseRevisionNote + " (there is none: the change has no base revision)"
        : $"{BaseRevisionNote} ({baseRevision[..Math.Min(12, baseRevision.Length)]}); commit the edited file to review with it";

    /// <summary>
    /// Loads the start directory's repository file as it is on disk and the user's file: what applies outside any git
    /// repository. Inside one, a review uses <see cref="LoadForChangeAsync"/> and a listing <see cref="LoadAtHeadAsync"/>.
    /// </summary>
    /// <param name="startDirectory">Where the command runs (<c>-C</c>): the repository's file is looked for from here up to the repository root.</param>
    /// <param name="getEnvironmentVariable">Reads <c>XDG_CONFIG_HOME</c>, <c>HOME</c> and <see cref="TrustVariable"/>; injectable so tests never read the real home.</param>
    /// <exception cref="InputException">A file cannot be read or is invalid.</exception>
    public static CrossReviewConfig Load(string startDirectory, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var user = ReadUserFile(getEnvironmentVariable);
        var repository = RepositoryFile(startDirectory) is { } repositoryPath
            ? ReadRepositoryFile(repositoryPath, RepositoryRoot(startDirectory) ?? Path.GetFullPath(startDirectory), user, getEnvironmentVariable)
            : null;
        return Merge(repository, user);
    }

    /// <summary>
    /// The config to review <paramref name="change"/> with. Inside a repository the repository's <c>.crossreview.toml</c>
    /// is always read as committed at the change's base revision (uncommitted changes and <c>--diff</c>: HEAD), never
    /// from the working tree, so a change cannot choose its own reviewers, filter itself out or write its own review
    /// guidance, whether it edits the file, a file a committed symlink leads to, or an ignored copy. Outside any
    /// repository the start directory's file is read (<see cref="Load"/>).
    /// </summary>
    /// <exception cref="InputException">A file cannot be read or is invalid, or git fails.</exception>
    public static async Task<ChangeConfig> LoadForChangeAsync(
        string startDirectory, AcquiredChange change, Func<string, string?> getEnvironmentVariable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var git = new GitCli();
        if (await LocateAsync(git, startDirectory, cancellationToken).ConfigureAwait(false) is not { } location)
        {
            return new ChangeConfig(Load(startDirectory, getEnvironmentVariable), null);
        }

        var revision = change.Kind == TargetKind.Diff ? await HeadAsync(git, location.Root, cancellationToken).ConfigureAwait(false) : change.Base;
        var candidates = CandidatePaths(location.Prefix);
        var edited = change.Kind != TargetKind.Diff && change.Files.Any(f =>
            candidates.Contains(f.Path, StringComparer.OrdinalIgnoreCase) || (f.OldPath is { } old && candidates.Contains(old, StringComparer.OrdinalIgnoreCase)));
        return await LoadCommittedAsync(git, location, revision, edited, getEnvironmentVariable, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The config <c>reviewers</c> and <c>doctor</c> show: inside a repository the repository's file as committed at
    /// HEAD (what a review of the next change would use), outside any the start directory's file.
    /// </summary>
    /// <exception cref="InputException">A file cannot be read or is invalid, or git fails.</exception>
    public static async Task<ChangeConfig> LoadAtHeadAsync(string startDirectory, Func<string, string?> getEnvironmentVariable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(startDirectory);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var git = new GitCli();
        if (await LocateAsync(git, startDirectory, cancellationToken).ConfigureAwait(false) is not { } location)
        {
            return new ChangeConfig(Load(startDirectory, getEnvironmentVariable), null);
        }

        var head = await HeadAsync(git, location.Root, cancellationToken).ConfigureAwait(false);
        return await LoadCommittedAsync(git, location, head, edited: false, getEnvironmentVariable, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The nearest candidate committed at <paramref name="revision"/> (none without a revision) merged with the user's
    /// file, and a note when the working tree's file differs from it. A committed file that is invalid or refused does
    /// not stop the review that replaces it: when the working tree differs, it is left out with a warning.
    /// </summary>
    private static async Task<ChangeConfig> LoadCommittedAsync(
        GitCli git, (string Root, string Prefix) location, string? revision, bool edited, Func<string, string?> getEnvironmentVariable, CancellationToken cancellationToken)
    {
        var user = ReadUserFile(getEnvironmentVariable);
        var candidates = CandidatePaths(location.Prefix);
        InputException? failure = null;
        CrossReviewConfig? merged = null;
        var shortRevision = revision?[..Math.Min(12, revision.Length)];
        try
        {
            ConfigFile? repository = null;
            foreach (var candidate in revision is null ? [] : candidates)
            {
                var name = $"{shortRevision}:{candidate}";
                if (await ReadAtRevisionAsync(git, location.Root, revision!, candidate, name, cancellationToken).ConfigureAwait(false) is { } text)
                {
                    repository = ConfigFileReader.Read(text, name, fromRepository: true, IsTrusted(location.Root, user, getEnvironmentVariable), location.Root);
                    break;
                }
            }

            merged = Merge(repository, user);
        }
        catch (InputException ex) when (shortRevision is not null && ex.Message.StartsWith($"{shortRevision}:", StringComparison.Ordinal))
        {
            failure = ex;
        }

        var differs = await WorkingTreeDiffersAsync(git, location.Root, revision, candidates, cancellationToken).ConfigureAwait(false);
        if (failure is not null)
        {
            return differs
                ? new ChangeConfig(Merge(null, user), $"warning: the repository's config at {shortRevision} cannot be used ({failure.Message}); the working tree's .crossreview.toml differs, so the review runs without the repository's config; commit the fixed file to use it")
                : throw failure;
        }

        string? note = !differs ? null
            : edited ? BaseNote(revision)
            : revision is null ? $"the working tree's {RepositoryFileName} is not used: there is no commit to read it from; commit it to use it"
            : $"the working tree's {RepositoryFileName} differs from the one committed at {shortRevision}, so the config at {shortRevision} is used; commit the edit to use it";
        return new ChangeConfig(merged!, note);
    }

    /// <summary>
    /// Whether the working tree's <c>.crossreview.toml</c> candidates differ from <paramref name="revision"/>'s: edited,
    /// added, deleted, a symlink changed, or present but untracked or ignored (which no commit holds).
    /// </summary>
    private static async Task<bool> WorkingTreeDiffersAsync(GitCli git, string root, string? revision, IReadOnlyList<string> candidates, CancellationToken cancellationToken)
    {
        var untracked = await git.RunCheckedAsync(root, ["--literal-pathspecs", "ls-files", "--others", "-z", "--", .. candidates], cancellationToken).ConfigureAwait(false);
        if (untracked.Length > 0)
        {
            return true;
        }

        if (revision is null)
        {
            return (await git.RunCheckedAsync(root, ["--literal-pathspecs", "ls-files", "-z", "--", .. candidates], cancellationToken).ConfigureAwait(false)).Length > 0;
        }

        var diff = await git.RunAsync(root, ["--literal-pathspecs", "diff", "--quiet", "--no-ext-diff", "--no-textconv", revision, "--", .. candidates], cancellationToken).ConfigureAwait(false);
        return diff.ExitCode switch
        {
            0 => false,
            1 => true,
            _ => throw new InputException(GitCli.Describe(["diff"], diff)),
        };
    }

    /// <summary>The repository's top-level folder and the start directory's path inside it (git's own, so symlinked and differently cased spellings agree); null outside any repository.</summary>
    private static async Task<(string Root, string Prefix)?> LocateAsync(GitCli git, string startDirectory, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(Path.GetFullPath(startDirectory), ["rev-parse", "--show-toplevel", "--show-prefix"], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            return null;
        }

        var lines = result.Stdout.Split('\n');
        return lines.Length >= 2 && lines[0].Length > 0 ? (lines[0], lines[1].TrimEnd('\r')) : null;
    }

    /// <summary>HEAD's commit id; null in a repository with no commit yet.</summary>
    private static async Task<string?> HeadAsync(GitCli git, string root, CancellationToken cancellationToken)
    {
        var result = await git.RunAsync(root, ["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 && result.Stdout.Trim() is { Length: > 0 } head ? head : null;
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
            // A symlink counts even when broken or pointing at a non-file: it is then refused when read, never skipped.
            if (File.Exists(candidate) || new FileInfo(candidate).LinkTarget is not null)
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
    /// <param name="repositoryRoot">For the repository's file: its repository, which a symlink may not lead out of.</param>
    internal static ConfigFile ReadFile(string path, bool fromRepository, bool trusted = false, string? repositoryRoot = null) =>
        ConfigFileReader.Read(ReadText(path, fromRepository ? repositoryRoot : null), path, fromRepository, trusted, repositoryRoot);

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
        // Reviewers: the user's last, so they overwrite the repository's (a change may not redefine `[reviewers.gw]`
        // to send the user's key elsewhere). Profiles: the repository's last, so a team's profile is the team's.
        foreach (var file in files)
        {
            foreach (var (name, reviewer) in file.Config.Reviewers)
            {
                reviewers[name] = reviewer;
            }
        }

        foreach (var file in Enumerable.Reverse(files))
        {
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

    private static ConfigFile? ReadUserFile(Func<string, string?> getEnvironmentVariable) =>
        UserFile(getEnvironmentVariable) is { } userPath && (File.Exists(userPath) || new FileInfo(userPath).LinkTarget is not null)
            ? ReadFile(userPath, fromRepository: false)
            : null;

    private static ConfigFile ReadRepositoryFile(string path, string root, ConfigFile? user, Func<string, string?> getEnvironmentVariable) =>
        ReadFile(path, fromRepository: true, IsTrusted(root, user, getEnvironmentVariable), root);

    /// <summary>The user trusts the repository's file: <see cref="TrustVariable"/> is 1, or its root is in <c>trusted_repositories</c>.</summary>
    private static bool IsTrusted(string root, ConfigFile? user, Func<string, string?> getEnvironmentVariable)
    {
        if (getEnvironmentVariable(TrustVariable)?.Trim() == "1")
        {
            return true;
        }

        var forms = PathForms(root);
        return user is not null && user.TrustedRepositories.Any(trusted => PathForms(trusted).Overlaps(forms));
    }

    /// <summary>A folder as written and with its symlink resolved, so that either spelling of a trusted path matches.</summary>
    private static HashSet<string> PathForms(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var forms = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal) { full };
        try
        {
            if (Directory.ResolveLinkTarget(full, returnFinalTarget: true) is { } target)
            {
                forms.Add(Path.TrimEndingDirectorySeparator(target.FullName));
            }
        }
        catch (IOException)
        {
            // A broken link is still matched as written.
        }

        return forms;
    }

    /// <summary>
    /// The text of a config file, refused unopened when it is not a regular file (a FIFO would hang, a device never end),
    /// when it is larger than <see cref="MaxFileBytes"/>, or, for the repository's file, when it is a symlink leading out
    /// of the repository (to <c>~/.aws/credentials</c>, whose content a TOML error would echo).
    /// </summary>
    private static string ReadText(string path, string? repositoryRoot)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null)
            {
                var target = info.ResolveLinkTarget(returnFinalTarget: true)
                    ?? throw new InputException($"{path}: the config file is a broken symlink");
                if (repositoryRoot is not null && !IsInside(repositoryRoot, target.FullName))
                {
                    throw new InputException($"{path}: the config file is a symlink to {target.FullName}, outside the repository; the repository's config must be a file in the repository");
                }
            }

            if (!RegularFile.Is(path))
            {
                throw new InputException($"{path}: the config file is not a regular file (a FIFO, device, socket or folder); refusing to read it");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            var buffer = new byte[MaxFileBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = stream.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
            }

            return length > MaxFileBytes
                ? throw new InputException($"{path}: the config file is larger than {MaxFileBytes / 1024} KiB; refusing to read it")
                : new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(buffer, 0, length).TrimStart('\uFEFF');
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{path}: cannot read the config file: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// The file at <paramref name="revision"/>, or null when it is absent there; refused when it is not a regular file
    /// (a symlink or submodule there) or is too large, checked before its content is read.
    /// </summary>
    private static async Task<string?> ReadAtRevisionAsync(GitCli git, string root, string revision, string path, string name, CancellationToken cancellationToken)
    {
        var entry = await git.RunCheckedAsync(root, ["--literal-pathspecs", "ls-tree", "-l", "-z", revision, "--", path], cancellationToken).ConfigureAwait(false);
        if (entry.Length == 0)
        {
            return null;
        }

        // "<mode> SP <type> SP <object> SP+ <size> TAB <path> NUL"
        var fields = entry[..entry.IndexOf('\t', StringComparison.Ordinal)].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields is not [var mode, "blob", var objectId, var size] || mode is not ("100644" or "100755"))
        {
            var what = fields[0] switch
            {
                "120000" => "a symlink (git mode 120000)",
                "160000" => "a submodule (git mode 160000)",
                var other => $"not a regular file (git mode {other})",
            };
            throw new InputException($"{name}: the committed config file is {what}; the repository's config must be a regular file, so it is not read");
        }

        if (!long.TryParse(size, System.Globalization.CultureInfo.InvariantCulture, out var bytes) || bytes > MaxFileBytes)
        {
            throw new InputException($"{name}: the config file is larger than {MaxFileBytes / 1024} KiB; refusing to read it");
        }

        return (await git.RunCheckedAsync(root, ["cat-file", "blob", objectId], cancellationToken).ConfigureAwait(false)).TrimStart('\uFEFF');
    }

    /// <summary>
    /// The repository-relative paths (git's <c>/</c> form) of every <c>.crossreview.toml</c> that could apply in the
    /// folder <paramref name="prefix"/> (git's <c>--show-prefix</c>: empty at the root, else ending in <c>/</c>), nearest first.
    /// </summary>
    private static List<string> CandidatePaths(string prefix)
    {
        var candidates = new List<string>();
        for (var directory = prefix.TrimEnd('/'); directory.Length > 0; directory = directory.LastIndexOf('/') is var i and >= 0 ? directory[..i] : "")
        {
            candidates.Add(directory + "/" + RepositoryFileName);
        }

        candidates.Add(RepositoryFileName);
        return candidates;
    }

    private static bool IsInside(string root, string path)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(root), path);
        return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }

    /// <summary>The repository root above <paramref name="startDirectory"/> (itself included), or null outside any.</summary>
    private static string? RepositoryRoot(string startDirectory)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            if (IsRepositoryRoot(directory))
            {
                return directory.FullName;
            }
        }

        return null;
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
