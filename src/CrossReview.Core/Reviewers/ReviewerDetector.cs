namespace CrossReview.Reviewers;

/// <summary>
/// Finds reviewers that can run with no <c>--reviewer</c> given: API keys in the environment, preferring a family
/// other than the author's. What cannot be found is explained by <see cref="SetupAdvice"/>.
/// </summary>
public static class ReviewerDetector
{
    public sealed record Detection(IReadOnlyList<string> Specs, string? Reason);

    public static Detection Detect(string? authorFamily, Func<string, string?> getEnvironmentVariable)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        var available = new List<(string Spec, string Family, string Why)>();
        if (!string.IsNullOrEmpty(getEnvironmentVariable("OPENAI_API_KEY")))
        {
            available.Add(("openai", AuthorFamily.OpenAI, "OPENAI_API_KEY is set"));
        }

        if (!string.IsNullOrEmpty(getEnvironmentVariable("ANTHROPIC_API_KEY")))
        {
            available.Add(("anthropic", AuthorFamily.Anthropic, "ANTHROPIC_API_KEY is set"));
        }

        if (available.Count == 0)
        {
            return new Detection([], null);
        }

        var other = available.FirstOrDefault(a => a.Family != authorFamily);
        if (other.Spec is not null)
        {
            var because = authorFamily is null ? other.Why : $"{other.Why} and the author is {authorFamily}";
            return new Detection([other.Spec], $"picked reviewer '{other.Spec}': {because}");
        }

        var same = available[0];
        return new Detection([same.Spec],
            $"picked reviewer '{same.Spec}' ({same.Why}), but it is the author's own family ({authorFamily}): a different family catches more");
    }

    /// <summary>Exactly what to set up to get a reviewer, one line each.</summary>
    public static IReadOnlyList<string> SetupAdvice { get; } =
    [
        "export OPENAI_API_KEY=sk-...        then: crossreview review --reviewer openai:gpt-5.4",
        "export ANTHROPIC_API_KEY=sk-ant-... then: crossreview review --reviewer anthropic:claude-sonnet-4-5",
        "ollama serve && ollama pull qwen2.5-coder:7b  then: crossreview review --reviewer ollama:qwen2.5-coder:7b (OLLAMA_HOST for another host)",
        "any OpenAI-compatible server (vLLM, llama.cpp, LM Studio): crossreview review --reviewer openai-chat:MODEL@http://127.0.0.1:8000/v1",
    ];
}
