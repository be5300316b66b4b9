namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// Finds an executable on PATH the way a shell would, without starting one. On Windows npm installs agent CLIs as
/// <c>codex.cmd</c> shims, so every PATHEXT extension is tried (a bare <c>codex</c> would fail with ENOENT there).
/// </summary>
public static class ExecutableLocator
{
    /// <summary>The full path of <paramref name="name"/>, or null when it is not on PATH. A name with a directory part is checked as given.</summary>
    public static string? Find(string name, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var extensions = Extensions(name, getEnvironmentVariable);
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            return extensions.Select(e => name + e).FirstOrDefault(IsExecutable) is { } given ? Path.GetFullPath(given) : null;
        }

        foreach (var directory in (getEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            foreach (var extension in extensions)
            {
                var candidate = Path.Combine(directory.Trim('"'), name + extension);
                if (IsExecutable(candidate))
                {
                    return Path.GetFullPath(candidate);
                }
            }
        }

        return null;
    }

    private static string[] Extensions(string name, Func<string, string?> getEnvironmentVariable)
    {
        if (!OperatingSystem.IsWindows() || Path.HasExtension(name))
        {
            return [""];
        }

        var pathext = getEnvironmentVariable("PATHEXT") ?? ".COM;.EXE;.BAT;.CMD";
        return pathext.Split(';', StringSplitOptions.RemoveEmptyEntries);
    }

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & anyExecute) != 0;
    }
}
