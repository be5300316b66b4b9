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
    [InlineData("openai:gpt-5.4", "ANTHROPIC_API_KEY", "no-key")]
    [InlineData("openai:gpt-5.4@https://api.anthropic.com/v1", "ANTHROPIC_API_KEY", "k-anthropic")]
    [InlineData("anthropic@https://llm-proxy.internal", "OPENAI_API_KEY", "no-key")]
    [InlineData("anthropic", "OPENAI_API_KEY", "no-key")]
    [InlineData("anthropic@https://api.openai.com/v1", "OPENAI_API_KEY", "k-openai")]
    [InlineData("anthropic@https://generativelanguage.googleapis.com", "OPENAI_API_KEY", "no-key")]
    public void Resolve_UsualVariable_GoesOnlyToItsOwnVendorsHosts(string spec, string variable, string expected)
    {
        Assert.Equal(expected, ProviderConnection.Resolve(ReviewerSpec.Parse(spec), Env, variable).ApiKey);
    }

    [Theory]
    [InlineData("openai-chat:qwen@http://gateway.internal:8000/v1", "MISSING_KEY")]
    [InlineData("openai:gpt-5.4", "MISSING_KEY")]
    [InlineData("anthropic", "MISSING_KEY")]
    [InlineData("openai:gemini-2.5-pro@https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY")]
    public void Resolve_ConfiguredVariableUnset_ErrorNamesIt(string spec, string variable)
    {
        var error = Assert.Throws<InputException>(() => ReviewerFactory.Validate(ReviewerSpec.Parse(spec), Env, variable));

        Assert.StartsWith($"{variable} is not set (needed by reviewer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UsualVariableForAnotherVendor_WithheldNoteNamesItsHosts()
    {
        var connection = ProviderConnection.Resolve(ReviewerSpec.Parse("openai:gpt-5.4"), Env, "ANTHROPIC_API_KEY");

        Assert.Contains("ANTHROPIC_API_KEY only goes to api.anthropic.com", connection.WithheldKeyHint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("OPENAI_BASE_URL", "https://gw.example:8443/v1", "openai-chat:m@http://gw.example:8443/v1", "OPENAI_API_KEY")]
    [InlineData("ANTHROPIC_BASE_URL", "https://gw.example:8443", "anthropic@http://gw.example:8443", "ANTHROPIC_API_KEY")]
    public void Resolve_ConfiguredServerOverPlainHttp_KeyWithheld(string baseUrlVariable, string baseUrl, string spec, string keyVariable)
    {
        var environment = new Dictionary<string, string> { [keyVariable] = "k-secret-key-value", [baseUrlVariable] = baseUrl };

        var plain = ProviderConnection.Resolve(ReviewerSpec.Parse(spec), n => environment.GetValueOrDefault(n));
        var secure = ProviderConnection.Resolve(ReviewerSpec.Parse(spec.Replace("http://", "https://", StringComparison.Ordinal)), n => environment.GetValueOrDefault(n));

        Assert.Equal(ProviderConnection.PlaceholderKey, plain.ApiKey);
        Assert.Equal("k-secret-key-value", secure.ApiKey);
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
