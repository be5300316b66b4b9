using System.Collections.Concurrent;
using CrossReview.Budget;
using CrossReview.Reviewers;

namespace CrossReview.Tests.Engine;

/// <summary>
/// An in-memory panel reviewer: it answers the review prompt and the vote prompt differently (told apart by their
/// schema name) and keeps every prompt it was sent, so tests can check what a voter was shown.
/// </summary>
internal sealed class PromptScriptedReviewer(string name, Func<ReviewPrompt, int, ReviewerResponse> answer, string? role = null, string provider = "openai") : IReviewer
{
    private readonly ConcurrentQueue<ReviewPrompt> prompts = new();

    public string Name => name;

    public string Provider => provider;

    public string? Model => "gpt-4.1";

    public string? Role => role;

    public IReadOnlyList<ReviewPrompt> Prompts => [.. prompts];

    public int VoteCalls => prompts.Count(p => p.SchemaName == "crossreview_vote");

    public Task<ReviewerResponse> ReviewAsync(ReviewPrompt prompt, CancellationToken cancellationToken)
    {
        prompts.Enqueue(prompt);
        return Task.FromResult(answer(prompt, prompts.Count));
    }

    /// <summary>Answers the review with <paramref name="review"/> and every vote request with <paramref name="vote"/>.</summary>
    public static PromptScriptedReviewer Answering(string name, string review, string vote, string? role = null, string provider = "openai") =>
        new(name, (prompt, _) => Ok(prompt.SchemaName == "crossreview_vote" ? vote : review), role, provider);

    public static ReviewerResponse Ok(string text) => ReviewerResponse.Success(text, new TokenUsage(1000, 0, 100), "gpt-4.1");
}
