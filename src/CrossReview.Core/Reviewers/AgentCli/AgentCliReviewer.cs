namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// A reviewer that is an agent CLI (<c>codex</c>, <c>claude</c>, <c>gemini</c>, a configured command) started as a child
/// process. The dialect says how to start it and read its output; this class runs it: a fresh scratch directory per
/// review, the environment and working directory from the settings, a capped stdout, and cancellation (the engine's
/// time limit, Ctrl+C) that ends the whole process tree before <see cref="ReviewAsync"/> returns.
/// </summary>
internal sealed class AgentCliReviewer : IReviewer
{
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
            var context = new AgentCliContext(
                WorkingDirectory, Model, _settings.Effort, _settings.MaxBudgetUsd, scratch.FullName, _settings.Command, InheritedVariable);
            var invocation = _dialect.Build(prompt, context);
            AgentProcessResult result;
            try
            {
                result = await _runner.RunAsync(
                    _executable, invocation.Arguments, ChildEnvironment(invocation), invocation.StandardInput, invocation.WorkingDirectory ?? WorkingDirectory, _settings.OutputProgress, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidOperationException e)
            {
                return ReviewerResponse.Failure(e.Message);
            }

            if (result.OutputOverflowed)
            {
                // What it printed is cut off and was never going to be interpreted; the engine bounds the raw text it keeps.
                return ReviewerResponse.Failure(
                    $"'{Tool}' printed more than {_runner.OutputLimit / (1024 * 1024.0):0.##} MiB on stdout, so it was stopped",
                    rawText: result.Output);
            }

            // A non-zero exit is when the CLIs say why they failed (not logged in, a refused key, a failed turn) and
            // what the run spent, so the dialect reads every run that ended by itself.
            var response = _dialect.Interpret(new AgentRunResult(result.ExitCode, result.Output, result.ErrorTail), context);
            var exit = result.ExitCode == 0 ? null : AgentCliText.ExitFailure(Tool, result.ExitCode, result.ErrorTail);
            if (exit is not null && response.Status != ReviewerStatus.Ok && response.Error?.Contains(exit, StringComparison.Ordinal) == false)
            {
                // The dialect says why (a refused key means "log in"); how the process ended and its last stderr lines
                // say the rest.
                response = response with { Error = $"{response.Error} ({exit})" };
            }

            if (exit is not null && response.Status == ReviewerStatus.Ok)
            {
                // A run that failed is never a pass, whatever it printed before it did.
                response = ReviewerResponse.Failure(exit, rawText: result.Output) with
                {
                    Usage = response.Usage,
                    ReportedCostUsd = response.ReportedCostUsd,
                    Model = response.Model,
                };
            }

            return response;
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

    /// <summary>What the child inherits for <paramref name="name"/>: the settings' variable, else this process's.</summary>
    private string? InheritedVariable(string name) =>
        _settings.ChildEnvironment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name);

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
