namespace CrossReview.Reviewers.Detection;

/// <summary>The agent CLIs, in the order detection prefers them.</summary>
public static class AgentClis
{
    public static AgentCliTool Codex { get; } = new(ReviewerProviders.Codex, AuthorFamily.OpenAI,
        "npm install -g @openai/codex", "codex login (or: printenv OPENAI_API_KEY | codex login --with-api-key)");

    public static AgentCliTool Claude { get; } = new(ReviewerProviders.Claude, AuthorFamily.Anthropic,
        "npm install -g @anthropic-ai/claude-code", "claude auth login (or: export ANTHROPIC_API_KEY=sk-ant-...)");

    public static AgentCliTool Gemini { get; } = new(ReviewerProviders.Gemini, AuthorFamily.Google,
        "npm install -g @google/gemini-cli", "gemini (sign in with Google once) or: export GEMINI_API_KEY=...");

    public static IReadOnlyList<AgentCliTool> All { get; } = [Codex, Claude, Gemini];
}
