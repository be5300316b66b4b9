using System.Diagnostics;

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
    private static readonly Lazy<string> Installed = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary><c>&lt;repository&gt;/tests/agent-clis</c>, holding <c>package.json</c> and its lockfile.</summary>
    public static string PackageDirectory { get; } = FindPackageDirectory();

    /// <summary>The absolute path of a pinned CLI (<see cref="Codex"/>, <see cref="Claude"/>, <see cref="Gemini"/>), installing them all when one is missing.</summary>
    public static string PathOf(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Path.Combine(Installed.Value, OperatingSystem.IsWindows() ? name + ".cmd" : name);
    }

    private static string BinDirectory => Path.Combine(PackageDirectory, "node_modules", ".bin");

    private static bool Complete() =>
        new[] { Codex, Claude, Gemini }.All(n => File.Exists(Path.Combine(BinDirectory, OperatingSystem.IsWindows() ? n + ".cmd" : n)));

    private static string Install()
    {
        if (Complete())
        {
            return BinDirectory;
        }

        // Test assemblies run in parallel processes: one installs while the others wait on the lock, then find it done.
        using var installLock = AcquireLock(LockPath());
        if (Complete())
        {
            return BinDirectory;
        }

        var command = File.Exists(Path.Combine(PackageDirectory, "package-lock.json")) ? "ci" : "install";
        var npm = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";
        var start = new ProcessStartInfo(npm)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { command, "--prefix", PackageDirectory, "--no-audit", "--no-fund" })
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
            throw new InvalidOperationException($"the agent-CLI tests need npm (Node.js) on PATH to install {PackageDirectory}: {e.Message}", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(InstallTimeout))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"npm {command} in {PackageDirectory} did not finish within {InstallTimeout}");
            }

            if (process.ExitCode != 0 || !Complete())
            {
                throw new InvalidOperationException(
                    $"npm {command} --prefix {PackageDirectory} failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
            }
        }

        return BinDirectory;
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

    /// <summary>Outside the repository (nothing to ignore or commit), one per checkout.</summary>
    private static string LockPath()
    {
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(PackageDirectory)), 0, 6);
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
