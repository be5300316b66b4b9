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
/// itself, and each configured reviewer. Every problem comes with the command that fixes it.
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
        _detector = new ReviewerDetector(settings.GetEnvironmentVariable, _probe);
    }

    public async Task<DoctorReport> RunAsync(CancellationToken cancellationToken)
    {
        var checks = new List<DoctorCheck>();
        var ready = new List<string>();

        var git = GitAsync(cancellationToken);
        var clis = AgentClis.All.Select(cli => CliAsync(cli, cancellationToken)).ToList();
        var ollama = _detector.OllamaAsync(cancellationToken);
        var servers = BaseUrlVariablesAsync(cancellationToken);

        checks.AddRange(await git.ConfigureAwait(false));
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
            AddIf(ready, candidate.Available && !unreachable.Contains(BaseUrlVariableOf(candidate.Spec.Provider)), candidate.Name);
        }

        var local = await ollama.ConfigureAwait(false);
        checks.Add(new DoctorCheck("server", ProviderConnection.OllamaHostVariable, local.Available ? DoctorStatus.Ok : DoctorStatus.Warning, local.Detail, local.Fix));
        AddIf(ready, local.Available, local.Name);

        var config = LoadConfig(checks);
        if (config is not null)
        {
            foreach (var candidate in _detector.Configured(config))
            {
                var (check, isReady) = await ConfiguredAsync(candidate, cancellationToken).ConfigureAwait(false);
                checks.Add(check);
                AddIf(ready, isReady, candidate.Name);
            }
        }

        return new DoctorReport(checks, ready);
    }

    private static void AddIf(List<string> ready, bool condition, string name)
    {
        if (condition)
        {
            ready.Add(name);
        }
    }

    private async Task<IReadOnlyList<DoctorCheck>> GitAsync(CancellationToken cancellationToken)
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
            return [new DoctorCheck("git", "git", DoctorStatus.Problem, "git not found on PATH", InstallGit)];
        }

        if (!version.Succeeded)
        {
            return [new DoctorCheck("git", "git", DoctorStatus.Problem, GitCli.Describe(["--version"], version), InstallGit)];
        }

        var top = await cli.RunAsync(directory, ["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false);
        return
        [
            new DoctorCheck("git", "git", DoctorStatus.Ok, version.Stdout.Trim(), null),
            top.Succeeded
                ? new DoctorCheck("git", "repository", DoctorStatus.Ok, top.Stdout.Trim(), null)
                : new DoctorCheck("git", "repository", DoctorStatus.Warning, $"{directory} is not inside a git repository",
                    "run crossreview inside a repository, or pass -C DIR (--diff FILE reviews a patch without one)"),
        ];
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

        var login = await new AgentLoginCheck(_runner, _settings.GetEnvironmentVariable).CheckAsync(cli, path, cancellationToken).ConfigureAwait(false);
        var detail = $"{Shorten(version.FirstLine)} at {path}; {login.Detail}";
        return login.LoggedIn
            ? (new DoctorCheck("cli", cli.Name, DoctorStatus.Ok, detail, null), true)
            : (new DoctorCheck("cli", cli.Name, DoctorStatus.Warning, detail, cli.Login), false);
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

    private async Task<(DoctorCheck Check, bool Ready)> ConfiguredAsync(ReviewerCandidate candidate, CancellationToken cancellationToken)
    {
        var detail = $"{candidate.Spec.SafeText} ({candidate.Family ?? "unknown family"}): {candidate.Detail}";
        if (!candidate.Available)
        {
            return (new DoctorCheck("reviewer", candidate.Name, DoctorStatus.Warning, detail, candidate.Fix), false);
        }

        if (candidate.Spec.BaseUrl is { } baseUrl && ReviewerProviders.Chat.Contains(candidate.Spec.Provider))
        {
            var probe = await ProbeAsync("reviewer", candidate.Name, candidate.Spec.Provider, baseUrl, $"start the server, or fix base_url of [reviewers.{candidate.Name}]", cancellationToken).ConfigureAwait(false);
            return (probe with { Detail = $"{detail}; {probe.Detail}" }, probe.Status == DoctorStatus.Ok);
        }

        return (new DoctorCheck("reviewer", candidate.Name, DoctorStatus.Ok, detail, null), true);
    }

    private static string BaseUrlVariableOf(string provider) => provider switch
    {
        ReviewerProviders.OpenAI => ProviderConnection.OpenAIBaseUrlVariable,
        ReviewerProviders.Anthropic => ProviderConnection.AnthropicBaseUrlVariable,
        _ => "",
    };

    private static string Shorten(string line) => line.Length <= 80 ? line : line[..80] + "…";
}
