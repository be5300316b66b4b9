using CrossReview.Prompts;

namespace CrossReview.Cli.Commands;

/// <summary>What makes one reviewing command differ from another on the shared run path.</summary>
/// <param name="Mode">The report's <c>mode</c> (<c>review</c>, <c>adversarial</c>, <c>panel</c>).</param>
/// <param name="Prompt">The stance the reviewers are prompted with.</param>
/// <param name="Focus">The user's own guidance, sent outside the untrusted fence; null when none was given.</param>
internal sealed record ReviewInvocation(string Mode, ReviewPromptKind Prompt, string? Focus)
{
    /// <summary>Set for <c>crossreview panel</c>: the reviewers then review by role and vote on each other's findings.</summary>
    public PanelSettings? Panel { get; init; }
}
