using CrossReview.Budget;
using CrossReview.Configuration;
using CrossReview.Reviewers;
using CrossReview.Reviewers.Detection;

namespace CrossReview.Tests.Reviewers.Detection;

public sealed class ReviewerDetectorTests : IDisposable
{
    private const string TagsWithCoder = """{"models":[{"name":"llama3.2:3b"},{"name":"qwen2.5-coder:7b"}]}""";

    private readonly FakeExecutables _bin = new();
    private readonly Dictionary<string, string?> _env = new(StringComparer.Ordinal);
    private readonly Uri _closedOllama = LoopbackHttpServer.ClosedPort();

    public ReviewerDetectorTests()
    {
        _env["PATH"] = _bin.Directory;
        // Never the machine's own Ollama: a port nobody listens on unless a test sets one.
        _env["OLLAMA_HOST"] = _closedOllama.ToString();
    }

    public void Dispose() => _bin.Dispose();

    private ReviewerDetector Detector() => new(name => _env.GetValueOrDefault(name), new EndpointProbe(TimeSpan.FromSeconds(2)));

    private static DetectedAuthor Author(string family) => new([family], "test");

    [Fact]
    public async Task SelectAsync_ClaudeAuthorWithCodexAndClaude_PicksCodex()
    {
        _bin.Add("codex");
        _bin.Add("claude");

        var selection = await Detector().SelectAsync([], AuthorFamily.FromEnvironment(n => n == "CLAUDECODE" ? "1" : null), CancellationToken.None);

        Assert.Equal("codex", Assert.Single(selection.Specs).Text);
        Assert.False(selection.SameFamily);
        Assert.Contains("CLAUDECODE=1", selection.Reason, StringComparison.Ordinal);
        Assert.Null(selection.Warning);
    }

    [Fact]
    public async Task SelectAsync_OpenAIAuthorWithCodexAndClaude_PicksClaude()
    {
        _bin.Add("codex");
        _bin.Add("claude");

        var selection = await Detector().SelectAsync([], Author("openai"), CancellationToken.None);

        Assert.Equal("claude", Assert.Single(selection.Specs).Text);
        Assert.False(selection.SameFamily);
    }

