using System.Diagnostics;
using CrossReview.Configuration;
using CrossReview.Setup;
using CrossReview.Testing.AgentClis;
using CrossReview.Tests.Reviewers.Detection;

namespace CrossReview.Tests.Setup;

/// <summary>
/// doctor's version and login checks against the real pinned CLIs, each run with empty HOME, CODEX_HOME and
/// CLAUDE_CONFIG_DIR folders and no keys, so the user's own logins are never read or changed.
/// </summary>
public sealed class DoctorRealCliTests : IDisposable
{
    private const string Key = "sk-real-cli-test-6d2a77c1-secret";

    private readonly string _home = Directory.CreateTempSubdirectory("crossreview-clihome-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private Dictionary<string, string?> ChildEnvironment(params (string Name, string? Value)[] extra)
    {
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = _home,
            ["CODEX_HOME"] = Path.Combine(_home, ".codex"),
            ["CLAUDE_CONFIG_DIR"] = Path.Combine(_home, ".claude"),
            ["GEMINI_CLI_HOME"] = _home,
            ["OPENAI_API_KEY"] = null,
            ["ANTHROPIC_API_KEY"] = null,
            ["GEMINI_API_KEY"] = null,
            ["CLAUDECODE"] = null,
        };
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return environment;
    }

    private async Task<DoctorReport> RunAsync(Dictionary<string, string?> child)
    {
        Directory.CreateDirectory(Path.Combine(_home, ".codex"));
        var bin = Path.GetDirectoryName(AgentClis.PathOf("codex"))!;
        var seen = new Dictionary<string, string?>(child, StringComparer.Ordinal)
        {
            ["PATH"] = bin,
            ["OLLAMA_HOST"] = LoopbackHttpServer.ClosedPort().ToString(),
        };
        return await new Doctor(new DoctorSettings
        {
            GetEnvironmentVariable = name => seen.GetValueOrDefault(name),
            ChildEnvironment = child,
            LoadConfig = () => CrossReviewConfig.Empty,
            WorkingDirectory = _home,
            CommandTimeout = TimeSpan.FromSeconds(60),
        }).RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task RunAsync_PinnedClisWithFreshHomes_ReportVersionsAndNotLoggedIn()
    {
        var report = await RunAsync(ChildEnvironment());

        var codex = report.Checks.Single(c => c.Name == "codex");
        Assert.Equal(DoctorStatus.Warning, codex.Status);
        Assert.StartsWith("codex-cli 0.169.0 at ", codex.Detail, StringComparison.Ordinal);
        Assert.EndsWith("not logged in (codex login status)", codex.Detail, StringComparison.Ordinal);
        var claude = report.Checks.Single(c => c.Name == "claude");
        Assert.Equal(DoctorStatus.Warning, claude.Status);
        Assert.StartsWith("2.1.197 (Claude Code) at ", claude.Detail, StringComparison.Ordinal);
        Assert.EndsWith("not logged in (claude auth status)", claude.Detail, StringComparison.Ordinal);
        var gemini = report.Checks.Single(c => c.Name == "gemini");
        Assert.Equal(DoctorStatus.Warning, gemini.Status);
        Assert.StartsWith("0.61.0 at ", gemini.Detail, StringComparison.Ordinal);
        Assert.Empty(report.ReadyReviewers);
    }

    [Fact]
    public async Task RunAsync_CodexLoggedInWithAKeyAndClaudeWithAnthropicKey_BothReadyAndNoKeyShown()
    {
        await LogCodexInAsync(Path.GetDirectoryName(AgentClis.PathOf("codex"))!);

        var report = await RunAsync(ChildEnvironment(("ANTHROPIC_API_KEY", Key)));

        var codex = report.Checks.Single(c => c.Name == "codex");
        Assert.Equal(DoctorStatus.Ok, codex.Status);
        var claude = report.Checks.Single(c => c.Name == "claude");
        Assert.Equal(DoctorStatus.Ok, claude.Status);
        Assert.Contains("logged in with api_key", claude.Detail, StringComparison.Ordinal);
        Assert.Equal(["codex", "claude", "anthropic"], report.ReadyReviewers);
        Assert.All(report.Checks, c => Assert.DoesNotContain("real-cli", c.Detail + c.Fix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_RealCodexNotLoggedInAndClaudeWithAKey_ReviewWouldRunClaude()
    {
        var report = await RunAsync(ChildEnvironment(("ANTHROPIC_API_KEY", Key)));

        Assert.Equal(DoctorStatus.Warning, report.Checks.Single(c => c.Name == "codex").Status);
        var review = report.Checks.Single(c => c.Area == "review");
        Assert.Equal(DoctorStatus.Ok, review.Status);
        Assert.StartsWith("crossreview review would run 'claude'", review.Detail, StringComparison.Ordinal);
        Assert.Equal(0, report.ExitCode);
    }

    /// <summary><c>codex login --with-api-key</c> into the test's CODEX_HOME: what a user does once.</summary>
    private async Task LogCodexInAsync(string bin)
    {
        var start = new ProcessStartInfo(Path.Combine(bin, "codex"))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("login");
        start.ArgumentList.Add("--with-api-key");
        foreach (var (name, value) in ChildEnvironment())
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        Directory.CreateDirectory(Path.Combine(_home, ".codex"));
        using var codex = Process.Start(start) ?? throw new InvalidOperationException("codex did not start");
        await codex.StandardInput.WriteLineAsync(Key);
        codex.StandardInput.Close();
        var stdout = codex.StandardOutput.ReadToEndAsync();
        var stderr = codex.StandardError.ReadToEndAsync();
        await codex.WaitForExitAsync();
        Assert.True(codex.ExitCode == 0, await stdout + await stderr);
    }
}
