using CrossReview.Reviewers;

namespace CrossReview.Tests.Reviewers;

/// <summary>On a gateway shared by several routes, the key of <c>*_BASE_URL</c> goes only to that route.</summary>
public sealed class ProviderConnectionPathTests
{
    [Theory]
    [InlineData("OPENAI_BASE_URL", "https://gw.example/openai/v1", "openai:m@https://gw.example/openai/v1", "OPENAI_API_KEY", "k-secret")]
    [InlineData("OPENAI_BASE_URL", "https://gw.example/openai/v1/", "openai-chat:m@https://gw.example/openai/v1/chat", "OPENAI_API_KEY", "k-secret")]
    [InlineData("OPENAI_BASE_URL", "https://gw.example/openai/v1", "openai:m@https://gw.example/other/v1", "OPENAI_API_KEY", "no-key")]
    [InlineData("OPENAI_BASE_URL", "https://gw.example/openai/v1", "openai:m@https://gw.example/openai/v10", "OPENAI_API_KEY", "no-key")]
    [InlineData("OPENAI_BASE_URL", "https://gw.example/openai/v1", "openai:m@https://gw.example/openai", "OPENAI_API_KEY", "no-key")]
    [InlineData("OPENAI_BASE_URL", "https://gw.example", "openai:m@https://gw.example/any/v1", "OPENAI_API_KEY", "k-secret")]
    [InlineData("ANTHROPIC_BASE_URL", "https://gw.example/anthropic", "anthropic@https://gw.example/anthropic", "ANTHROPIC_API_KEY", "k-secret")]
    [InlineData("ANTHROPIC_BASE_URL", "https://gw.example/anthropic", "anthropic@https://gw.example/attacker", "ANTHROPIC_API_KEY", "no-key")]
    public void Resolve_BaseUrlWithPath_KeyOnlyAtOrBelowThatPath(string baseUrlVariable, string baseUrl, string spec, string keyVariable, string expected)
    {
        var environment = new Dictionary<string, string> { [keyVariable] = "k-secret", [baseUrlVariable] = baseUrl };

        var connection = ProviderConnection.Resolve(ReviewerSpec.Parse(spec), n => environment.GetValueOrDefault(n));

        Assert.Equal(expected, connection.ApiKey);
    }

    [Theory]
    [InlineData("openai:m@https://gw.example/openai/v1", "k-secret")]
    [InlineData("openai:m@https://gw.example/other/v1", "no-key")]
    public void Resolve_UsualVariableOfAnotherProvider_KeyOnlyAtOrBelowItsBaseUrlPath(string spec, string expected)
    {
        var environment = new Dictionary<string, string> { ["OPENAI_API_KEY"] = "k-secret", ["OPENAI_BASE_URL"] = "https://gw.example/openai/v1" };

        var connection = ProviderConnection.Resolve(ReviewerSpec.Parse(spec.Replace("openai:", "anthropic:", StringComparison.Ordinal)), n => environment.GetValueOrDefault(n), "OPENAI_API_KEY");

        Assert.Equal(expected, connection.ApiKey);
    }
}
