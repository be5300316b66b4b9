using System.Text.Json;
using CrossReview.Testing;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests;

/// <summary>Reviewer detection, <c>reviewers</c> and <c>doctor</c> as users run them: the built CLI with fake agent CLIs on an isolated PATH.</summary>
public sealed class DetectionCommandTests : IDisposable
{
    private const string Key = "sk-detect-test-0c4f9b1e-secret";
    private readonly IsolatedMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    private static async Task<TempGitRepo> RepoWithChangeAsync(string? trailer = null)
    {
        var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("src/app.py", "def add(a, b):\n    return a + b\n");
        await repo.CommitAllAsync("initial");
        repo.WriteFile("src/app.py", "def add(a, b):\n    return a - b\n");
        if (trailer is not null)
        {
            await repo.CommitAllAsync($"change add\n\n{trailer}");
        }

        return repo;
    }

    private static string ReviewerName(CliProcess.Result result)
    {
        using var report = JsonDocument.Parse(result.StdOut);
        var reviewer = Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray());
        Assert.Equal("skipped", reviewer.GetProperty("status").GetString());
        return reviewer.GetProperty("name").GetString()!;
    }

    [Fact]
    public async Task Review_InsideClaudeCodeWithCodexAndClaude_PicksCodexWithoutStartingIt()
    {
        _machine.AddAgent("codex");
        _machine.AddAgent("claude");
        using var repo = await RepoWithChangeAsync();

        var result = await CliProcess.RunAsync(repo.Root, _machine.With(("CLAUDECODE", "1")), null, "review", "--dry-run", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("codex", ReviewerName(result));
        Assert.Contains("reviewing with 'codex'", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("CLAUDECODE=1", result.StdErr, StringComparison.Ordinal);
        AssertOnlyLoginChecksRan();
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>Detection asks each CLI whether it is logged in; a dry run must start nothing else.</summary>
    private void AssertOnlyLoginChecksRan()
    {
        var started = File.Exists(_machine.StartedLog) ? File.ReadAllLines(_machine.StartedLog) : [];
        Assert.All(started, line => Assert.Contains(line, new[] { "codex login status", "claude auth status" }));
    }

    [Fact]
    public async Task Review_AuthorOpenAI_PicksClaude()
    {
        _machine.AddAgent("codex");
        _machine.AddAgent("claude");
        using var repo = await RepoWithChangeAsync();

        var result = await CliProcess.RunAsync(repo.Root, _machine.Environment, null, "review", "--author", "openai", "--dry-run", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("claude", ReviewerName(result));
        AssertOnlyLoginChecksRan();
    }

    [Fact]
    public async Task Review_CommitCoAuthoredByClaude_PicksCodex()
    {
        _machine.AddAgent("codex");
        _machine.AddAgent("claude");
        using var repo = await RepoWithChangeAsync("Co-Authored-By: Claude <noreply@anthropic.com>");

        var result = await CliProcess.RunAsync(repo.Root, _machine.Environment, null, "review", "--commit", "HEAD", "--dry-run", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("codex", ReviewerName(result));
        Assert.Contains("Co-Authored-By trailers", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_OnlyTheAuthorsFamilyAvailable_RunsItMarkedSameFamily()
    {
        _machine.AddAgent("claude");
        using var repo = await RepoWithChangeAsync();

        var result = await CliProcess.RunAsync(repo.Root, _machine.With(("CLAUDECODE", "1")), null, "review", "--dry-run", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("claude", ReviewerName(result));
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.True(report.RootElement.GetProperty("same_family").GetBoolean());
        Assert.Contains(report.RootElement.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("author's own family", StringComparison.Ordinal));
        Assert.Contains("warning:", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_NamedReviewerOfAnotherFamily_IsNotSameFamily()
    {
        using var repo = await RepoWithChangeAsync();

        var result = await CliProcess.RunAsync(repo.Root, _machine.With(("CLAUDECODE", "1")), null, "review", "--reviewer", "codex", "--dry-run", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.False(report.RootElement.GetProperty("same_family").GetBoolean());
        Assert.DoesNotContain("reviewing with", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviewers_Json_ListsEveryDetectableReviewerAndThePick()
    {
        _machine.AddAgent("codex");

        var result = await CliProcess.RunAsync(_machine.Home, _machine.With(("ANTHROPIC_API_KEY", Key)), null, "reviewers", "--format", "json", "--author", "openai");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain(Key, result.StdOut, StringComparison.Ordinal);
        using var listing = JsonDocument.Parse(result.StdOut);
        var root = listing.RootElement;
        Assert.Equal("anthropic", root.GetProperty("pick").GetString());
        Assert.False(root.GetProperty("same_family").GetBoolean());
        var rows = root.GetProperty("reviewers").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.True(rows["codex"].GetProperty("available").GetBoolean());
        Assert.Equal("openai", rows["codex"].GetProperty("family").GetString());
        Assert.False(rows["claude"].GetProperty("available").GetBoolean());
        Assert.Equal("npm install -g @anthropic-ai/claude-code", rows["claude"].GetProperty("fix").GetString());
        Assert.Equal("OPENAI_API_KEY not set", rows["openai"].GetProperty("detail").GetString());
        Assert.True(rows["anthropic"].GetProperty("picked").GetBoolean());
    }

    [Fact]
    public async Task Reviewers_TextInAPipe_IsOneLinePerReviewer()
    {
        _machine.AddAgent("gemini");

        var result = await CliProcess.RunAsync(_machine.Home, _machine.With(("GEMINI_API_KEY", Key)), null, "reviewers");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.StdOut.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("→ gemini (google, detected): available", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  codex (openai, detected): not available: codex not on PATH; fix: npm install -g @openai/codex", StringComparison.Ordinal));
        Assert.Contains("review would pick: gemini", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviewers_DefaultProfile_IsWhatReviewWouldRun()
    {
        _machine.AddAgent("codex");
        using var repo = await RepoWithChangeAsync();
        repo.WriteFile(".crossreview.toml", """
            default_profile = "team"

            [reviewers.sec]
            provider = "anthropic"
            model = "claude-opus-4-6"

            [profiles.team]
            reviewers = ["sec", "openai:gpt-5.4"]
            """);
        await repo.GitAsync("add", ".crossreview.toml");
        await repo.GitAsync("commit", "-q", "-m", "config");

        var json = await CliProcess.RunAsync(repo.Root, _machine.With(("ANTHROPIC_API_KEY", Key)), null, "reviewers", "--format", "json");
        var text = await CliProcess.RunAsync(repo.Root, _machine.With(("ANTHROPIC_API_KEY", Key)), null, "reviewers");

        Assert.True(json.ExitCode == 0, json.ToString());
        using var listing = JsonDocument.Parse(json.StdOut);
        Assert.Equal("team", listing.RootElement.GetProperty("profile").GetString());
        Assert.Equal("sec, openai:gpt-5.4", listing.RootElement.GetProperty("pick").GetString());
        Assert.Contains("review would run profile 'team': sec, openai:gpt-5.4", text.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("review would pick: codex", text.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reviewers_RelativeCommand_IsFoundFromTheRepositoryRootOfDashC()
    {
        using var repo = await RepoWithChangeAsync();
        var tools = Path.Combine(repo.Root, "tools");
        Directory.CreateDirectory(tools);
        var program = Path.Combine(tools, "review");
        File.WriteAllText(program, "#!/bin/sh\necho '{}'\n");
        MakeExecutable(program);
        repo.WriteFile(".crossreview.toml", """
            [reviewers.inhouse]
            provider = "command"
            command = ["./tools/review"]
            """);
        await repo.GitAsync("add", ".crossreview.toml");
        await repo.GitAsync("commit", "-q", "-m", "config");
        var sub = Directory.CreateDirectory(Path.Combine(repo.Root, "src")).FullName;

        // A repository's command reviewer runs a program, so it needs the user's trust.
        var trusted = _machine.With(("CROSSREVIEW_TRUST_REPO_CONFIG", "1"));

        var result = await CliProcess.RunAsync(_machine.Home, trusted, null, "reviewers", "-C", sub, "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var listing = JsonDocument.Parse(result.StdOut);
        var row = listing.RootElement.GetProperty("reviewers").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "inhouse");
        Assert.True(row.GetProperty("available").GetBoolean(), row.ToString());
        Assert.Equal("command:inhouse", row.GetProperty("spec").GetString());
    }

    [Fact]
    public async Task Doctor_CodexNotLoggedInWithDefaultProfileOnIt_ExitsOneWithTheFix()
    {
        var codex = Path.Combine(_machine.Bin, "codex");
        File.WriteAllText(codex, "#!/bin/sh\ncase \"$1\" in login) echo 'Not logged in' >&2; exit 1 ;; *) echo 'codex-cli 0.169.0' ;; esac\n");
        MakeExecutable(codex);
        using var repo = await RepoWithChangeAsync();
        repo.WriteFile(".crossreview.toml", """
            default_profile = "solo"

            [reviewers.codex]
            provider = "codex"
            effort = "high"

            [profiles.solo]
            reviewers = ["codex"]
            """);
        await repo.GitAsync("add", ".crossreview.toml");
        await repo.GitAsync("commit", "-q", "-m", "config");

        var result = await CliProcess.RunAsync(repo.Root, _machine.With(("ANTHROPIC_API_KEY", Key)), null, "doctor");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains("FAIL review: crossreview review would run profile 'solo' (default_profile): codex; it would fail", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("codex: codex login", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("--reviewer anthropic", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("detect-test", result.StdOut + result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NothingConfigured_ExitsOneAndSaysWhatToDoPerReviewer()
    {
        var result = await CliProcess.RunAsync(_machine.Home, _machine.Environment, null, "doctor");

        Assert.True(result.ExitCode == 1, result.ToString());
        foreach (var fix in new[]
                 {
                     "npm install -g @openai/codex", "npm install -g @anthropic-ai/claude-code", "npm install -g @google/gemini-cli",
                     "export OPENAI_API_KEY=", "export ANTHROPIC_API_KEY=", "export GEMINI_API_KEY=", "ollama serve",
                 })
        {
            Assert.Contains("fix: " + fix, result.StdOut, StringComparison.Ordinal);
        }

        Assert.Contains("no reviewer can run here", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_KeyAndReachableServer_ExitsZeroAndNeverPrintsTheKey()
    {
        await using var server = await ScriptedModelServer.StartAsync();

        var result = await CliProcess.RunAsync(_machine.Home, _machine.With(("OPENAI_API_KEY", Key), ("OPENAI_BASE_URL", server.OpenAIBaseUrl)), null,
            "doctor", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("detect-test", result.StdOut + result.StdErr, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.True(report.RootElement.GetProperty("can_review").GetBoolean());
        Assert.Equal(["openai"], report.RootElement.GetProperty("ready_reviewers").EnumerateArray().Select(r => r.GetString()));
        var checks = report.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("ok", checks["OPENAI_BASE_URL"].GetProperty("status").GetString());
        Assert.Equal("ok", checks["OPENAI_API_KEY"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Doctor_Help_DocumentsExitCodes()
    {
        var result = await CliProcess.RunAsync(_machine.Home, _machine.Environment, null, "doctor", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Exit codes: 0 a plain 'crossreview review' here would run", result.StdOut, StringComparison.Ordinal);
    }
}
