using System.Diagnostics;
using CrossReview.Configuration;
using CrossReview.Reviewers.Detection;
using CrossReview.Setup;
using CrossReview.Testing;
using CrossReview.Tests.Reviewers.Detection;

namespace CrossReview.Tests.Setup;

public sealed class DoctorTests : IDisposable
{
    private const string Key = "sk-doctor-test-5b8e1f2a-secret";

    private const string CodexLoggedIn = """
        case "$1" in
          --version) echo "codex-cli 0.169.0" ;;
          login) echo "Logged in using an API key - sk-do***" ; exit 0 ;;
          *) exit 9 ;;
        esac
        """;

    private const string ClaudeLoggedOut = """
        case "$1" in
          --version) echo "2.1.197 (Claude Code)" ;;
          auth) printf '{"loggedIn": false, "authMethod": "none"}\n' ; exit 1 ;;
          *) exit 9 ;;
        esac
        """;

    private readonly FakeExecutables _bin = new();
    private readonly string _home = Directory.CreateTempSubdirectory("crossreview-home-").FullName;
    private readonly Dictionary<string, string?> _env = new(StringComparer.Ordinal);

    public DoctorTests()
    {
        _env["PATH"] = _bin.Directory;
        _env["HOME"] = _home;
        _env["OLLAMA_HOST"] = LoopbackHttpServer.ClosedPort().ToString();
    }

    public void Dispose()
    {
        _bin.Dispose();
        Directory.Delete(_home, recursive: true);
    }

    private Task<DoctorReport> RunAsync(Func<CrossReviewConfig>? loadConfig = null, TimeSpan? commandTimeout = null) =>
        new Doctor(new DoctorSettings
        {
            GetEnvironmentVariable = name => _env.GetValueOrDefault(name),
            LoadConfig = loadConfig ?? (() => CrossReviewConfig.Empty),
            WorkingDirectory = _home,
            CommandTimeout = commandTimeout ?? TimeSpan.FromSeconds(15),
            ProbeTimeout = TimeSpan.FromSeconds(2),
        }).RunAsync(CancellationToken.None);

