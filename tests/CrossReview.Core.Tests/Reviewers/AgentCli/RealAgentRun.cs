using CliWrap;
using CliWrap.Buffered;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing.AgentClis;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// Starts a real agent CLI the way a reviewer would (argument list, environment on top of ours, the prompt on stdin,
/// then stdin closed), through the argv-recording wrapper first on PATH.
/// </summary>
internal static class RealAgentRun
{
    /// <summary>Far above a normal run (seconds); a CLI that retries forever fails the test instead of hanging it.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    public static async Task<AgentRunResult> RunAsync(
        IAgentCliDialect dialect, AgentInvocation invocation, AgentCliHome home, ArgvRecorder recorder, string workingDirectory)
    {
        var environment = new Dictionary<string, string?>(home.Environment, StringComparer.Ordinal)
        {
            ["PATH"] = recorder.PathWith(Environment.GetEnvironmentVariable("PATH")),
        };
        foreach (var (name, value) in invocation.Environment)
        {
            environment[name] = value;
        }

        var executable = ExecutableLocator.Find(dialect.Executable, name => environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name))
            ?? throw new InvalidOperationException($"{dialect.Executable} is not on the test's PATH");
        Assert.StartsWith(recorder.Directory, executable, StringComparison.Ordinal);

        using var limit = new CancellationTokenSource(Limit);
        var result = await Cli.Wrap(executable)
            .WithArguments(invocation.Arguments)
            .WithWorkingDirectory(invocation.WorkingDirectory ?? workingDirectory)
            .WithEnvironmentVariables(environment)
            .WithStandardInputPipe(PipeSource.FromString(invocation.StandardInput ?? ""))
            .WithValidation(CommandResultValidation.None)
            .ExecuteBufferedAsync(limit.Token);
        return new AgentRunResult(result.ExitCode, result.StandardOutput, result.StandardError);
    }
}
