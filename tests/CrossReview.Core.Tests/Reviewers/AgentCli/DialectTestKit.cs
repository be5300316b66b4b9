using CrossReview.Prompts;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>A prompt and contexts for unit tests of the dialects (no process is started).</summary>
internal static class DialectTestKit
{
    public const string SystemText = "SYSTEM-INSTRUCTIONS-7c1e: review the change.";
    public const string UserText = "USER-CHANGE-4b2d:\n3#c6c|     for i in range(1, len(values)):\n";

    public static ReviewPrompt Prompt { get; } = new(SystemText, UserText, PromptBuilder.ReviewSchemaName, PromptResources.ReviewSchema, 4000);

    public static AgentCliContext Context(string scratch, string? model = null, string? effort = null, decimal? budget = null) =>
        new("/repo/root", model, effort, budget, scratch);

    public static AgentRunResult Output(string stdout, int exitCode = 0, string stderr = "") => new(exitCode, stdout, stderr);

    /// <summary>The value following <paramref name="flag"/>; fails when the flag is missing or last.</summary>
    public static string After(IReadOnlyList<string> argv, string flag)
    {
        var index = argv.ToList().IndexOf(flag);
        Assert.True(index >= 0 && index + 1 < argv.Count, $"{flag} not in argv: {string.Join(' ', argv)}");
        return argv[index + 1];
    }
}
