using System.CommandLine;
using System.Runtime.InteropServices;
using CrossReview.Cli.Commands;
using CrossReview.Engine;

namespace CrossReview.Cli;

/// <summary>Builds the command tree and owns the process-wide concerns: exit codes, Ctrl+C, one-line errors.</summary>
internal static class CrossReviewApp
{
    /// <summary>How long a cancelled run may take to unwind before the process ends anyway (a library that ignores cancellation must not keep it alive).</summary>
    private static readonly TimeSpan TerminationGrace = TimeSpan.FromSeconds(5);

    public static RootCommand Build(CliEnvironment env)
    {
        var root = new RootCommand("crossreview: a change written by one model, reviewed by others.\n" +
                                   "Exit codes: 0 completed, 1 findings at or above --fail-on, 2 usage/config/input error, 3 review could not complete, 130 cancelled.");
        root.Add(ReviewCommand.Create(env));
        root.Add(AdversarialCommand.Create(env));
        root.Add(PanelCommand.Create(env));
        root.Add(ReviewersCommand.Create(env));
        root.Add(DoctorCommand.Create(env));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliEnvironment env)
    {
        var root = Build(env);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await env.Error.WriteLineAsync(env.Redact($"crossreview: {error.Message}")).ConfigureAwait(false);
            }

            await env.Error.WriteLineAsync("Run 'crossreview --help' for usage.").ConfigureAwait(false);
            return ExitCodes.UsageError;
        }

        using var cancellation = new CancellationTokenSource();
        var interrupts = 0;
        var finished = 0;
        void ExitAfterGrace() => _ = Task.Delay(TerminationGrace).ContinueWith(_ =>
        {
            if (Volatile.Read(ref finished) == 0)
            {
                Environment.Exit(ExitCodes.Cancelled);
            }
        }, TaskScheduler.Default);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // The first Ctrl+C cancels HTTP calls and child processes and lets the run unwind; a second one ends the process.
            if (Interlocked.Increment(ref interrupts) > 1)
            {
                Environment.Exit(ExitCodes.Cancelled);
            }

            e.Cancel = true;
            cancellation.Cancel();
            ExitAfterGrace();
        };
        Console.CancelKeyPress += onCancel;
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            // Same as Ctrl+C, but a supervisor that sent SIGTERM will not send it twice: give the run a grace period.
            context.Cancel = true;
            cancellation.Cancel();
            ExitAfterGrace();
        });

        try
        {
            var config = new InvocationConfiguration
            {
                Output = env.Out,
                Error = env.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            };
            return await parse.InvokeAsync(config, cancellation.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await env.Error.WriteLineAsync("crossreview: cancelled").ConfigureAwait(false);
            return ExitCodes.Cancelled;
        }
        catch (InputException ex)
        {
            await env.Error.WriteLineAsync(env.Redact($"crossreview: {OneLine(ex.Message)}")).ConfigureAwait(false);
            return ExitCodes.UsageError;
        }
        finally
        {
            Volatile.Write(ref finished, 1);
            Console.CancelKeyPress -= onCancel;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
