namespace CrossReview.Reviewers;

/// <summary>The provider names a reviewer spec may start with, and what each one defaults to.</summary>
public static class ReviewerProviders
{
    /// <summary>OpenAI Responses API (<c>POST {base}/responses</c>).</summary>
    public const string OpenAI = "openai";
    /// <summary>OpenAI Chat Completions, also every OpenAI-compatible server (vLLM, llama.cpp, LM Studio, Gemini's compatible endpoint).</summary>
    public const string OpenAIChat = "openai-chat";
    /// <summary>Anthropic Messages API.</summary>
    public const string Anthropic = "anthropic";
    /// <summary>Ollama's native <c>/api/chat</c>.</summary>
    public const string Ollama = "ollama";
    public const string Codex = "codex";
    public const string Claude = "claude";
    public const string Gemini = "gemini";
    public const string Command = "command";
    public const string Sarif = "sarif";

    /// <summary>Every name <see cref="ReviewerSpec.Parse"/> accepts, in the order error messages list them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [OpenAI, OpenAIChat, Anthropic, Ollama, Codex, Claude, Gemini, Command, Sarif];

    /// <summary>The providers that talk to a chat model over HTTP through <c>IChatClient</c>.</summary>
    public static IReadOnlyList<string> Chat { get; } = [OpenAI, OpenAIChat, Anthropic, Ollama];

    /// <summary>The providers that run an agent CLI or a configured command as a child process.</summary>
    public static IReadOnlyList<string> AgentCli { get; } = [Codex, Claude, Gemini, Command];

    /// <summary>
    /// The model used when a spec names none: <c>openai</c> → <c>gpt-5.4</c>, <c>openai-chat</c> → <c>gpt-5.4-mini</c>,
    /// <c>anthropic</c> → <c>claude-sonnet-4-5</c>, <c>ollama</c> → <c>qwen2.5-coder:7b</c>; null for the others,
    /// whose tools pick their own default.
    /// </summary>
    public static string? DefaultModel(string provider) => provider switch
    {
        OpenAI => "gpt-5.4",
        OpenAIChat => "gpt-5.4-mini",
        Anthropic => "claude-sonnet-4-5",
        Ollama => "qwen2.5-coder:7b",
        _ => null,
    };

    /// <summary>
    /// Providers whose reviewer is a static analyzer rather than a model (<c>sarif</c>): its findings are exact, kept only on
    /// changed lines, and a model's finding on the same lines is merged with it.
    /// </summary>
    public static bool IsAnalyzer(string provider) => provider == Sarif;

    internal static string ValidList => string.Join(", ", All);
}
