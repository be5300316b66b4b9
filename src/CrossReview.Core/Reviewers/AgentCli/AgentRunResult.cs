namespace CrossReview.Reviewers.AgentCli;

/// <summary>What an agent CLI printed before it exited by itself, with any exit code (stdout within the runner's cap).</summary>
internal sealed record AgentRunResult(int ExitCode, string StandardOutput, string StandardError);
