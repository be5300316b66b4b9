using CrossReview.Budget;
using CrossReview.Reviewers;

namespace CrossReview.Tests.Engine;

/// <summary>An in-memory reviewer for engine tests: the engine's logic, not the wire (the wire has its own tests).</summary>
internal sealed class ScriptedReviewer(string name, Func<CancellationToken, Task<ReviewerResponse>> answer) : IReviewer
{
    public string Name => name;

    public string Provider => "openai";

    public string? Model => "gpt-4.1";

    public Task<ReviewerResponse> ReviewAsync(ReviewPrompt prompt, CancellationToken cancellationToken) => answer(cancellationToken);

    public static ScriptedReviewer Answering(string name, string text, TokenUsage? usage = null) =>
        new(name, _ => Task.FromResult(ReviewerResponse.Success(text, usage ?? new TokenUsage(1000, 0, 100), "gpt-4.1")));
}
