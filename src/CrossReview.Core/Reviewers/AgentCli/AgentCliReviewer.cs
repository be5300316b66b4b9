using System.Globalization;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// A reviewer that is an agent CLI (<c>codex</c>, <c>claude</c>, <c>gemini</c>, a configured command) started as a child
/// process. The dialect says how to start it and read its output; this class runs it: a fresh scratch directory per
/// review, the environment and working directory from the settings, a capped stdout, and cancellation (the engine's
/// time limit, Ctrl+C) that ends the whole process tree before <see cref="ReviewAsync"/> returns.
/// </summary>
internal sealed class AgentCliReviewer : IReviewer
{
    private const int RawOutputChars = 64 * 1024;
    private const int ErrorLines = 5;
    private const int ErrorChars = 1000;
    private static readonly TimeSpan VersionTimeout = TimeSpan.FromSeconds(10);

    private readonly IAgentCliDialect _dialect;
    private readonly string _executable;
    private readonly ReviewerSettings _settings;
    private readonly AgentProcessRunner _runner;
    private readonly AgentProcessRunner _versionRunner;
    private string? _version;
    private bool _versionRead;

    /// <param name="executable">The full path of the tool, as <see cref="ExecutableLocator"/> resolved it.</param>
    /// <param name="model">The model to ask for; null for the tool's default.</param>
    public AgentCliReviewer(string name, IAgentCliDialect dialect, string executable, string? model, ReviewerSettings settings)
        : this(name, dialect, executable, model, settings, new AgentProcessRunner(settings.TimeProvider))
    {
    }

