using CrossReview.Reviewers;

namespace CrossReview.Tests.Reviewers.Detection;

public class ReviewerFamilyTests
{
    [Theory]
    [InlineData("codex", "openai")]
    [InlineData("codex:gpt-5.4", "openai")]
    [InlineData("openai:gpt-5.4", "openai")]
    [InlineData("claude:sonnet", "anthropic")]
    [InlineData("anthropic", "anthropic")]
    [InlineData("gemini", "google")]
    [InlineData("ollama:qwen2.5-coder:7b", "local")]
    [InlineData("openai-chat:gemini-2.5-pro@https://generativelanguage.googleapis.com/v1beta/openai", "google")]
    [InlineData("openai-chat:qwen2.5-coder@http://127.0.0.1:8000/v1", "local")]
    [InlineData("openai-chat:gpt-4.1@http://127.0.0.1:8000/v1", "openai")]
    [InlineData("openai-chat:o3-mini@http://127.0.0.1:8000/v1", "openai")]
    [InlineData("openai-chat:openai/gpt-4o@http://127.0.0.1:8000/v1", "openai")]
    [InlineData("openai-chat:claude-sonnet-4-5@http://127.0.0.1:8000/v1", "anthropic")]
    [InlineData("openai-chat:gemini-2.5-flash@http://127.0.0.1:8000/v1", "google")]
    [InlineData("openai-chat:ollama-thing@http://127.0.0.1:8000/v1", "local")]
    [InlineData("sarif:roslyn.sarif", "analyzer")]
    public void Of_Spec_IsItsFamily(string spec, string family) =>
        Assert.Equal(family, ReviewerFamily.Of(ReviewerSpec.Parse(spec)));

    [Fact]
    public void Of_Command_IsUnknown() =>
        Assert.Null(ReviewerFamily.Of(ReviewerSpec.Parse("command:in-house")));

    [Fact]
    public void Of_OpenAIChatWithoutBaseUrl_FollowsOpenAIBaseUrl()
    {
        var spec = ReviewerSpec.Parse("openai-chat:some-model");
        Assert.Equal("google", ReviewerFamily.Of(spec, name => name == "OPENAI_BASE_URL" ? "https://generativelanguage.googleapis.com/v1beta/openai" : null));
        Assert.Equal("local", ReviewerFamily.Of(spec, _ => null));
    }

    [Theory]
    [InlineData("analyzer", false)]
    [InlineData(null, false)]
    [InlineData("anthropic", true)]
    [InlineData("openai", false)]
    public void IsAuthorFamily_AnalyzersAndUnknownNeverAre(string? family, bool expected) =>
        Assert.Equal(expected, ReviewerFamily.IsAuthorFamily(family, ["anthropic", "analyzer"]));
}
