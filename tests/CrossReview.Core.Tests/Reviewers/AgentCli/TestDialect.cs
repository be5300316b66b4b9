using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>A dialect whose invocation a test chooses, for what every agent CLI shares: stdin, environment, version, scratch directory.</summary>
internal sealed class TestDialect(string executable) : IAgentCliDialect
{
    public string Provider => ReviewerProviders.Codex;
    public string Executable => executable;
    public string InstallHint => "npm install -g fake-agent";
    public string? Sandbox { get; init; } = "read-only";
    public IReadOnlyList<string> VersionArguments { get; init; } = [];
    public IReadOnlyList<string> Arguments { get; init; } = [];
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();
    public string? StandardInput { get; init; }

    /// <summary>The context of the last <see cref="Build"/>.</summary>
    public AgentCliContext? Context { get; private set; }

    public AgentInvocation Build(ReviewPrompt prompt, AgentCliContext context)
    {
        Context = context;
        File.WriteAllText(Path.Combine(context.ScratchDirectory, "schema.json"), prompt.Schema.GetRawText());
        return new AgentInvocation(Arguments, Environment, StandardInput);
    }

    public ReviewerResponse Interpret(AgentRunResult result, AgentCliContext context) =>
        ReviewerResponse.Success(result.StandardOutput, null, "interpreted-model");
}
