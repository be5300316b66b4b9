using CrossReview.Configuration;
using CrossReview.Git;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Reviewers.Detection;
using CrossReview.Reviewers.Http;

namespace CrossReview.Setup;

/// <summary>
/// <c>crossreview doctor</c>'s checks: git, each agent CLI (on PATH, version, logged in), the API keys (present or
/// not, never their value), the servers the base URL variables, <c>OLLAMA_HOST</c> and the config name, the config
/// itself, and each configured reviewer. Every problem comes with the command that fixes it. Then the one check that
/// decides the exit code: what a plain <c>crossreview review</c> here would run (the <c>default_profile</c>'s
/// reviewers, every one of which must be ready, else the reviewer detection picks) and whether it can.
/// </summary>
public sealed class Doctor
{
    private const string InstallGit = "install git: sudo apt-get install git | brew install git | winget install Git.Git (https://git-scm.com/downloads)";

    private readonly DoctorSettings _settings;
    private readonly ToolRunner _runner;
    private readonly EndpointProbe _probe;
    private readonly ReviewerDetector _detector;

    public Doctor(DoctorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _runner = new ToolRunner(settings.CommandTimeout, settings.TimeProvider, settings.ChildEnvironment);
        _probe = new EndpointProbe(settings.ProbeTimeout, settings.TimeProvider);
        _detector = new ReviewerDetector(settings.GetEnvironmentVariable, _probe, _runner);
    }

    public async Task<DoctorReport> RunAsync(CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        var ready = new List<string>();

        var git = GitAsync(cancellationToken);
        var clis = AgentClis.All.Select(cli => CliAsync(cli, cancellationToken)).ToList();
        var ollama = _detector.OllamaAsync(cancellationToken);
        var servers = BaseUrlVariablesAsync(cancellationToken);

        var (gitChecks, repositoryRoot) = await git.ConfigureAwait(false);
        checks.AddRange(gitChecks);
        foreach (var cli in clis)
        {
            var (check, isReady) = await cli.ConfigureAwait(false);
            checks.Add(check);
            AddIf(ready, isReady, check.Name);
        }

        var unreachable = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (variable, check) in await servers.ConfigureAwait(false))
        {
            checks.Add(check);
            if (check.Status != DoctorStatus.Ok)
            {
                unreachable.Add(variable);
            }
        }

        foreach (var keyed in ReviewerDetector.KeyedReviewers)
        {
            var candidate = _detector.Key(keyed);
            checks.Add(candidate.Available
                ? new DoctorCheck("key", keyed.Variable, DoctorStatus.Ok, $"set (reviewer '{candidate.Name}')", null)
                : new DoctorCheck("key", keyed.Variable, DoctorStatus.Warning, "not set", keyed.Fix));
            AddIf(ready, candidate.Available && !unreachable.Contains(BaseUrlVariableOf(candidate.Spec)), candidate.Name);
        }

        var local = await ollama.ConfigureAwait(false);
        checks.Add(new DoctorCheck("server", ProviderConnection.OllamaHostVariable, local.Available ? DoctorStatus.Ok : DoctorStatus.Warning, local.Detail, local.Fix));
        AddIf(ready, local.Available, local.Name);

        var config = LoadConfig(checks);
        var readiness = new Dictionary<string, DoctorCheck>(StringComparer.Ordinal);
        if (config is not null)
        {
            foreach (var candidate in await _detector.ConfiguredAsync(config, repositoryRoot, cancellationToken).ConfigureAwait(false))
            {
                var (check, isReady) = await ReadinessAsync(candidate, unreachable, local, cancellationToken).ConfigureAwait(false);
                checks.Add(check);
                readiness[candidate.Name] = check;
                AddIf(ready, isReady, candidate.Name);
            }

            checks.Add(await PlainReviewAsync(config, repositoryRoot, readiness, unreachable, local, ready, cancellationToken).ConfigureAwait(false));
        }

