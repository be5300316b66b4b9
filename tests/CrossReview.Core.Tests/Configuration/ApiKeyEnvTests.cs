using CrossReview.Reviewers;

namespace CrossReview.Tests.Configuration;

/// <summary><c>api_key_env</c>: which variable is read, where its key may go, and what a missing one says.</summary>
public sealed class ApiKeyEnvTests
{
    private static readonly Dictionary<string, string> Environment = new()
    {
        ["OPENAI_API_KEY"] = "k-openai",
        ["ANTHROPIC_API_KEY"] = "k-anthropic",
        ["GATEWAY_KEY"] = "k-gateway",
    };

    private static string? Env(string name) => Environment.GetValueOrDefault(name);

    [Theory]
    [InlineData("openai-chat:qwen@http://gateway.internal:8000/v1")]
    [InlineData("openai:gpt-5.4")]
    [InlineData("anthropic@https://llm-proxy.internal")]
    [InlineData("anthropic")]
    public void Resolve_DedicatedVariable_ItsKeyGoesToTheReviewersHost(string spec)
    {
        var connection = ProviderConnection.Resolve(ReviewerSpec.Parse(spec), Env, "GATEWAY_KEY");

        Assert.Equal("k-gateway", connection.ApiKey);
    }

    [Fact]
    public void Resolve_WithoutApiKeyEnv_InlineHostGetsNoKey()
    {
        Assert.Equal(ProviderConnection.PlaceholderKey, ProviderConnection.Resolve(ReviewerSpec.Parse("openai-chat:qwen@http://gateway.internal:8000/v1"), Env).ApiKey);
    }

    [Theory]
    [InlineData("openai-chat:qwen@http://gateway.internal:8000/v1", "ANTHROPIC_API_KEY", "no-key")]
    [InlineData("openai:gpt-5.4", "ANTHROPIC_API_KEY", "k-anthropic")]
    [InlineData("anthropic@https://llm-proxy.internal", "OPENAI_API_KEY", "no-key")]
    [InlineData("anthropic", "OPENAI_API_KEY", "k-openai")]
    public void Resolve_UsualVariable_HostRulesStay(string spec, string variable, string expected)
    {
        Assert.Equal(expected, ProviderConnection.Resolve(ReviewerSpec.Parse(spec), Env, variable).ApiKey);
    }

    [Theory]
    [InlineData("openai-chat:qwen@http://gateway.internal:8000/v1", "MISSING_KEY")]
    [InlineData("openai:gpt-5.4", "MISSING_KEY")]
    [InlineData("anthropic", "MISSING_KEY")]
    [InlineData("openai:gpt-5.4", "GEMINI_API_KEY")]
    public void Resolve_ConfiguredVariableUnset_ErrorNamesIt(string spec, string variable)
    {
        var error = Assert.Throws<InputException>(() => ReviewerFactory.Validate(ReviewerSpec.Parse(spec), Env, variable));

        Assert.StartsWith($"{variable} is not set (needed by reviewer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SettingsApiKeyEnv_UsedByFactory()
    {
        var error = Assert.Throws<InputException>(() => ReviewerFactory.Create(
            ReviewerSpec.Parse("openai:gpt-5.4"),
            new ReviewerSettings { GetEnvironmentVariable = Env, ApiKeyEnv = "TEAM_OPENAI_KEY" }));

        Assert.Equal("TEAM_OPENAI_KEY is not set (needed by reviewer 'openai:gpt-5.4')", error.Message);
    }
}
