namespace CrossReview.Reviewers.AgentCli;

/// <summary>How one agent-CLI process ended when nobody cancelled it.</summary>
/// <param name="ExitCode">As the OS reports it; on Unix a process ended by signal N reports 128+N.</param>
/// <param name="Output">stdout, at most the runner's cap; when it overflowed, only its first 64 KiB.</param>
/// <param name="ErrorTail">The end of stderr.</param>
/// <param name="OutputOverflowed">stdout went past the cap, so the process was killed and <paramref name="Output"/> is only its beginning.</param>
internal sealed record AgentProcessResult(int ExitCode, string Output, string ErrorTail, bool OutputOverflowed);
