namespace CrossReview.Reviewers.AgentCli;

/// <summary>What an agent CLI printed before it exited by itself.</summary>
/// <param name="OutputTruncated">stdout went past the cap and only its beginning was kept.</param>
internal sealed record AgentRunResult(int ExitCode, string StandardOutput, string StandardError, bool OutputTruncated);
