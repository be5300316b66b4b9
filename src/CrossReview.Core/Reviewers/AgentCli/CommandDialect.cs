namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// A <c>command:NAME</c> reviewer: any program from config (an in-house model, a script) that reads the whole prompt on
/// stdin and prints the <c>crossreview_review</c> JSON on stdout. The engine parses that output defensively, so it is
/// passed on as it is.
/// </summary>
/// <param name="command">The configured argv, program first.</param>
internal sealed class CommandDialect(IReadOnlyList<string> command) : IAgentCliDialect
{
    public string Provider => ReviewerProviders.Command;

    public string Executable => command[0];

    public string InstallHint =>
        "it is the program of this reviewer's `command` in .crossreview.toml or ~/.config/crossreview/config.toml; install it, or give its full path there";

    public string? Sandbox => null;

    /// <summary>An arbitrary program has no known version flag.</summary>
    public IReadOnlyList<string> VersionArguments => [];

    public AgentInvocation Build(ReviewPrompt prompt, AgentCliContext context)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return new AgentInvocation([.. command.Skip(1)], new Dictionary<string, string?>(), AgentCliText.StdinPrompt(prompt));
    }

    public ReviewerResponse Interpret(AgentRunResult result, AgentCliContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tool = Path.GetFileName(command[0]);
        if (result.ExitCode != 0)
        {
            return ReviewerResponse.Failure(AgentCliText.ExitFailure(tool, result.ExitCode, result.StandardError), rawText: result.StandardOutput);
        }

        return string.IsNullOrWhiteSpace(result.StandardOutput)
            ? ReviewerResponse.Failure($"'{tool}' exited with code 0 but printed nothing on stdout")
            : ReviewerResponse.Success(result.StandardOutput, usage: null, model: null);
    }
}
