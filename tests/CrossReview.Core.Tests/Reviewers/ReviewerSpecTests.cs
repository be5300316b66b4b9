using CrossReview.Reviewers;

namespace CrossReview.Tests.Reviewers;

public sealed class ReviewerSpecTests
{
    [Theory]
    [InlineData("openai", "openai", null, null)]
    [InlineData("openai:gpt-5.4", "openai", "gpt-5.4", null)]
    [InlineData("openai-chat:qwen2.5-coder@http://127.0.0.1:8000/v1", "openai-chat", "qwen2.5-coder", "http://127.0.0.1:8000/v1")]
    [InlineData("openai-chat:qwen@http://127.0.0.1:8000/v1", "openai-chat", "qwen", "http://127.0.0.1:8000/v1")]
    [InlineData("anthropic:claude-opus-4-6", "anthropic", "claude-opus-4-6", null)]
    [InlineData("ollama:qwen2.5-coder:7b", "ollama", "qwen2.5-coder:7b", null)]
    [InlineData("ollama:qwen2.5-coder:7b@http://gpu-box:11434", "ollama", "qwen2.5-coder:7b", "http://gpu-box:11434")]
    [InlineData("ollama:llama3@gpu-box:11434", "ollama", "llama3", "gpu-box:11434")]
    [InlineData("ollama@http://127.0.0.1:11434", "ollama", null, "http://127.0.0.1:11434")]
    [InlineData("codex", "codex", null, null)]
    [InlineData("codex:gpt-5.4", "codex", "gpt-5.4", null)]
    [InlineData("claude:sonnet", "claude", "sonnet", null)]
    [InlineData("gemini", "gemini", null, null)]
    [InlineData("  OpenAI:gpt-5.4  ", "openai", "gpt-5.4", null)]
    [InlineData("openai-chat:org@model@https://proxy.example/v1", "openai-chat", "org@model", "https://proxy.example/v1")]
    [InlineData("openai-chat:m@http://user:pw@host/v1", "openai-chat", "m", "http://user:pw@host/v1")]
    [InlineData("openai-chat:org@m@HTTPS://user:pw@host/v1", "openai-chat", "org@m", "HTTPS://user:pw@host/v1")]
    [InlineData("ollama:llama3@user:pw@gpu-box:11434", "ollama", "llama3@user:pw", "gpu-box:11434")]
    public void Parse_ValidSpec_SplitsOnFirstColonAndLastAt(string text, string provider, string? model, string? baseUrl)
    {
        var spec = ReviewerSpec.Parse(text);

        Assert.Equal(new ReviewerSpec(text.Trim(), provider, model, baseUrl), spec);
    }

    [Theory]
    [InlineData("", "the spec is empty")]
    [InlineData("   ", "the spec is empty")]
    [InlineData("gpt4", "unknown provider 'gpt4'")]
    [InlineData("azure:gpt-5.4", "unknown provider 'azure'")]
    [InlineData(":gpt-5.4", "the provider is empty")]
    [InlineData("openai:", "the model after ':' is empty")]
    [InlineData("openai:gpt-5.4@", "the base URL after '@' is empty")]
    [InlineData("openai-chat:qwen@127.0.0.1:8000/v1", "'127.0.0.1:8000/v1' is not an absolute http(s) URL")]
    [InlineData("openai-chat:qwen@ftp://host/v1", "'ftp://host/v1' is not an absolute http(s) URL")]
    [InlineData("anthropic@not a url", "'not a url' is not an absolute http(s) URL")]
    public void Parse_InvalidSpec_ThrowsOneLineListingProviders(string text, string reason)
    {
        var error = Assert.Throws<InputException>(() => ReviewerSpec.Parse(text));

        Assert.Equal(
            $"invalid reviewer '{text.Trim()}': {reason}; expected PROVIDER[:MODEL][@BASE_URL] with PROVIDER one of "
            + "openai, openai-chat, anthropic, ollama, codex, claude, gemini, command, sarif",
            error.Message);
    }

    [Theory]
    [InlineData("openai-chat:qwen@http://user:SUPERSECRETPW@host:8000/v1?key=QUERYSECRET", "openai-chat:qwen@http://host:8000/v1")]
    [InlineData("openai-chat:qwen@https://host/v1?key=QUERYSECRET&b=2", "openai-chat:qwen@https://host/v1")]
    [InlineData("openai-chat:qwen@http://host:8000/v1", "openai-chat:qwen@http://host:8000/v1")]
    [InlineData("ollama:qwen2.5-coder:7b", "ollama:qwen2.5-coder:7b")]
    public void SafeText_BaseUrlWithCredentials_DropsUserInfoAndQuery(string text, string expected)
    {
        Assert.Equal(expected, ReviewerSpec.Parse(text).SafeText);
    }

    [Theory]
    [InlineData("openai-chat:qwen@ftp://host/v1?key=QUERYSECRET", "'ftp://host/v1' is not an absolute http(s) URL")]
    [InlineData("openai-chat:qwen@http://user:SUPERSECRETPW@:8000/v1?key=QUERYSECRET", "'http://:8000/v1' is not an absolute http(s) URL")]
    [InlineData("gpt4@http://user:SUPERSECRETPW@host/v1", "unknown provider 'gpt4'")]
    public void Parse_InvalidSpecWithCredentials_MessageShowsNeither(string text, string reason)
    {
        var error = Assert.Throws<InputException>(() => ReviewerSpec.Parse(text));

        Assert.DoesNotContain("SUPERSECRETPW", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("QUERYSECRET", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ollama", "gpu-box:11434", "http://gpu-box:11434/")]
    [InlineData("ollama", "https://ollama.example", "https://ollama.example/")]
    [InlineData("openai", "gpu-box:11434", null)]
    [InlineData("openai", "http://127.0.0.1:8000/v1", "http://127.0.0.1:8000/v1")]
    public void NormalizeBaseUrl_ProviderConvention_AddsSchemeOnlyForOllama(string provider, string baseUrl, string? expected)
    {
        Assert.Equal(expected, ReviewerSpec.NormalizeBaseUrl(provider, baseUrl)?.AbsoluteUri);
    }
}
