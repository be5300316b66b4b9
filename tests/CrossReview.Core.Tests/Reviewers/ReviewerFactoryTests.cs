using CrossReview.Reviewers;

namespace CrossReview.Tests.Reviewers;

public sealed class ReviewerFactoryTests
{
    private static ReviewerSettings WithEnvironment(params (string Name, string Value)[] variables) => new()
    {
        GetEnvironmentVariable = name => variables.FirstOrDefault(v => v.Name == name).Value,
    };

    [Theory]
    [InlineData("openai:gpt-5.4", "OPENAI_API_KEY")]
    [InlineData("openai", "OPENAI_API_KEY")]
    [InlineData("openai-chat:gpt-5.4-mini", "OPENAI_API_KEY")]
    [InlineData("openai:gpt-5.4@https://api.openai.com/v1", "OPENAI_API_KEY")]
    [InlineData("openai-chat:gemini-2.5-flash@https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY")]
    [InlineData("openai:gemini-2.5-flash@https://generativelanguage.googleapis.com/v1beta/openai", "GEMINI_API_KEY")]
    [InlineData("anthropic:claude-sonnet-4-5", "ANTHROPIC_API_KEY")]
    public void Create_MissingKey_NamesVariableAndReviewer(string text, string variable)
    {
        var error = Assert.Throws<InputException>(() => ReviewerFactory.Create(ReviewerSpec.Parse(text), WithEnvironment()));

        Assert.Equal($"{variable} is not set (needed by reviewer '{text}')", error.Message);
    }

    [Theory]
    [InlineData("ollama")]
    [InlineData("ollama:qwen2.5-coder:7b@127.0.0.1:11434")]
    [InlineData("openai-chat:qwen@http://127.0.0.1:8000/v1")]
    [InlineData("openai:qwen@http://127.0.0.1:8000/v1")]
    [InlineData("anthropic@http://127.0.0.1:9000")]
    public void Create_ProviderNeedingNoKey_Succeeds(string text)
    {
        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse(text), WithEnvironment());

