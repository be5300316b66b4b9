namespace CrossReview.Testing.ScriptedServer;

/// <summary>Token counts a scripted answer reports, in each protocol's own fields.</summary>
/// <param name="CachedInputTokens">Part of <paramref name="InputTokens"/> served from the prompt cache (Ollama has no such field).</param>
public sealed record ScriptedUsage(long InputTokens, long CachedInputTokens, long OutputTokens);
