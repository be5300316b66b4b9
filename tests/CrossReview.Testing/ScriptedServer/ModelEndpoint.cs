namespace CrossReview.Testing.ScriptedServer;

/// <summary>The model APIs <see cref="ScriptedModelServer"/> speaks.</summary>
public enum ModelEndpoint
{
    /// <summary>OpenAI Chat Completions, <c>POST /v1/chat/completions</c>.</summary>
    ChatCompletions,
    /// <summary>OpenAI Responses, <c>POST /v1/responses</c>.</summary>
    Responses,
    /// <summary>Anthropic Messages, <c>POST /v1/messages</c>.</summary>
    AnthropicMessages,
    /// <summary>Ollama chat, <c>POST /api/chat</c>.</summary>
    OllamaChat,
    /// <summary>Gemini <c>POST /v1beta/models/MODEL:generateContent</c> and <c>:streamGenerateContent?alt=sse</c> (what the gemini CLI calls).</summary>
    GeminiGenerateContent,
}
