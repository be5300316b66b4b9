using System.Diagnostics;

namespace CrossReview.Tests;

/// <summary>Runs the built CLI as a real process, so exit codes, stdout/stderr separation and signals are tested as users see them.</summary>
internal static class CliProcess
{
    private static readonly string CliDll = Path.Combine(AppContext.BaseDirectory, "crossreview.dll");

    /// <summary>The HOME of every run whose test sets none: empty, so no user config or agent login is found.</summary>
    private static readonly string EmptyHome = Directory.CreateTempSubdirectory("crossreview-cli-emptyhome-").FullName;

    public sealed record Result(int ExitCode, string StdOut, string StdErr, TimeSpan Elapsed)
    {
        public override string ToString() => $"exit {ExitCode} after {Elapsed.TotalSeconds:0.0}s\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
    }

    public static async Task<Result> RunAsync(
        string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? stdin = null,
        params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stopwatch = Stopwatch.StartNew();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr, stopwatch.Elapsed);
    }

    /// <summary>Starts the CLI, waits until <paramref name="ready"/> holds, sends SIGINT (what Ctrl+C sends), and returns how it ended.</summary>
    public static async Task<Result> RunAndInterruptAsync(
        string workingDirectory, IReadOnlyDictionary<string, string?> environment, Func<Task<bool>> ready, params string[] args)
    {
        using var process = Start(workingDirectory, environment, args);
        var stopwatch = Stopwatch.StartNew();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Close();
        while (!await ready())
        {
            if (stopwatch.Elapsed > TimeSpan.FromSeconds(60))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException("the CLI never reached the point to interrupt it");
            }

            await Task.Delay(50);
        }

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr, stopwatch.Elapsed);
    }

    private static Process Start(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(CliDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A test never inherits real keys or an author hint from the machine running it.
        foreach (var name in new[]
                 {
                     "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL", "OLLAMA_HOST",
                     "CLAUDECODE", "CODEX_THREAD_ID", "CODEX_SESSION_ID", "CODEX_CI", "CODEX_SANDBOX", "CODEX_SANDBOX_NETWORK_DISABLED",
                     "CODEX_MANAGED_BY_NPM", "GEMINI_CLI_HOME", "NO_COLOR", "CODEX_API_KEY", "XDG_CONFIG_HOME", "CROSSREVIEW_TRUST_REPO_CONFIG",
                 })
        {
            info.Environment.Remove(name);
        }

        // Nor the real user's config: an empty home of its own unless the test brings one.
        info.Environment["HOME"] = EmptyHome;

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("could not start the CLI");
    }
}
