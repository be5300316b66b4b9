using System.ComponentModel;
using System.Text;
using CliWrap;

namespace CrossReview.Git;

/// <summary>
/// Runs git with an argument list (never through a shell) in the C locale, so its messages are stable enough to
/// report. A failing call becomes an <see cref="InputException"/> with git's own one-line reason.
/// </summary>
internal sealed class GitCli
{
    private readonly string _executable;

    public GitCli(string executable = "git")
    {
        _executable = executable;
    }

    /// <param name="indexFile">A <c>GIT_INDEX_FILE</c> to use instead of the repository's index.</param>
    public async Task<GitResult> RunAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? indexFile = null)
    {
        using var stdout = new MemoryStream();
        var stderr = new StringBuilder();
        var command = Cli.Wrap(_executable)
            .WithArguments(arguments)
            .WithWorkingDirectory(workingDirectory)
            .WithEnvironmentVariables(env =>
            {
                env.Set("LC_ALL", "C")
                    .Set("LANGUAGE", "C")
                    .Set("GIT_TERMINAL_PROMPT", "0")
                    // Reading must not take locks a concurrent git in the user's shell would trip over.
                    .Set("GIT_OPTIONAL_LOCKS", "0");
                if (indexFile is not null)
                {
                    env.Set("GIT_INDEX_FILE", indexFile);
                }
            })
            .WithStandardInputPipe(PipeSource.Null)
            .WithStandardOutputPipe(PipeTarget.ToStream(stdout))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(stderr))
            .WithValidation(CommandResultValidation.None);

        CommandResult result;
        try
        {
            result = await command.ExecuteAsync(cancellationToken);
        }
        catch (Win32Exception ex)
        {
            throw new InputException($"git was not found ({_executable}): install git and make sure it is on PATH", ex);
        }

        var text = Encoding.UTF8.GetString(stdout.GetBuffer(), 0, (int)stdout.Length);
        return new GitResult(result.ExitCode, text, stderr.ToString());
    }

    /// <summary>Runs git and returns its stdout; a non-zero exit throws an <see cref="InputException"/>.</summary>
    public async Task<string> RunCheckedAsync(string workingDirectory, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? indexFile = null)
    {
        var result = await RunAsync(workingDirectory, arguments, cancellationToken, indexFile);
        if (!result.Succeeded)
        {
            throw new InputException(Describe(arguments, result));
        }

        return result.Stdout;
    }

    /// <summary>One line: git's first <c>fatal:</c>/<c>error:</c> reason, else its first line of stderr, else the exit code.</summary>
    public static string Describe(IReadOnlyList<string> arguments, GitResult result)
    {
        var subcommand = arguments.FirstOrDefault(a => !a.StartsWith('-') && !a.Contains('=', StringComparison.Ordinal)) ?? "command";
        string? reason = null;
        foreach (var raw in result.Stderr.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("fatal: ", StringComparison.Ordinal) || line.StartsWith("error: ", StringComparison.Ordinal))
            {
                reason = line[(line.IndexOf(':', StringComparison.Ordinal) + 2)..];
                break;
            }

            reason ??= line.Length > 0 ? line : null;
        }

        return reason is null
            ? $"git {subcommand} failed with exit code {result.ExitCode}"
            : $"git {subcommand} failed: {reason}";
    }
}
