using CrossReview.Reviewers;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>An agent CLI sends its own login wherever its own config points: a base URL in its spec is refused, never silently ignored.</summary>
public sealed class AgentCliBaseUrlTests : IDisposable
{
    private readonly FakeAgentSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Theory]
    [InlineData("claude:sonnet@http://127.0.0.1:9/")]
    [InlineData("codex@https://proxy.example/v1")]
    [InlineData("gemini:gemini-2.5-pro@http://127.0.0.1:8080")]
    public void CreateAndValidate_AgentCliWithBaseUrl_InputErrorSayingCliUsesItsOwnConfig(string text)
    {
        foreach (var name in new[] { "codex", "claude", "gemini" })
        {
            _setup.Install(name);
        }

        var settings = _setup.Settings("review") with { DisplayName = null };
        var spec = ReviewerSpec.Parse(text);

        var created = Assert.Throws<InputException>(() => ReviewerFactory.Create(spec, settings));
        var validated = Assert.Throws<InputException>(() => ReviewerFactory.Validate(spec, settings));

        Assert.Equal(created.Message, validated.Message);
        Assert.StartsWith($"reviewer '{text}': agent CLIs (codex, claude, gemini, command) use their own login and configuration", created.Message, StringComparison.Ordinal);
        Assert.Contains("ANTHROPIC_BASE_URL", created.Message, StringComparison.Ordinal);
        Assert.Contains("CODEX_HOME", created.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_AgentCliWithoutBaseUrl_Succeeds()
    {
        _setup.Install("claude");

        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse("claude:sonnet"), _setup.Settings("review"));

        Assert.Equal(ReviewerProviders.Claude, reviewer.Provider);
    }
}
