namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// What differs between agent CLIs (<c>codex</c>, <c>claude</c>, <c>gemini</c>, a configured command): how to start one
/// for a review and how to read what it printed. Running the process (timeouts, killing its tree, output caps) is the
/// same for all of them and lives in <see cref="AgentCliReviewer"/>.
/// </summary>
internal interface IAgentCliDialect
{
    /// <summary>One of <see cref="ReviewerProviders.All"/>.</summary>
    string Provider { get; }

    /// <summary>The executable's name looked up on PATH (<c>codex</c>), or a configured path.</summary>
    string Executable { get; }

    /// <summary>One line telling how to install the executable, shown when it is not on PATH.</summary>
    string InstallHint { get; }

    /// <summary>The sandbox the reviewer runs in, for the report (<c>read-only</c>, <c>plan</c>, …); null when the tool has none.</summary>
    string? Sandbox { get; }

    /// <summary>Arguments that print the tool's version (<c>--version</c>); empty when it has no such flag.</summary>
    IReadOnlyList<string> VersionArguments { get; }

    /// <summary>The command line, environment and stdin for one review. May write files into <see cref="AgentCliContext.ScratchDirectory"/>.</summary>
    AgentInvocation Build(ReviewPrompt prompt, AgentCliContext context);

    /// <summary>
    /// Turns what the process printed into a response: the review JSON as <see cref="ReviewerResponse.Text"/>, usage,
    /// reported cost and model; or a failure that says why (not logged in, no structured output, garbage).
    /// Called for every process that ended by itself (not killed at the time limit or for printing too much), whatever its
    /// exit code: a non-zero exit must be a failure even when the output looks complete.
    /// </summary>
    ReviewerResponse Interpret(AgentRunResult result, AgentCliContext context);
}