        Assert.Equal(text, reviewer.Name);
    }

    [Fact]
    public void Create_OpenAIChatWithCustomBaseUrlFromEnvironment_NeedsNoKey()
    {
        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse("openai-chat:qwen"), WithEnvironment(("OPENAI_BASE_URL", "http://127.0.0.1:8000/v1")));

        Assert.Equal("qwen", reviewer.Model);
    }

    [Theory]
    [InlineData("openai-chat:gemini-2.5-flash@https://generativelanguage.googleapis.com/v1beta/openai", "k-gemini")]
    [InlineData("openai:gpt-5.4@https://api.openai.com/v1", "k-openai")]
    [InlineData("openai-chat", "k-openai")]
    [InlineData("openai-chat:qwen@http://10.0.0.5:8000/v1", "k-openai")]
    [InlineData("openai-chat:qwen@http://10.0.0.5:9999/v1", "no-key")]
    [InlineData("openai:qwen@https://proxy.example/v1", "no-key")]
    public void Resolve_OpenAIProtocol_KeyFollowsTheHost(string text, string expectedKey)
    {
        var environment = new Dictionary<string, string>
        {
            ["OPENAI_API_KEY"] = "k-openai",
            ["GEMINI_API_KEY"] = "k-gemini",
            ["OPENAI_BASE_URL"] = "http://10.0.0.5:8000/v1",
        };
        if (text == "openai-chat" || text.Contains("api.openai.com", StringComparison.Ordinal))
        {
            environment.Remove("OPENAI_BASE_URL");
        }

        var connection = ProviderConnection.Resolve(ReviewerSpec.Parse(text), name => environment.GetValueOrDefault(name));

        Assert.Equal(expectedKey, connection.ApiKey);
    }

    [Theory]
    [InlineData("anthropic", "k-anthropic")]
    [InlineData("anthropic@https://api.anthropic.com", "k-anthropic")]
    [InlineData("anthropic@http://10.0.0.5:8080", "k-anthropic")]
    [InlineData("anthropic@http://10.0.0.5:9999", "no-key")]
    [InlineData("anthropic@https://proxy.example", "no-key")]
    public void Resolve_Anthropic_KeyFollowsTheHost(string text, string expectedKey)
    {
        var environment = new Dictionary<string, string>
        {
            ["ANTHROPIC_API_KEY"] = "k-anthropic",
            ["ANTHROPIC_BASE_URL"] = "http://10.0.0.5:8080",
        };
        if (text == "anthropic")
        {
            environment.Remove("ANTHROPIC_BASE_URL");
        }

        var connection = ProviderConnection.Resolve(ReviewerSpec.Parse(text), name => environment.GetValueOrDefault(name));

        Assert.Equal(expectedKey, connection.ApiKey);
    }

    [Fact]
    public void Create_AnthropicBaseUrlServerWithoutKey_NamesVariable()
    {
        var error = Assert.Throws<InputException>(
            () => ReviewerFactory.Create(ReviewerSpec.Parse("anthropic"), WithEnvironment(("ANTHROPIC_BASE_URL", "http://127.0.0.1:9000"))));

        Assert.Equal("ANTHROPIC_API_KEY is not set (needed by reviewer 'anthropic')", error.Message);
    }

    [Theory]
    [InlineData("k-gemini", "k-openai", "k-gemini")]
    [InlineData(null, "k-openai", "k-openai")]
    [InlineData("k-gemini", null, "k-gemini")]
    public void Resolve_GeminiThroughOpenAIBaseUrl_GeminiKeyElseOpenAIKey(string? geminiKey, string? openAIKey, string expectedKey)
    {
        var environment = new Dictionary<string, string?>
        {
            ["OPENAI_BASE_URL"] = "https://generativelanguage.googleapis.com/v1beta/openai",
            ["OPENAI_API_KEY"] = openAIKey,
            ["GEMINI_API_KEY"] = geminiKey,
        };

        var connection = ProviderConnection.Resolve(ReviewerSpec.Parse("openai-chat:gemini-2.5-flash"), name => environment.GetValueOrDefault(name));

        Assert.Equal("generativelanguage.googleapis.com", connection.BaseUri.Host);
        Assert.Equal(expectedKey, connection.ApiKey);
    }

    [Fact]
    public void Resolve_GeminiThroughOpenAIBaseUrlWithoutAnyKey_NamesBothVariables()
    {
        var error = Assert.Throws<InputException>(() => ProviderConnection.Resolve(
            ReviewerSpec.Parse("openai-chat:gemini-2.5-flash"),
            name => name == "OPENAI_BASE_URL" ? "https://generativelanguage.googleapis.com/v1beta/openai" : null));

        Assert.Equal("GEMINI_API_KEY (or OPENAI_API_KEY) is not set (needed by reviewer 'openai-chat:gemini-2.5-flash')", error.Message);
    }

    [Fact]
    public void Resolve_InlineGeminiWithOnlyOpenAIKey_NeedsGeminiKey()
    {
        const string text = "openai-chat:gemini-2.5-flash@https://generativelanguage.googleapis.com/v1beta/openai";

        var error = Assert.Throws<InputException>(() => ProviderConnection.Resolve(
            ReviewerSpec.Parse(text),
            name => name == "OPENAI_API_KEY" ? "k-openai" : null));

        Assert.Equal($"GEMINI_API_KEY is not set (needed by reviewer '{text}')", error.Message);
    }

    [Theory]
    [InlineData("codex", "npm install -g @openai/codex")]
    [InlineData("codex:gpt-5.4", "npm install -g @openai/codex")]
    [InlineData("claude", "npm install -g @anthropic-ai/claude-code")]
    [InlineData("gemini", "npm install -g @google/gemini-cli")]
    public void Create_AgentCliNotOnPath_NamesBinaryAndHowToInstall(string text, string install)
    {
        var spec = ReviewerSpec.Parse(text);
        var emptyDirectory = Directory.CreateTempSubdirectory("crossreview-nopath-").FullName;

        var error = Assert.Throws<InputException>(() => ReviewerFactory.Create(spec, WithEnvironment(("PATH", emptyDirectory))));

        Assert.Contains($"needs '{spec.Provider}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(install, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("openai", "OPENAI_BASE_URL", "not a url")]
    [InlineData("anthropic", "ANTHROPIC_BASE_URL", "ftp://host")]
    public void Create_InvalidBaseUrlInEnvironment_NamesVariable(string text, string variable, string value)
    {
        var settings = WithEnvironment((variable, value), ("OPENAI_API_KEY", "k-123456"), ("ANTHROPIC_API_KEY", "k-123456"));

        var error = Assert.Throws<InputException>(() => ReviewerFactory.Create(ReviewerSpec.Parse(text), settings));

        Assert.Equal($"{variable} is not an absolute http(s) URL: '{value}' (used by reviewer '{text}')", error.Message);
    }

    [Theory]
    [InlineData("openai", "gpt-5.4", "https://api.openai.com/v1")]
    [InlineData("openai-chat", "gpt-5.4-mini", "https://api.openai.com/v1")]
    [InlineData("anthropic", "claude-sonnet-4-5", "https://api.anthropic.com/")]
    [InlineData("ollama", "qwen2.5-coder:7b", "http://127.0.0.1:11434/")]
    public void Resolve_NothingGiven_UsesProviderDefaults(string provider, string model, string baseUrl)
    {
        var connection = ProviderConnection.Resolve(
            ReviewerSpec.Parse(provider),
            name => name is "OPENAI_API_KEY" or "ANTHROPIC_API_KEY" ? "k-123456" : null);

        Assert.Equal(model, connection.Model);
        Assert.Equal(baseUrl, connection.BaseUri.AbsoluteUri);
    }

    [Fact]
    public void Resolve_SpecAndEnvironmentBothGiveBaseUrl_SpecWins()
    {
        var connection = ProviderConnection.Resolve(
            ReviewerSpec.Parse("ollama@http://spec-host:1"),
            name => name == "OLLAMA_HOST" ? "env-host:2" : null);

        Assert.Equal("http://spec-host:1/", connection.BaseUri.AbsoluteUri);
    }
}