    /// <param name="runner">Runs the review itself; tests lower its output cap.</param>
    public AgentCliReviewer(string name, IAgentCliDialect dialect, string executable, string? model, ReviewerSettings settings, AgentProcessRunner runner)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(runner);
        Name = name;
        Model = model;
        _dialect = dialect;
        _executable = executable;
        _settings = settings;
        _runner = runner;
        // A version is one short line: a tool printing more there is broken, and only the first line is read.
        _versionRunner = new AgentProcessRunner(settings.TimeProvider) { OutputLimit = 64 * 1024, GracePeriod = TimeSpan.FromSeconds(1) };
    }

    public string Name { get; }
    public string Provider => _dialect.Provider;
    public string? Model { get; }
    public string? Role => _settings.Role;

    private string WorkingDirectory => _settings.WorkingDirectory ?? Directory.GetCurrentDirectory();

    private string Tool => Path.GetFileName(_executable);

    public async Task<ReviewerResponse> ReviewAsync(ReviewPrompt prompt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        // Asked alongside the review, so a slow or broken --version costs no time and fails nothing.
        var version = VersionAsync(cancellationToken);
        ReviewerResponse response;
        try
        {
            response = await RunAsync(prompt, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Its process must be gone too before this reviewer gives up.
            await ((Task)version).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        return response with { Details = new ReviewerDetails(await version.ConfigureAwait(false), _dialect.Sandbox, _settings.Effort) };
    }

    private async Task<ReviewerResponse> RunAsync(ReviewPrompt prompt, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("crossreview-agent-");
        try
        {
            var context = new AgentCliContext(WorkingDirectory, Model, _settings.Effort, _settings.MaxBudgetUsd, scratch.FullName, _settings.Command);
            var invocation = _dialect.Build(prompt, context);
            AgentProcessResult result;
            try
            {
                result = await _runner.RunAsync(
                    _executable, invocation.Arguments, ChildEnvironment(invocation), invocation.StandardInput, WorkingDirectory, _settings.OutputProgress, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                return ReviewerResponse.Failure(e.Message);
            }

            if (result.OutputOverflowed)
            {
                return ReviewerResponse.Failure(
                    $"'{Tool}' printed more than {_runner.OutputLimit / (1024 * 1024.0):0.##} MiB on stdout, so it was stopped",
                    rawText: Truncate(result.Output));
            }

            var interpreted = _dialect.Interpret(new AgentRunResult(result.ExitCode, result.Output, result.ErrorTail, OutputTruncated: false), context);
            if (result.ExitCode != 0)
            {
                // Never a pass, whatever was printed; but the dialect knows its tool's failures (a refused key means "log
                // in") and what a failed run spent, which the exit code alone would hide.
                var exit = $"'{Tool}' {DescribeExit(result.ExitCode)}; {DescribeErrors(result.ErrorTail)}";
                return interpreted.Status == ReviewerStatus.Ok
                    ? ReviewerResponse.Failure(exit, rawText: result.Output.Length > 0 ? Truncate(result.Output) : null)
                    : interpreted with { Error = $"{interpreted.Error} ({exit})" };
            }

            return interpreted;
        }
        finally
        {
            DeleteScratch(scratch);
        }
    }

    /// <summary>The first non-empty line the tool prints for its version arguments, or null; read once per reviewer.</summary>
    private async Task<string?> VersionAsync(CancellationToken cancellationToken)
    {
        if (_versionRead || _dialect.VersionArguments.Count == 0)
        {
            return _version;
        }

        using var timeout = new CancellationTokenSource(VersionTimeout, _settings.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string? version = null;
        try
        {
            var result = await _versionRunner.RunAsync(
                _executable, _dialect.VersionArguments, ChildEnvironment(null), null, WorkingDirectory, null, linked.Token).ConfigureAwait(false);
            version = result.ExitCode == 0
                ? result.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0)
                : null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: the report shows no version, the review itself goes on.
        }
        catch (InvalidOperationException)
        {
            // Could not start: the review's own start fails with the reason.
        }

        _version = version;
        _versionRead = true;
        return version;
    }

    /// <summary>Inherited, then the settings' variables, then the dialect's: the later wins, a null removes.</summary>
    private Dictionary<string, string?> ChildEnvironment(AgentInvocation? invocation)
    {
        var environment = new Dictionary<string, string?>(_settings.ChildEnvironment, StringComparer.Ordinal);
        foreach (var (name, value) in invocation?.Environment ?? new Dictionary<string, string?>())
        {
            environment[name] = value;
        }

        return environment;
    }

    private static string DescribeExit(int exitCode)
    {
        // On Unix a process ended by signal N reports 128+N (a .NET crash aborts: SIGABRT, 134).
        // SIGCHLD, SIGCONT, SIGURG and SIGWINCH end no process: such a code is the tool's own (gemini exits 145).
        if (!OperatingSystem.IsWindows() && exitCode is > 128 and <= 128 + 64 && exitCode - 128 is not (17 or 18 or 23 or 28))
        {
            var signal = exitCode - 128;
            var name = signal switch
            {
                2 => " (SIGINT)",
                6 => " (SIGABRT, a crash)",
                9 => " (SIGKILL)",
                11 => " (SIGSEGV, a crash)",
                15 => " (SIGTERM)",
                _ => "",
            };
            return string.Create(CultureInfo.InvariantCulture, $"was killed by signal {signal}{name} (exit code {exitCode})");
        }

        return string.Create(CultureInfo.InvariantCulture, $"exited with code {exitCode}");
    }

    /// <summary>The last lines of stderr on one line: they usually say why (not logged in, a refused request, a stack trace's message).</summary>
    private static string DescribeErrors(string errorTail)
    {
        var lines = errorTail.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).TakeLast(ErrorLines).ToList();
        if (lines.Count == 0)
        {
            return "it printed nothing on stderr";
        }

        var text = string.Join(" | ", lines);
        return "stderr: " + (text.Length <= ErrorChars ? text : "…" + text[^ErrorChars..]);
    }

    private static string Truncate(string text) => text.Length <= RawOutputChars ? text : text[..RawOutputChars];

    private static void DeleteScratch(DirectoryInfo scratch)
    {
        try
        {
            scratch.Delete(recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A file the tool left read-only or still open must not turn a finished review into a failure; the
            // directory is under the system's temp folder, which is cleaned anyway.
        }
    }
}