        return new DoctorReport(checks, ready);
    }

    /// <summary>
    /// What <c>crossreview review</c> with no <c>--reviewer</c> or <c>--profile</c> would run here, and whether it can:
    /// the reviewers of <c>default_profile</c> (each must be ready: a review runs them all), else the reviewer detection
    /// picks for an author told by the environment (a plain review of the working tree has no commits to read trailers
    /// from). Its status is <see cref="DoctorStatus.Problem"/> when that review would fail, so doctor exits 1.
    /// </summary>
    private async Task<DoctorCheck> PlainReviewAsync(
        CrossReviewConfig config, string? repositoryRoot, Dictionary<string, DoctorCheck> readiness, HashSet<string> unreachable,
        ReviewerCandidate local, List<string> ready, CancellationToken cancellationToken)
    {
        NamedReviewers named;
        try
        {
            named = new ReviewerResolver(config).Select([], null);
        }
        catch (InputException ex)
        {
            return new DoctorCheck("review", "review", DoctorStatus.Problem, $"default_profile cannot be used: {ex.Message}", "fix default_profile or the profile's reviewers in the config file");
        }

        if (named.Reviewers.Count > 0)
        {
            var profile = named.Profile!.Name;
            var broken = new List<(string Name, DoctorCheck Check)>();
            foreach (var reviewer in named.Reviewers)
            {
                if (!readiness.TryGetValue(reviewer.Name, out var check))
                {
                    var candidate = await _detector.CheckAsync(reviewer, repositoryRoot, cancellationToken).ConfigureAwait(false);
                    (check, _) = await ReadinessAsync(candidate, unreachable, local, cancellationToken).ConfigureAwait(false);
                }

                if (check.Status != DoctorStatus.Ok)
                {
                    broken.Add((reviewer.Name, check));
                }
            }

            var names = string.Join(", ", named.Reviewers.Select(r => r.Name));
            if (broken.Count == 0)
            {
                return new DoctorCheck("review", "review", DoctorStatus.Ok, $"crossreview review would run profile '{profile}' (default_profile): {names}", null);
            }

            var fixes = broken.Select(b => b.Check.Fix is null ? null : $"{b.Name}: {b.Check.Fix}").OfType<string>();
            return new DoctorCheck("review", "review", DoctorStatus.Problem,
                $"crossreview review would run profile '{profile}' (default_profile): {names}; it would fail: " +
                string.Join("; ", broken.Select(b => $"{b.Name}: {b.Check.Detail}")),
                string.Join("; ", fixes) + Alternative(ready, broken.Select(b => b.Name), "--reviewer"));
        }

        var author = AuthorFamily.FromEnvironment(_settings.GetEnvironmentVariable);
        var selection = await _detector.SelectAsync([], author, cancellationToken).ConfigureAwait(false);
        if (selection.Specs.Count == 0)
        {
            return new DoctorCheck("review", "review", DoctorStatus.Problem, "crossreview review would find no reviewer: none is installed, logged in or has a key",
                "set up one of the reviewers above (each 'fix:' line says how), then run crossreview doctor again");
        }

        var picked = selection.Specs[0];
        var baseUrlVariable = BaseUrlVariableOf(picked);
        if (unreachable.Contains(baseUrlVariable))
        {
            return new DoctorCheck("review", "review", DoctorStatus.Problem,
                $"crossreview review would pick '{picked.SafeText}', whose server ({baseUrlVariable}) does not answer",
                $"unset {baseUrlVariable}, or start the server it names" + Alternative(ready, [picked.Text], "--reviewer"));
        }

        var same = selection.SameFamily ? $" (warning: {selection.Warning})" : "";
        return new DoctorCheck("review", "review", DoctorStatus.Ok, $"crossreview review would run '{picked.SafeText}': {selection.Reason}{same}", null);
    }

    /// <summary><c>, or: crossreview review --reviewer X</c> naming a ready reviewer that is not among <paramref name="failing"/>; empty when there is none.</summary>
    private static string Alternative(IReadOnlyList<string> ready, IEnumerable<string> failing, string option)
    {
        var excluded = failing.ToHashSet(StringComparer.Ordinal);
        return ready.FirstOrDefault(r => !excluded.Contains(r)) is { } other ? $", or: crossreview review {option} {other}" : "";
    }

    private static void AddIf(List<string> ready, bool condition, string name)
    {
        if (condition)
        {
            ready.Add(name);
        }
    }

    /// <returns>The checks, and the repository root (the folder itself outside a repository or without git).</returns>
    private async Task<(IReadOnlyList<DoctorCheck> Checks, string? RepositoryRoot)> GitAsync(CancellationToken cancellationToken)
    {
        var cli = new GitCli();
        var directory = _settings.WorkingDirectory ?? Directory.GetCurrentDirectory();
        GitResult version;
        try
        {
            version = await cli.RunAsync(directory, ["--version"], cancellationToken).ConfigureAwait(false);
        }
        catch (InputException)
        {
            return ([new DoctorCheck("git", "git", DoctorStatus.Problem, "git not found on PATH", InstallGit)], directory);
        }

        if (!version.Succeeded)
        {
            return ([new DoctorCheck("git", "git", DoctorStatus.Problem, GitCli.Describe(["--version"], version), InstallGit)], directory);
        }

        var top = await cli.RunAsync(directory, ["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false);
        return (
        [
            new DoctorCheck("git", "git", DoctorStatus.Ok, version.Stdout.Trim(), null),
            top.Succeeded
                ? new DoctorCheck("git", "repository", DoctorStatus.Ok, top.Stdout.Trim(), null)
                : new DoctorCheck("git", "repository", DoctorStatus.Warning, $"{directory} is not inside a git repository",
                    "run crossreview inside a repository, or pass -C DIR (--diff FILE reviews a patch without one)"),
        ], top.Succeeded ? Path.GetFullPath(top.Stdout.Trim()) : directory);
    }

    private async Task<(DoctorCheck Check, bool Ready)> CliAsync(AgentCliTool cli, CancellationToken cancellationToken)
    {
        var path = ExecutableLocator.Find(cli.Name, _settings.GetEnvironmentVariable);
        if (path is null)
        {
            return (new DoctorCheck("cli", cli.Name, DoctorStatus.Warning, $"{cli.Name} not on PATH", cli.Install), false);
        }

        var version = await _runner.RunAsync(path, ["--version"], cancellationToken).ConfigureAwait(false);
        if (!version.Succeeded)
        {
            var why = version.Error ?? $"exit code {version.ExitCode}";
            return (new DoctorCheck("cli", cli.Name, DoctorStatus.Warning, $"{path} --version failed: {why}", $"reinstall it: {cli.Install}"), false);
        }

        var login = await _detector.LoginAsync(cli, path, cancellationToken).ConfigureAwait(false);
        var detail = $"{Shorten(version.FirstLine)} at {path}; {login.Detail}";
        return login.LoggedIn
            ? (new DoctorCheck("cli", cli.Name, DoctorStatus.Ok, detail, null), true)
            : (new DoctorCheck("cli", cli.Name, DoctorStatus.Warning, detail, login.Fix ?? cli.Login), false);
    }

    /// <summary><c>OPENAI_BASE_URL</c> and <c>ANTHROPIC_BASE_URL</c> when set: any HTTP answer means the server is there.</summary>
    private async Task<IReadOnlyList<(string Variable, DoctorCheck Check)>> BaseUrlVariablesAsync(CancellationToken cancellationToken)
    {
        var results = new List<(string, DoctorCheck)>();
        foreach (var (variable, provider) in new[]
                 {
                     (ProviderConnection.OpenAIBaseUrlVariable, ReviewerProviders.OpenAI),
                     (ProviderConnection.AnthropicBaseUrlVariable, ReviewerProviders.Anthropic),
                 })
        {
            if (_settings.GetEnvironmentVariable(variable) is not { Length: > 0 } value)
            {
                continue;
            }

            results.Add((variable, await ProbeAsync("server", variable, provider, value.Trim(), $"unset {variable}, or start the server it names", cancellationToken).ConfigureAwait(false)));
        }

        return results;
    }

    private async Task<DoctorCheck> ProbeAsync(string area, string name, string provider, string baseUrl, string fix, CancellationToken cancellationToken)
    {
        if (ReviewerSpec.NormalizeBaseUrl(provider, baseUrl) is not { } uri)
        {
            return new DoctorCheck(area, name, DoctorStatus.Warning, $"'{UriDisplay.WithoutSecrets(baseUrl)}' is not an absolute http(s) URL", fix);
        }

        var shown = UriDisplay.WithoutSecrets(uri);
        var answer = await _probe.GetAsync(uri, cancellationToken).ConfigureAwait(false);
        return answer.Reachable
            ? new DoctorCheck(area, name, DoctorStatus.Ok, $"{shown} answers (HTTP {answer.StatusCode})", null)
            : new DoctorCheck(area, name, DoctorStatus.Warning, $"{shown} unreachable: {answer.Error}", fix);
    }

    private CrossReviewConfig? LoadConfig(List<DoctorCheck> checks)
    {
        try
        {
            var config = _settings.LoadConfig();
            checks.Add(new DoctorCheck("config", "config", DoctorStatus.Ok,
                config.Sources.Count == 0 ? "no .crossreview.toml or ~/.config/crossreview/config.toml (optional)" : $"read {string.Join(", ", config.Sources)}", null));
            return config;
        }
        catch (InputException ex)
        {
            checks.Add(new DoctorCheck("config", "config", DoctorStatus.Problem, ex.Message, "fix the file and line named here, then run crossreview doctor again"));
            return null;
        }
    }

    /// <summary>
    /// A configured or profile reviewer's line: what <see cref="ReviewerDetector.CheckAsync"/> found, and for a chat
    /// reviewer whether its server answers (its own <c>base_url</c> probed, else the base URL variable's or Ollama's
    /// result from above).
    /// </summary>
    private async Task<(DoctorCheck Check, bool Ready)> ReadinessAsync(
        ReviewerCandidate candidate, HashSet<string> unreachable, ReviewerCandidate local, CancellationToken cancellationToken)
    {
        var detail = $"{candidate.Spec.SafeText} ({candidate.Family ?? "unknown family"}): {candidate.Detail}";
        if (!candidate.Available)
        {
            return (new DoctorCheck("reviewer", candidate.Name, DoctorStatus.Warning, detail, candidate.Fix), false);
        }

        var provider = candidate.Spec.Provider;
        if (candidate.Spec.BaseUrl is { } baseUrl && ReviewerProviders.Chat.Contains(provider))
        {
            var where = candidate.Configured ? $"fix base_url of [reviewers.{candidate.Name}]" : $"fix the base URL in '{candidate.Spec.SafeText}'";
            var probe = await ProbeAsync("reviewer", candidate.Name, provider, baseUrl, $"start the server, or {where}", cancellationToken).ConfigureAwait(false);
            return (probe with { Detail = $"{detail}; {probe.Detail}" }, probe.Status == DoctorStatus.Ok);
        }

        if (unreachable.Contains(BaseUrlVariableOf(candidate.Spec)))
        {
            var variable = BaseUrlVariableOf(candidate.Spec);
            return (new DoctorCheck("reviewer", candidate.Name, DoctorStatus.Warning, $"{detail}; the {variable} server does not answer", $"unset {variable}, or start the server it names"), false);
        }

        if (provider == ReviewerProviders.Ollama && !local.Available)
        {
            return (new DoctorCheck("reviewer", candidate.Name, DoctorStatus.Warning, $"{detail}; {local.Detail}", local.Fix), false);
        }

        return (new DoctorCheck("reviewer", candidate.Name, DoctorStatus.Ok, detail, null), true);
    }

    /// <summary>The variable whose server a spec without a base URL of its own talks to; empty when none applies.</summary>
    private static string BaseUrlVariableOf(ReviewerSpec spec) => spec.BaseUrl is not null ? "" : spec.Provider switch
    {
        ReviewerProviders.OpenAI or ReviewerProviders.OpenAIChat => ProviderConnection.OpenAIBaseUrlVariable,
        ReviewerProviders.Anthropic => ProviderConnection.AnthropicBaseUrlVariable,
        _ => "",
    };

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