    [Fact]
    public async Task SelectAsync_UnknownAuthor_PrefersCliOverKey()
    {
        _bin.Add("gemini");
        _env["GEMINI_API_KEY"] = "gemini-test-key";
        _env["OPENAI_API_KEY"] = "sk-test";

        var selection = await Detector().SelectAsync([], DetectedAuthor.Unknown, CancellationToken.None);

        Assert.Equal("gemini", Assert.Single(selection.Specs).Text);
        Assert.Contains("unknown", selection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelectAsync_OnlyAuthorsFamily_RunsItMarkedSameFamily()
    {
        _bin.Add("claude");
        _env["ANTHROPIC_API_KEY"] = "sk-ant-test";

        var selection = await Detector().SelectAsync([], Author("anthropic"), CancellationToken.None);

        Assert.Equal("claude", Assert.Single(selection.Specs).Text);
        Assert.True(selection.SameFamily);
        Assert.Contains("author's own family", selection.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelectAsync_AnthropicAuthorWithKeys_PicksOpenAIKeyOverAnthropicKey()
    {
        _env["ANTHROPIC_API_KEY"] = "sk-ant-test";
        _env["OPENAI_API_KEY"] = "sk-test";

        var selection = await Detector().SelectAsync([], Author("anthropic"), CancellationToken.None);

        Assert.Equal("openai", Assert.Single(selection.Specs).Text);
    }

    [Fact]
    public async Task SelectAsync_GeminiKeyOnly_GivesASpecThatSendsTheGeminiKeyToGemini()
    {
        _env["GEMINI_API_KEY"] = "gemini-test-key";

        var selection = await Detector().SelectAsync([], Author("openai"), CancellationToken.None);

        var spec = Assert.Single(selection.Specs);
        Assert.Equal("google", ReviewerFamily.Of(spec));
        var connection = ProviderConnection.Resolve(ReviewerSpec.Parse(spec.Text), name => _env.GetValueOrDefault(name));
        Assert.Equal("gemini-test-key", connection.ApiKey);
        Assert.Equal("generativelanguage.googleapis.com", connection.BaseUri.Host);
    }

    [Fact]
    public async Task SelectAsync_OllamaListsModels_PicksTheCoderModel()
    {
        await using var ollama = LoopbackHttpServer.Answering(200, TagsWithCoder);
        _env["OLLAMA_HOST"] = ollama.Root.ToString();

        var selection = await Detector().SelectAsync([], Author("anthropic"), CancellationToken.None);

        Assert.Equal("ollama:qwen2.5-coder:7b", Assert.Single(selection.Specs).Text);
        Assert.Equal(["GET /api/tags HTTP/1.1"], ollama.RequestLines);
    }

    [Fact]
    public async Task SelectAsync_OtherFamilyFoundFirst_DoesNotProbeOllama()
    {
        await using var ollama = LoopbackHttpServer.Answering(200, TagsWithCoder);
        _env["OLLAMA_HOST"] = ollama.Root.ToString();
        _bin.Add("codex");

        var selection = await Detector().SelectAsync([], Author("anthropic"), CancellationToken.None);

        Assert.Equal("codex", Assert.Single(selection.Specs).Text);
        Assert.Empty(ollama.RequestLines);
    }

    [Fact]
    public async Task SelectAsync_NothingAvailable_SelectsNone()
    {
        var selection = await Detector().SelectAsync([], DetectedAuthor.Unknown, CancellationToken.None);

        Assert.Empty(selection.Specs);
        Assert.Null(selection.Reason);
    }

    [Fact]
    public async Task SelectAsync_NamedReviewersAllOfAuthorsFamily_AreKeptAndMarked()
    {
        _bin.Add("codex");
        var named = new[] { ReviewerSpec.Parse("claude"), ReviewerSpec.Parse("anthropic:claude-opus-4-6") };

        var selection = await Detector().SelectAsync(named, Author("anthropic"), CancellationToken.None);

        Assert.Equal(named, selection.Specs);
        Assert.True(selection.SameFamily);
        Assert.NotNull(selection.Warning);
        Assert.Null(selection.Reason);
    }

    [Fact]
    public async Task SelectAsync_NamedReviewersWithAnotherFamily_AreNotMarked()
    {
        var named = new[] { ReviewerSpec.Parse("claude"), ReviewerSpec.Parse("codex") };

        var selection = await Detector().SelectAsync(named, Author("anthropic"), CancellationToken.None);

        Assert.False(selection.SameFamily);
        Assert.Null(selection.Warning);
    }

    [Fact]
    public async Task ListAsync_NothingInstalled_SaysWhyAndHowPerReviewer()
    {
        var candidates = await Detector().ListAsync(CancellationToken.None);

        Assert.Equal(["codex", "claude", "gemini", "openai", "anthropic", "openai-chat", "ollama"], candidates.Select(c => c.Spec.Provider));
        Assert.All(candidates, c => Assert.False(c.Available));
        Assert.All(candidates, c => Assert.False(string.IsNullOrWhiteSpace(c.Fix)));
        Assert.Equal("codex not on PATH", candidates[0].Detail);
        Assert.Equal("npm install -g @openai/codex", candidates[0].Fix);
        Assert.Equal("OPENAI_API_KEY not set", candidates[3].Detail);
        Assert.Contains("connection refused", candidates[6].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAsync_OllamaWithoutModels_IsUnavailableWithPullAdvice()
    {
        await using var ollama = LoopbackHttpServer.Answering(200, """{"models":[]}""");
        _env["OLLAMA_HOST"] = ollama.Root.ToString();

        var candidate = (await Detector().ListAsync(CancellationToken.None))[^1];

        Assert.False(candidate.Available);
        Assert.Equal("ollama pull qwen2.5-coder:7b", candidate.Fix);
    }

    [Fact]
    public async Task ConfiguredAsync_ReviewersFromConfig_ReportAvailabilityAndRole()
    {
        _bin.Add("codex");
        _env["TEAM_KEY"] = "team-secret";
        var config = CrossReviewConfig.Empty with
        {
            Reviewers = new Dictionary<string, ReviewerConfig>(StringComparer.Ordinal)
            {
                ["sec"] = new("sec", "anthropic", "repo.toml") { Model = "claude-opus-4-6", Role = "security", ApiKeyEnv = "TEAM_KEY" },
                ["fast"] = new("fast", "codex", "repo.toml") { Model = "gpt-5.4-mini" },
                ["gone"] = new("gone", "openai", "repo.toml") { Prices = new ModelPrice(1m, 0.1m, 4m) },
            },
        };

        var configured = await Detector().ConfiguredAsync(config, null, CancellationToken.None);

        Assert.Equal(["fast", "gone", "sec"], configured.Select(c => c.Name));
        Assert.True(configured[0].Available);
        Assert.Equal("openai", configured[0].Family);
        Assert.False(configured[1].Available);
        Assert.Contains("OPENAI_API_KEY", configured[1].Detail, StringComparison.Ordinal);
        Assert.True(configured[2].Available);
        Assert.Equal("TEAM_KEY is set", configured[2].Detail);
        Assert.Equal("security", configured[2].Role);
        Assert.All(configured, c => Assert.True(c.Configured));
    }

    [Fact]
    public async Task ConfiguredAsync_DedicatedKeyUnsetWithCustomBaseUrl_IsNotAvailable()
    {
        _env["OPENAI_API_KEY"] = "sk-test";
        var config = Config(new ReviewerConfig("gateway", "openai-chat", "repo.toml")
        {
            Model = "qwen2.5-coder", BaseUrl = "http://127.0.0.1:8000/v1", ApiKeyEnv = "GATEWAY_KEY",
        });

        var candidate = Assert.Single(await Detector().ConfiguredAsync(config, null, CancellationToken.None));

        Assert.False(candidate.Available);
        Assert.Contains("GATEWAY_KEY is not set", candidate.Detail, StringComparison.Ordinal);
        Assert.Equal("export GATEWAY_KEY=...", candidate.Fix);
    }

    [Fact]
    public async Task ConfiguredAsync_CodexConfiguredButNotLoggedIn_IsNotAvailable()
    {
        _bin.Add("codex", "case \"$1\" in login) echo 'Not logged in' >&2; exit 1 ;; *) echo 'codex-cli 0.169.0' ;; esac");
        var config = Config(new ReviewerConfig("codex", "codex", "repo.toml") { Effort = "high" });

        var candidate = Assert.Single(await Detector().ConfiguredAsync(config, null, CancellationToken.None));

        Assert.False(candidate.Available);
        Assert.Contains("not logged in (codex login status)", candidate.Detail, StringComparison.Ordinal);
        Assert.Contains("codex login", candidate.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredAsync_RelativeCommand_IsFoundInTheRepositoryRootNotTheCurrentFolder()
    {
        using var repository = new FakeExecutables();
        var tools = Directory.CreateDirectory(Path.Combine(repository.Directory, "tools")).FullName;
        File.Move(repository.Add("review"), Path.Combine(tools, "review"));
        var config = Config(new ReviewerConfig("inhouse", "command", "repo.toml") { Command = ["./tools/review", "--json"] });
        Assert.False(File.Exists(Path.Combine(Directory.GetCurrentDirectory(), "tools", "review")));

        var candidate = Assert.Single(await Detector().ConfiguredAsync(config, repository.Directory, CancellationToken.None));

        Assert.True(candidate.Available, candidate.Detail);
        Assert.Contains(Path.Combine(tools, "review"), candidate.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredAsync_CommandReviewer_HasTheSpecTheResolverGives()
    {
        _bin.Add("review-bot");
        var config = Config(new ReviewerConfig("bot", "command", "repo.toml") { Command = ["review-bot"], Model = "in-house-7b" });

        var candidate = Assert.Single(await Detector().ConfiguredAsync(config, null, CancellationToken.None));

        Assert.Equal(new ReviewerResolver(config).Resolve("bot").Spec, candidate.Spec);
        Assert.True(candidate.Available);
    }

    [Fact]
    public async Task SelectAsync_CodexNotLoggedInAndAnthropicKey_PicksTheKeyThatCanRun()
    {
        _bin.Add("codex", "case \"$1\" in login) echo 'Not logged in' >&2; exit 1 ;; *) echo 'codex-cli 0.169.0' ;; esac");
        _env["ANTHROPIC_API_KEY"] = "sk-ant-test";

        var selection = await Detector().SelectAsync([], DetectedAuthor.Unknown, CancellationToken.None);

        Assert.Equal("anthropic", Assert.Single(selection.Specs).Text);
        var listed = await Detector().ListAsync(CancellationToken.None);
        var codex = listed.Single(c => c.Name == "codex");
        Assert.False(codex.Available);
        Assert.Contains("codex login", codex.Fix, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SelectAsync_GeminiKeyWithGatewayUrlButNoAuthSetting_SkipsGemini()
    {
        _bin.Add("gemini");
        _env["GEMINI_API_KEY"] = "gemini-test-key";
        _env["GOOGLE_GEMINI_BASE_URL"] = "http://127.0.0.1:9";
        _env["OPENAI_API_KEY"] = "sk-test";

        var selection = await Detector().SelectAsync([], Author("anthropic"), CancellationToken.None);

        Assert.Equal("openai", Assert.Single(selection.Specs).Text);
    }

    [Theory]
    [InlineData("claude,sarif:x.sarif", true)]
    [InlineData("claude,command:bot", true)]
    [InlineData("claude,codex,sarif:x.sarif", false)]
    [InlineData("sarif:x.sarif", false)]
    [InlineData("command:bot,sarif:x.sarif", false)]
    public void ForNamed_AnalyzersAndCommands_DoNotDecideSameFamily(string specs, bool sameFamily)
    {
        var named = specs.Split(',').Select(ReviewerSpec.Parse).ToList();

        var selection = ReviewerDetector.ForNamed(named, Author("anthropic"));

        Assert.Equal(sameFamily, selection.SameFamily);
        Assert.Equal(sameFamily, selection.Warning is not null);
    }

    private static CrossReviewConfig Config(ReviewerConfig reviewer) => CrossReviewConfig.Empty with
    {
        Reviewers = new Dictionary<string, ReviewerConfig>(StringComparer.Ordinal) { [reviewer.Name] = reviewer },
    };
}
