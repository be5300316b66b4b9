using CrossReview.Configuration;
using CrossReview.Reviewers;

namespace CrossReview.Tests.Configuration;

public sealed class ReviewerResolverTests
{
    private static readonly CrossReviewConfig Config = ConfigLoader.Merge(ConfigFileReader.Read("""
        default_profile = "duo"

        [reviewers.gateway]
        provider = "openai-chat"
        model = "qwen"
        base_url = "http://127.0.0.1:8000/v1"
        api_key_env = "GATEWAY_KEY"
        role = "security"
        effort = "low"
        timeout = 42
        max_budget_usd = 2
        prices = { input = 1, output = 4 }

        [reviewers.lint]
        provider = "command"
        command = ["./lint-review", "--json"]

        [reviewers.claude]
        provider = "claude"
        effort = "high"

        [profiles.duo]
        reviewers = ["gateway", "openai:gpt-5.4"]

        [profiles.solo]
        reviewers = ["command:lint"]
        """, "/repo/.crossreview.toml"), null);

    private static readonly ReviewerResolver Resolver = new(Config);

    [Fact]
    public void Resolve_ConfiguredName_SpecFromConfigAndNameKept()
    {
        var resolved = Resolver.Resolve("gateway");

        Assert.Equal(new ReviewerSpec("openai-chat:qwen@http://127.0.0.1:8000/v1", "openai-chat", "qwen", "http://127.0.0.1:8000/v1"), resolved.Spec);
        Assert.Equal("gateway", resolved.Name);
        Assert.Equal(TimeSpan.FromSeconds(42), resolved.Timeout);
        Assert.Equal(new CrossReview.Budget.ModelPrice(1m, 1m, 4m), resolved.Price);
    }

    [Fact]
    public void Apply_ConfiguredReviewer_SettingsCarryRoleEffortBudgetKeyVariable()
    {
        var settings = Resolver.Resolve("gateway").Apply(new ReviewerSettings { DisplayName = "gateway" });

        Assert.Equal(("security", "low", 2m, "GATEWAY_KEY"), (settings.Role, settings.Effort, settings.MaxBudgetUsd!.Value, settings.ApiKeyEnv));
        Assert.Equal("gateway", settings.DisplayName);
    }

    [Fact]
    public void Resolve_CommandName_CommandSpecAndArgv()
    {
        var resolved = Resolver.Resolve("command:lint");
        var settings = resolved.Apply(new ReviewerSettings());

        Assert.Equal(("command", "command:lint", "lint"), (resolved.Spec.Provider, resolved.Spec.Text, resolved.Name));
        Assert.Equal(["./lint-review", "--json"], settings.Command!);
        Assert.Equal(resolved, Resolver.Resolve("lint"));
    }

    [Fact]
    public void Resolve_UnconfiguredCommand_ExplainsHowToConfigure()
    {
        var error = Assert.Throws<InputException>(() => Resolver.Resolve("command:fmt"));

        Assert.Contains("no command reviewer 'fmt' is configured; add [reviewers.fmt] with provider = \"command\"", error.Message, StringComparison.Ordinal);
        Assert.Contains("configured command reviewers: lint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NameOfProvider_ConfiguredEntryWins()
    {
        var resolved = Resolver.Resolve("claude");

        Assert.Equal("high", resolved.Config?.Effort);
        Assert.Equal("claude", resolved.Spec.Provider);
    }

    [Fact]
    public void Resolve_InlineSpec_NoConfig()
    {
        var resolved = Resolver.Resolve("anthropic:claude-opus-4-5");

        Assert.Null(resolved.Config);
        Assert.Equal(ReviewerSpec.Parse("anthropic:claude-opus-4-5"), resolved.Spec);
        Assert.Null(resolved.Timeout);
    }

    [Fact]
    public void Resolve_NeitherNameNorSpec_ListsConfiguredReviewers()
    {
        var error = Assert.Throws<InputException>(() => Resolver.Resolve("gatewya"));

        Assert.Contains("unknown provider 'gatewya'", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("configured reviewers: claude, gateway, lint", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_ReviewerTexts_UsedAndNoProfile()
    {
        var selection = Resolver.Select(["lint", "codex"], null);

        Assert.Equal(["lint", "codex"], selection.Reviewers.Select(r => r.Name));
        Assert.Null(selection.Profile);
    }

    [Fact]
    public void Select_Profile_ItsReviewers()
    {
        var selection = Resolver.Select([], "solo");

        Assert.Equal(["lint"], selection.Reviewers.Select(r => r.Name));
        Assert.False(selection.FromDefaultProfile);
    }

    [Fact]
    public void Select_NothingGiven_DefaultProfile()
    {
        var selection = Resolver.Select([], null);

        Assert.Equal(["gateway", "openai:gpt-5.4"], selection.Reviewers.Select(r => r.Name));
        Assert.True(selection.FromDefaultProfile);
        Assert.Equal("duo", selection.Profile?.Name);
    }

    [Fact]
    public void Select_NothingGivenNoDefault_NoneSoCallerDetects()
    {
        Assert.Same(NamedReviewers.None, new ReviewerResolver(CrossReviewConfig.Empty).Select([], null));
    }

    [Fact]
    public void Select_UnknownProfile_ListsProfiles()
    {
        var error = Assert.Throws<InputException>(() => Resolver.Select([], "nope"));

        Assert.Equal("unknown profile 'nope'; configured profiles: duo, solo", error.Message);
    }

    [Fact]
    public void Select_UnknownProfileWithoutConfig_SaysNoConfigFound()
    {
        var error = Assert.Throws<InputException>(() => new ReviewerResolver(CrossReviewConfig.Empty).Select([], "team"));

        Assert.StartsWith("unknown profile 'team'; no config file was found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_ReviewerAndProfile_Refused()
    {
        var error = Assert.Throws<InputException>(() => Resolver.Select(["codex"], "duo"));

        Assert.Equal("choose --reviewer or --profile, not both", error.Message);
    }
}
