using System.ComponentModel;
using System.Text;
using CliWrap;

namespace CrossReview.Setup;

/// <summary>
/// Runs a short read-only command with an argument list, a closed stdin (codex reads a non-terminal stdin and would
/// wait) and a time limit after which the whole process tree is killed.
/// </summary>
internal sealed class ToolRunner(TimeSpan timeout, TimeProvider timeProvider, IReadOnlyDictionary<string, string?> environment)
{
    /// <summary>Output beyond this is dropped: a version or a status fits in far less.</summary>
    private const int MaxOutputChars = 64 * 1024;

    /// <param name="workingDirectory">Where the command starts; null for this process's current directory.</param>
    public async Task<ToolRun> RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? workingDirectory = null)
    {
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        using var limit = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token);
        var command = Cli.Wrap(executable)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory ?? Directory.GetCurrentDirectory())
            .WithEnvironmentVariables(environment)
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToDelegate(line => Append(stdout, line)))
            .WithStandardErrorPipe(PipeTarget.ToDelegate(line => Append(stderr, line)))
            .WithValidation(CommandResultValidation.None);
        try
        {
            var result = await command.ExecuteAsync(linked.Token).ConfigureAwait(false);
            return new ToolRun(result.ExitCode, stdout.ToString(), stderr.ToString(), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ToolRun(null, stdout.ToString(), stderr.ToString(), $"no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (Win32Exception ex)
        {
            return new ToolRun(null, "", "", $"could not start: {ex.Message}");
        }
    }

    private static void Append(StringBuilder builder, string line)
    {
        lock (builder)
        {
            if (builder.Length < MaxOutputChars)
            {
                builder.AppendLine(line);
            }
        }
    }
}
