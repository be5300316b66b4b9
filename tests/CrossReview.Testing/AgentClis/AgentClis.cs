using System.Diagnostics;
using System.Text.Json;

namespace CrossReview.Testing.AgentClis;

/// <summary>
/// The real <c>codex</c>, <c>claude</c> and <c>gemini</c> CLIs at the versions pinned in <c>tests/agent-clis</c>,
/// installed there with npm on first use so a plain <c>dotnet test</c> works on a fresh machine. An install that fails
/// throws with npm's output: the test fails, it is never skipped.
/// </summary>
public static class AgentClis
{
    public const string Codex = "codex";
    public const string Claude = "claude";
    public const string Gemini = "gemini";

    private static readonly TimeSpan InstallTimeout = TimeSpan.FromMinutes(5);

    /// <summary><c>&lt;repository&gt;/tests/agent-clis</c>, holding <c>package.json</c> and its lockfile.</summary>
    public static string PackageDirectory { get; } = FindPackageDirectory();

    private static readonly Lazy<string> Installed = new(() => EnsureInstalled(PackageDirectory), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The absolute path of a pinned CLI (<see cref="Codex"/>, <see cref="Claude"/>, <see cref="Gemini"/>), installing them all when one is missing.</summary>
    public static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Path.Combine(Installed.Value, OperatingSystem.IsWindows() ? name + ".cmd" : name);
    }

    /// <summary>
    /// The version <c>package.json</c> pins for a CLI (<see cref="Codex"/>, <see cref="Claude"/>, <see cref="Gemini"/>):
    /// what its <c>--version</c> must print, so a test checks the reported version against the pin, not a copy of it.
    /// </summary>
    public static string PinnedVersion(string name)
    {
        var package = name switch
        {
            Codex => "@openai/codex",
            Claude => "@anthropic-ai/claude-code",
            Gemini => "@google/gemini-cli",
            _ => throw new ArgumentException($"no pinned agent CLI named '{name}'", nameof(name)),
        };
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(PackageDirectory, "package.json")));
        return manifest.RootElement.GetProperty("dependencies").GetProperty(package).GetString()
            ?? throw new InvalidOperationException($"{package} has no pinned version");
    }

    /// <summary>
    /// Installs the packages of <paramref name="packageDirectory"/> (<c>npm ci</c> when it has a lockfile, else
    /// <c>npm install</c>) unless all three CLIs are already there, and returns its <c>node_modules/.bin</c>. Throws with
    /// npm's output when npm is missing or fails.
    /// </summary>
    public static string EnsureInstalled(string packageDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(packageDirectory);
        var bin = Path.Combine(packageDirectory, "node_modules", ".bin");
        if (Complete(packageDirectory))
        {
            return bin;
        }

        // Test assemblies run in parallel processes: one installs while the others wait on the lock, then find it done.
        using var installLock = AcquireLock(LockPath(packageDirectory));
        if (Complete(packageDirectory))
        {
            return bin;
        }

        var command = File.Exists(Path.Combine(packageDirectory, "package-lock.json")) ? "ci" : "install";
        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var start = new ProcessStartInfo(npm)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { command, "--prefix", packageDirectory, "--no-audit", "--no-fund" })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"the agent-CLI tests need npm (Node.js) on PATH to install {packageDirectory}: {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(InstallTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"npm {command} in {packageDirectory} did not finish within {InstallTimeout}");
            }

            if (process.ExitCode != 0 || !Complete(packageDirectory))
            {
                throw new InvalidOperationException(
                    $"npm {command} --prefix {packageDirectory} failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
            }
        }

        return bin;
    }

    /// <summary>
    /// Every CLI is there and every dependency is installed at the version package.json pins, so a changed pin
    /// reinstalls instead of testing a stale binary.
    /// </summary>
    private static bool Complete(string packageDirectory)
    {
        var modules = Path.Combine(packageDirectory, "node_modules");
        if (!new[] { Codex, Claude, Gemini }.All(n => File.Exists(Path.Combine(modules, ".bin", OperatingSystem.IsWindows() ? n + ".cmd" : n))))
        {
            return false;
        }

        try
        {
            using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(packageDirectory, "package.json")));
            return manifest.RootElement.GetProperty("dependencies").EnumerateObject().All(dependency =>
            {
                var installed = Path.Combine(modules, dependency.Name, "package.json");
                if (!File.Exists(installed))
                {
                    return false;
                }

                using var package = JsonDocument.Parse(File.ReadAllText(installed));
                return package.RootElement.TryGetProperty("version", out var version) && version.GetString() == dependency.Value.GetString();
            });
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// An exclusive open (.NET takes an flock for <see cref="FileShare.None"/>). The file stays: deleting it on close
    /// would let a waiter lock the deleted file while another locks its replacement.
    /// </summary>
    private static FileStream AcquireLock(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < InstallTimeout)
            {
                Thread.Sleep(TimeSpan.FromMilliseconds(250));
            }
        }
    }

    /// <summary>Outside the repository (nothing to ignore or commit), one per package folder.</summary>
    private static string LockPath(string packageDirectory)
    {
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.GetFullPath(packageDirectory))), 0, 6);
        return Path.Combine(Path.GetTempPath(), $"crossreview-agent-clis-{hash}.lock");
    }

    private static string FindPackageDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "tests", "agent-clis");
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"no tests/agent-clis/package.json above {AppContext.BaseDirectory}");
    }
}
