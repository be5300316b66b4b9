namespace CrossReview.Reviewers.Detection;

/// <summary>A reviewer that is configured or could be detected, and whether it can run here.</summary>
/// <param name="Name">What <c>--reviewer</c> takes: the config name, or the inline spec of a detected one.</param>
/// <param name="Spec">The inline spec it stands for (<c>PROVIDER[:MODEL][@BASE_URL]</c>).</param>
/// <param name="Family">See <see cref="ReviewerFamily.Of"/>; null when unknown (a command).</param>
/// <param name="Detail">Why it is available (<c>codex on PATH: /usr/bin/codex</c>) or why not (<c>OPENAI_API_KEY not set</c>).</param>
/// <param name="Fix">The command that makes an unavailable one available; null when it is available.</param>
public sealed record ReviewerCandidate(string Name, ReviewerSpec Spec, string? Family, bool Available, string Detail, string? Fix)
{
    /// <summary>Comes from <c>[reviewers.NAME]</c> in config rather than from the environment.</summary>
    public bool Configured { get; init; }

    /// <summary>The panel role from config.</summary>
    public string? Role { get; init; }
}
