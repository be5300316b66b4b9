using System.Diagnostics;

namespace CrossReview.Tests.Setup;

/// <summary>
/// The real codex, claude and gemini at the versions pinned in <c>tests/agent-clis/package.json</c>, installed there
/// by <c>.ci/run</c>, or here with npm when missing.
/// </summary>
internal static class PinnedAgentClis
{
    private static readonly SemaphoreSlim InstallLock = new(1, 1);

    /// <summary>The <c>node_modules/.bin</c> folder that holds the three CLIs.</summary>
    public static async Task<string> BinAsync()
    {
        var folder = Path.Combine(RepositoryRoot(), "tests", "agent-clis");
        var bin = Path.Combine(folder, "node_modules", ".bin");
        await InstallLock.WaitAsync();
        try
        {
            if (!new[] { "codex", "claude", "gemini" }.All(name => File.Exists(Path.Combine(bin, name))))
            {
                await NpmInstallAsync(folder);
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return bin;
    }

    private static async Task NpmInstallAsync(string folder)
    {
        var start = new ProcessStartInfo("npm") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "install", "--prefix", folder, "--no-audit", "--no-fund", "--no-package-lock" })
        {
            start.ArgumentList.Add(arg);
        }

        using var npm = Process.Start(start) ?? throw new InvalidOperationException("npm did not start");
        var stderr = npm.StandardError.ReadToEndAsync();
        await npm.StandardOutput.ReadToEndAsync();
        await npm.WaitForExitAsync();
        if (npm.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm install in {folder} failed: {await stderr}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CrossReview.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CrossReview.slnx not found above " + AppContext.BaseDirectory);
    }
}