    [Fact]
    public async Task RunAsync_NothingSetUp_CannotReviewAndSaysWhatToDoPerReviewer()
    {
        var report = await RunAsync();

        Assert.False(report.CanReview);
        Assert.Equal(1, report.ExitCode);
        Assert.Empty(report.ReadyReviewers);
        foreach (var name in new[] { "codex", "claude", "gemini", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY", "OLLAMA_HOST" })
        {
            var check = Assert.Single(report.Checks, c => c.Name == name);
            Assert.Equal(DoctorStatus.Warning, check.Status);
            Assert.False(string.IsNullOrWhiteSpace(check.Fix));
        }

        Assert.Equal("npm install -g @openai/codex", report.Checks.Single(c => c.Name == "codex").Fix);
        Assert.Equal(DoctorStatus.Ok, report.Checks.Single(c => c.Name == "git").Status);
        Assert.Equal(DoctorStatus.Warning, report.Checks.Single(c => c.Name == "repository").Status);
    }

    [Fact]
    public async Task RunAsync_GitVersion_IsWhatGitSays()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var expected = (await repo.GitAsync("--version")).Trim();

        var report = await RunAsync();

        Assert.Equal(expected, report.Checks.Single(c => c.Name == "git").Detail);
    }

    [Fact]
    public async Task RunAsync_CodexLoggedInClaudeNot_OnlyCodexIsReady()
    {
        _bin.Add("codex", CodexLoggedIn);
        _bin.Add("claude", ClaudeLoggedOut);

        var report = await RunAsync();

        Assert.Equal(["codex"], report.ReadyReviewers);
        Assert.Equal(0, report.ExitCode);
        var codex = report.Checks.Single(c => c.Name == "codex");
        Assert.Equal(DoctorStatus.Ok, codex.Status);
        Assert.StartsWith("codex-cli 0.169.0 at ", codex.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-do", codex.Detail, StringComparison.Ordinal);
        var claude = report.Checks.Single(c => c.Name == "claude");
        Assert.Equal(DoctorStatus.Warning, claude.Status);
        Assert.Contains("not logged in", claude.Detail, StringComparison.Ordinal);
        Assert.Contains("claude auth login", claude.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CliThatHangs_IsKilledAtTheTimeLimit()
    {
        _bin.Add("codex", "sleep 30");
        var stopwatch = Stopwatch.StartNew();

        var report = await RunAsync(commandTimeout: TimeSpan.FromMilliseconds(500));

        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
        var codex = report.Checks.Single(c => c.Name == "codex");
        Assert.Equal(DoctorStatus.Warning, codex.Status);
        Assert.Contains("no answer within", codex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeyAndReachableServer_IsReadyAndNeverShowsTheKey()
    {
        await using var server = LoopbackHttpServer.Answering(404, "{}");
        _env["OPENAI_API_KEY"] = Key;
        _env["OPENAI_BASE_URL"] = new Uri(server.Root, "v1").ToString();

        var report = await RunAsync();

        Assert.Equal(["openai"], report.ReadyReviewers);
        Assert.Equal(0, report.ExitCode);
        Assert.Equal(DoctorStatus.Ok, report.Checks.Single(c => c.Name == "OPENAI_BASE_URL").Status);
        Assert.Contains("GET /v1 HTTP/1.1", server.RequestLines);
        Assert.All(report.Checks, c => Assert.DoesNotContain("doctor-test", c.Detail + c.Fix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_KeyButUnreachableBaseUrl_IsNotReady()
    {
        _env["OPENAI_API_KEY"] = Key;
        _env["OPENAI_BASE_URL"] = new Uri(LoopbackHttpServer.ClosedPort(), "v1").ToString();

        var report = await RunAsync();

        Assert.Empty(report.ReadyReviewers);
        var server = report.Checks.Single(c => c.Name == "OPENAI_BASE_URL");
        Assert.Equal(DoctorStatus.Warning, server.Status);
        Assert.Contains("connection refused", server.Detail, StringComparison.Ordinal);
        Assert.Contains("unset OPENAI_BASE_URL", server.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_OllamaWithAModel_IsReady()
    {
        await using var ollama = LoopbackHttpServer.Answering(200, """{"models":[{"name":"qwen2.5-coder:7b"}]}""");
        _env["OLLAMA_HOST"] = ollama.Root.ToString();

        var report = await RunAsync();

        Assert.Equal(["ollama:qwen2.5-coder:7b"], report.ReadyReviewers);
    }

    [Fact]
    public async Task RunAsync_InvalidConfig_IsAProblemEvenWithAReviewer()
    {
        _env["ANTHROPIC_API_KEY"] = Key;

        var report = await RunAsync(() => throw new InputException(".crossreview.toml:3: unknown provider 'gpt'"));

        Assert.Equal(1, report.ExitCode);
        var config = report.Checks.Single(c => c.Area == "config");
        Assert.Equal(DoctorStatus.Problem, config.Status);
        Assert.Contains(".crossreview.toml:3", config.Detail, StringComparison.Ordinal);
        Assert.NotNull(config.Fix);
    }

    [Fact]
    public async Task RunAsync_ConfiguredReviewerWithUnreachableBaseUrl_IsNotReady()
    {
        var config = CrossReviewConfig.Empty with
        {
            Reviewers = new Dictionary<string, ReviewerConfig>(StringComparer.Ordinal)
            {
                ["local"] = new("local", "openai-chat", ".crossreview.toml") { Model = "qwen", BaseUrl = new Uri(LoopbackHttpServer.ClosedPort(), "v1").ToString() },
            },
        };

        var report = await RunAsync(() => config);

        var check = report.Checks.Single(c => c.Area == "reviewer");
        Assert.Equal("local", check.Name);
        Assert.Equal(DoctorStatus.Warning, check.Status);
        Assert.Empty(report.ReadyReviewers);
    }

    [Fact]
    public async Task RunAsync_GeminiSignedInWithGoogle_IsReady()
    {
        _bin.Add("gemini", "echo 0.61.0");
        Directory.CreateDirectory(Path.Combine(_home, ".gemini"));
        await File.WriteAllTextAsync(Path.Combine(_home, ".gemini", "oauth_creds.json"), "{}");
        await File.WriteAllTextAsync(Path.Combine(_home, ".gemini", "settings.json"), """{"security":{"auth":{"selectedType":"oauth-personal"}}}""");

        var report = await RunAsync();

        Assert.Equal(["gemini"], report.ReadyReviewers);
        Assert.Contains(AgentClis.Gemini.Name, report.Checks.Where(c => c.Status == DoctorStatus.Ok).Select(c => c.Name));
    }

    private const string CodexLoggedOut = """
        case "$1" in
          --version) echo "codex-cli 0.169.0" ;;
          login) echo "Not logged in" >&2 ; exit 1 ;;
          *) exit 9 ;;
        esac
        """;

    private static CrossReviewConfig Config(string? defaultProfile, params ReviewerConfig[] reviewers) => CrossReviewConfig.Empty with
    {
        Reviewers = reviewers.ToDictionary(r => r.Name, StringComparer.Ordinal),
        Profiles = defaultProfile is null
            ? new Dictionary<string, ProfileConfig>(StringComparer.Ordinal)
            : new Dictionary<string, ProfileConfig>(StringComparer.Ordinal) { [defaultProfile] = new(defaultProfile, reviewers.Select(r => r.Name).ToList(), ".crossreview.toml") },
        DefaultProfile = defaultProfile,
    };

    [Fact]
    public async Task RunAsync_CodexNotLoggedInAndAnthropicKey_ReviewRunsTheKeyAndSaysHowToLogCodexIn()
    {
        _bin.Add("codex", CodexLoggedOut);
        _env["ANTHROPIC_API_KEY"] = Key;

        var report = await RunAsync();

        Assert.Equal(0, report.ExitCode);
        var review = report.Checks.Single(c => c.Area == "review");
        Assert.Equal(DoctorStatus.Ok, review.Status);
        Assert.Contains("would run 'anthropic'", review.Detail, StringComparison.Ordinal);
        var codex = report.Checks.Single(c => c.Name == "codex");
        Assert.Equal(DoctorStatus.Warning, codex.Status);
        Assert.StartsWith("codex login", codex.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DetectionPicksAReviewerThatCannotRun_ExitsOneWithTheAlternative()
    {
        _env["OPENAI_API_KEY"] = Key;
        _env["OPENAI_BASE_URL"] = new Uri(LoopbackHttpServer.ClosedPort(), "v1").ToString();
        _env["ANTHROPIC_API_KEY"] = Key;

        var report = await RunAsync();

        Assert.Equal(["anthropic"], report.ReadyReviewers);
        Assert.Equal(1, report.ExitCode);
        var review = report.Checks.Single(c => c.Area == "review");
        Assert.Equal(DoctorStatus.Problem, review.Status);
        Assert.Contains("would pick 'openai'", review.Detail, StringComparison.Ordinal);
        Assert.Contains("--reviewer anthropic", review.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ConfiguredCodexNotLoggedIn_IsNotReady()
    {
        _bin.Add("codex", CodexLoggedOut);
        var config = Config(null, new ReviewerConfig("codex", "codex", ".crossreview.toml") { Effort = "high" });

        var report = await RunAsync(() => config);

        var check = report.Checks.Single(c => c.Area == "reviewer");
        Assert.Equal(DoctorStatus.Warning, check.Status);
        Assert.Contains("not logged in", check.Detail, StringComparison.Ordinal);
        Assert.Empty(report.ReadyReviewers);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public async Task RunAsync_DefaultProfileReviewerWithoutItsKey_ExitsOneThoughAnotherReviewerIsReady()
    {
        _bin.Add("codex", CodexLoggedIn);
        var config = Config("team", new ReviewerConfig("sec", "anthropic", ".crossreview.toml") { Model = "claude-opus-4-6" });

        var report = await RunAsync(() => config);

        Assert.Contains("codex", report.ReadyReviewers);
        Assert.Equal(1, report.ExitCode);
        var review = report.Checks.Single(c => c.Area == "review");
        Assert.Equal(DoctorStatus.Problem, review.Status);
        Assert.Contains("profile 'team'", review.Detail, StringComparison.Ordinal);
        Assert.Contains("ANTHROPIC_API_KEY is not set", review.Detail, StringComparison.Ordinal);
        Assert.Contains("export ANTHROPIC_API_KEY=", review.Fix, StringComparison.Ordinal);
        Assert.Contains("--reviewer codex", review.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DefaultProfileAllReady_ExitsZeroNamingTheProfile()
    {
        _env["ANTHROPIC_API_KEY"] = Key;
        var config = Config("team", new ReviewerConfig("sec", "anthropic", ".crossreview.toml") { Model = "claude-opus-4-6" });

        var report = await RunAsync(() => config);

        Assert.Equal(0, report.ExitCode);
        Assert.Equal("crossreview review would run profile 'team' (default_profile): sec", report.Checks.Single(c => c.Area == "review").Detail);
    }

    [Fact]
    public async Task RunAsync_GeminiKeyWithGatewayUrlButNoAuthSetting_IsNotReadyAndSaysWhatToWrite()
    {
        _bin.Add("gemini", "echo 0.61.0");
        _env["GEMINI_API_KEY"] = Key;
        _env["GOOGLE_GEMINI_BASE_URL"] = LoopbackHttpServer.ClosedPort().ToString();

        var report = await RunAsync();

        var gemini = report.Checks.Single(c => c.Name == "gemini");
        Assert.Equal(DoctorStatus.Warning, gemini.Status);
        Assert.Contains("exit 41", gemini.Detail, StringComparison.Ordinal);
        Assert.Contains("\"selectedType\":\"gemini-api-key\"", gemini.Fix, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(_home, ".gemini", "settings.json"), gemini.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("gemini", report.ReadyReviewers);

        Directory.CreateDirectory(Path.Combine(_home, ".gemini"));
        await File.WriteAllTextAsync(Path.Combine(_home, ".gemini", "settings.json"), """{"security":{"auth":{"selectedType":"gemini-api-key"}}}""");

        var fixedReport = await RunAsync();

        Assert.Equal(DoctorStatus.Ok, fixedReport.Checks.Single(c => c.Name == "gemini").Status);
        Assert.Contains("gemini", fixedReport.ReadyReviewers);
    }
}
