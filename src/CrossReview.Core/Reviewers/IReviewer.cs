namespace CrossReview.Reviewers;

/// <summary>Anything that can review: a chat model over HTTP, an agent CLI, an analyzer.</summary>
public interface IReviewer
{
    /// <summary>The name shown in reports: the spec as the user wrote it or the config name.</summary>
    string Name { get; }
    string Provider { get; }
    string? Model { get; }

    /// <summary>The panel role from config (<c>general</c>, <c>callers</c>, <c>contracts</c>, <c>impact</c>, <c>security</c>), if any.</summary>
    string? Role => null;

    /// <summary>Sends one prompt. Cancelling <paramref name="cancellationToken"/> must abort the network call or the child process.</summary>
    Task<ReviewerResponse> ReviewAsync(ReviewPrompt prompt, CancellationToken cancellationToken);
}
