using System.Diagnostics;
using System.Text;
using CliWrap;
using CliWrap.Exceptions;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// Runs one agent-CLI process through CliWrap: an argument list (never a shell string), stdin given or empty and
/// closed, stdout capped, only the tail of stderr kept. Cancellation is graceful first (SIGINT, so the tool can clean
/// up), forceful after <see cref="GracePeriod"/>, and reaches the whole process tree (<see cref="ProcessTreeGuard"/>):
/// <see cref="RunAsync"/> returns or throws only once no process of the run is left that the guard can find. Once the
/// root has exited, stdout and stderr get <see cref="OutputDrainWait"/> to reach their end: a descendant the guard cannot
/// see may hold them open for ever, and what the root printed is all there is to read.
/// </summary>
internal sealed class AgentProcessRunner(TimeProvider timeProvider)
{
    public const int DefaultOutputLimit = 16 * 1024 * 1024;
    private const int ErrorTailBytes = 64 * 1024;

    /// <summary>How much of an overflowing stdout is decoded: enough to see what the tool was printing.</summary>
    private const int OverflowSampleBytes = 64 * 1024;

    private static readonly Encoding Utf8 = new UTF8Encoding(false);

    /// <summary>How much stdout is kept; past it the process is killed.</summary>
    public int OutputLimit { get; init; } = DefaultOutputLimit;

    /// <summary>How long a cancelled process has between SIGINT and SIGKILL.</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long stdout and stderr may stay open after the root process exited before reading stops.</summary>
    public TimeSpan OutputDrainWait { get; init; } = TimeSpan.FromSeconds(2);

    /// <param name="progress">Receives how many bytes of stdout arrived so far.</param>
    /// <param name="environment">Set on top of the inherited environment; a null value removes a variable.</param>
    /// <param name="standardInput">Written to stdin, which is then closed; null gives an empty, closed stdin.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired; the process tree is gone.</exception>
    /// <exception cref="InvalidOperationException">The executable could not be started.</exception>
    public async Task<AgentProcessResult> RunAsync(
        string executable,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string?> environment,
        string? standardInput,
        string workingDirectory,
        IProgress<int>? progress,
        CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var graceful = new CancellationTokenSource();
        using var forceful = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);
        var output = new BoundedOutput(OutputLimit, forceful.Cancel, progress);
        var errors = new OutputTail(ErrorTailBytes);

        using var drained = new CancellationTokenSource(Timeout.InfiniteTimeSpan, timeProvider);

        var marker = ProcessTreeGuard.NewMarker();
        var variables = environment.ToDictionary(v => v.Key, v => v.Value);
        variables[marker] = "1";
        var command = Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(variables)
            .WithStandardInputPipe(standardInput is null ? PipeSource.Null : PipeSource.FromString(standardInput, Utf8))
            .WithStandardOutputPipe(PipeTarget.Create((stream, token) => ReadUntilDrainedAsync(output.ReadAsync, stream, token, drained.Token)))
            .WithStandardErrorPipe(PipeTarget.Create((stream, token) => ReadUntilDrainedAsync(errors.ReadAsync, stream, token, drained.Token)))
            .WithValidation(CommandResultValidation.None);

        CommandTask<CommandResult> running;
        try
        {
            running = command.ExecuteAsync(forceful.Token, graceful.Token);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"could not start '{executable}': {e.InnerException?.Message ?? e.Message}", e);
        }

        int exitCode;
        using var stopWatching = new CancellationTokenSource();
        var rootWatch = DrainAfterRootExitAsync(running.ProcessId, drained, stopWatching.Token);
        await using (ProcessTreeGuard.Watch(running.ProcessId, marker, timeProvider).ConfigureAwait(false))
        {
            using var cancelled = cancellationToken.Register(() =>
            {
                graceful.Cancel();
                forceful.CancelAfter(GracePeriod);
            });
            try
            {
                exitCode = (await running.ConfigureAwait(false)).ExitCode;
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException && (cancellationToken.IsCancellationRequested || output.Overflowed))
            {
                // CliWrap throws once it killed the root (or gave up waiting for it); the guard's disposal ends the rest.
                exitCode = -1;
            }
            finally
            {
                await stopWatching.CancelAsync().ConfigureAwait(false);
                await rootWatch.ConfigureAwait(false);
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new AgentProcessResult(
            exitCode, output.Overflowed ? output.Text(OverflowSampleBytes) : output.Text(), errors.Text(), output.Overflowed);
    }

    /// <summary>Once the root process has exited, gives its output <see cref="OutputDrainWait"/> more, then ends the reading.</summary>
    private async Task DrainAfterRootExitAsync(int rootId, CancellationTokenSource drained, CancellationToken stop)
    {
        try
        {
            using var root = Process.GetProcessById(rootId);
            await root.WaitForExitAsync(stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The run ended (its output reached its end, or it was cancelled) before this wait did.
            return;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // It exited (and was reaped) before it could be looked up.
        }

        drained.CancelAfter(OutputDrainWait);
    }

    /// <summary>Reads a stream to its end, or until <paramref name="drained"/>: what it holds after that is abandoned.</summary>
    private static async Task ReadUntilDrainedAsync(
        Func<Stream, CancellationToken, Task> read, Stream stream, CancellationToken cancellationToken, CancellationToken drained)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, drained);
        try
        {
            await read(stream, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (drained.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // A descendant the tree guard could not find still holds the pipe open; the root said all it had to say.
        }
    }
}
