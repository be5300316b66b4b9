namespace CrossReview.Reviewers.AgentCli;

/// <summary>How to start an agent CLI for one review: always an argument list, never a shell string.</summary>
/// <param name="Arguments">The arguments after the executable.</param>
/// <param name="Environment">Variables to set (a null value removes the variable) on top of the inherited environment.</param>
/// <param name="StandardInput">Text written to stdin before it is closed; null means an empty, closed stdin (codex reads a stdin that is not a terminal).</param>
/// <param name="WorkingDirectory">Where the process starts; null means the repository (<see cref="AgentCliContext.WorkingDirectory"/>).</param>
internal sealed record AgentInvocation(
    IReadOnlyList<string> Arguments,
    IReadOnlyDictionary<string, string?> Environment,
    string? StandardInput = null,
    string? WorkingDirectory = null);
