using System.Collections.Concurrent;
using CrossReview.Configuration;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Reviewers.Detection;
using CrossReview.Setup;

namespace CrossReview.Reviewers;

/// <summary>
/// Finds the reviewers that can run here with nothing configured, in order of preference: the agent CLIs on PATH
/// (<c>codex</c>, <c>claude</c>, <c>gemini</c>: they reuse the user's own login and plan), then API keys in the
/// environment (<c>OPENAI_API_KEY</c>, <c>ANTHROPIC_API_KEY</c>, <c>GEMINI_API_KEY</c> through Gemini's
/// OpenAI-compatible endpoint), then an Ollama server (<c>OLLAMA_HOST</c> or 127.0.0.1:11434) with a model pulled.
/// A reviewer of a family other than the author's is picked; the author's own family only when nothing else is there.
/// An agent CLI on PATH counts only when it is logged in (<c>codex login status</c>, <c>claude auth status</c>, gemini's
/// own auth rule): those checks take well under a second, and a pick that fails at its first request helps nobody.
/// </summary>
public sealed class ReviewerDetector
{
    /// <summary>Gemini's OpenAI-compatible endpoint: an <c>openai-chat</c> reviewer there is sent <c>GEMINI_API_KEY</c>.</summary>
    public const string GeminiOpenAIBaseUrl = "https://" + ProviderConnection.GeminiHost + "/v1beta/openai";

    public const string GeminiDefaultModel = "gemini-2.5-pro";

    /// <summary>A login check that hangs (a CLI waiting on a network it cannot reach) must not hold up a review.</summary>
    private static readonly TimeSpan LoginCheckTimeout = TimeSpan.FromSeconds(10);

    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly EndpointProbe _probe;
    private readonly AgentLoginCheck _login;

    /// <summary>Each CLI's login, asked once per executable however many times detection, listing and doctor need it.</summary>
    private readonly ConcurrentDictionary<string, Lazy<Task<AgentLogin>>> _logins = new(StringComparer.Ordinal);

    /// <param name="getEnvironmentVariable">Keys, <c>OLLAMA_HOST</c>, and the PATH the CLIs are looked up on.</param>
    /// <param name="probe">Asks Ollama for its models; a 2 s probe when null.</param>
    public ReviewerDetector(Func<string, string?> getEnvironmentVariable, EndpointProbe? probe = null)
        : this(getEnvironmentVariable, probe, null)
    {
    }

    /// <param name="loginRunner">Runs the login-status commands; the inherited environment and a 10 s limit when null.</param>
    internal ReviewerDetector(Func<string, string?> getEnvironmentVariable, EndpointProbe? probe, ToolRunner? loginRunner)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        _getEnvironmentVariable = getEnvironmentVariable;
        _probe = probe ?? new EndpointProbe();
        _login = new AgentLoginCheck(
            loginRunner ?? new ToolRunner(LoginCheckTimeout, TimeProvider.System, new Dictionary<string, string?>()),
            getEnvironmentVariable);
    }

    /// <summary>Every reviewer detection considers, in order of preference, available or not (Ollama probed).</summary>
    public async Task<IReadOnlyList<ReviewerCandidate>> ListAsync(CancellationToken cancellationToken) =>
        [.. await LocalCandidatesAsync(cancellationToken).ConfigureAwait(false), await OllamaAsync(cancellationToken).ConfigureAwait(false)];

    /// <summary>
    /// The reviewers to run: <paramref name="named"/> when the user named any (marked same-family when all of them are
    /// the author's), else one detected reviewer. Ollama is only probed when nothing before it is of another family.
    /// </summary>
    public async Task<ReviewerSelection> SelectAsync(IReadOnlyList<ReviewerSpec> named, DetectedAuthor author, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(named);
        ArgumentNullException.ThrowIfNull(author);
        if (named.Count > 0)
        {
            return ForNamed(named, author, _getEnvironmentVariable);
        }

        var candidates = await LocalCandidatesAsync(cancellationToken).ConfigureAwait(false);
        if (!candidates.Any(c => c.Available && !ReviewerFamily.IsAuthorFamily(c.Family, author.Families)))
        {
            candidates = [.. candidates, await OllamaAsync(cancellationToken).ConfigureAwait(false)];
        }

        return Choose(candidates, author);
    }

    /// <summary>The first available candidate not of the author's family, else the first available one, marked same-family.</summary>
    public static ReviewerSelection Choose(IReadOnlyList<ReviewerCandidate> candidates, DetectedAuthor author)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(author);
        var available = candidates.Where(c => c.Available).ToList();
        if (available.Count == 0)
        {
            return ReviewerSelection.None;
        }

        var other = available.FirstOrDefault(c => !ReviewerFamily.IsAuthorFamily(c.Family, author.Families));
        if (other is not null)
        {
            var why = author.IsKnown ? $"the author is {author.Describe()}" : "the author's family is unknown (--author FAMILY to set it)";
            return new([other.Spec], false, $"reviewing with '{other.Name}' ({other.Family}): {other.Detail}; {why}", null);
        }

        var same = available[0];
        return new(
            [same.Spec],
            true,
            $"reviewing with '{same.Name}' ({same.Family}): {same.Detail}; no reviewer of another family is available",
            SameFamilyWarning(author));
    }

    /// <summary>
    /// Reviewers the user named: run as given, marked same-family when every model among them is of the author's family.
    /// Analyzers (no model) and command reviewers (family unknown) neither make nor break that: a SARIF log beside a
    /// Claude reviewer does not give Claude's change a second family's eyes. With no model reviewer at all it is false.
    /// </summary>
    public static ReviewerSelection ForNamed(IReadOnlyList<ReviewerSpec> specs, DetectedAuthor author, Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(author);
        var modelFamilies = specs.Select(s => ReviewerFamily.Of(s, getEnvironmentVariable))
            .Where(f => f is not null && f != ReviewerFamily.Analyzer)
            .ToList();
        var same = modelFamilies.Count > 0 && modelFamilies.All(f => ReviewerFamily.IsAuthorFamily(f, author.Families));
        return new(specs, same, null, same ? SameFamilyWarning(author) : null);
    }

    /// <summary>Each configured reviewer, and whether it can run here (its CLI on PATH and logged in, its key set).</summary>
    /// <param name="repositoryRoot">
    /// Where a relative <c>command</c> program (<c>./tools/review</c>) is looked up, as the review itself does; the
    /// current folder when null.
    /// </param>
    public async Task<IReadOnlyList<ReviewerCandidate>> ConfiguredAsync(CrossReviewConfig config, string? repositoryRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(config);
        var resolver = new ReviewerResolver(config);
        var checks = config.Reviewers.Values.OrderBy(r => r.Name, StringComparer.Ordinal)
            .Select(r => CheckAsync(resolver.Resolve(r.Name), repositoryRoot, cancellationToken))
            .ToList();
        return await Task.WhenAll(checks).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a resolved reviewer (a configured one, or an inline spec from a profile) can run here: the agent CLI on
    /// PATH and logged in, the command found, the key it needs set. Servers are not probed here.
    /// </summary>
    public async Task<ReviewerCandidate> CheckAsync(ResolvedReviewer reviewer, string? repositoryRoot, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        var spec = reviewer.Spec;
        var family = ReviewerFamily.Of(spec, _getEnvironmentVariable);
        var (available, detail, fix) = await AvailabilityAsync(reviewer, repositoryRoot, cancellationToken).ConfigureAwait(false);
        return new ReviewerCandidate(reviewer.Name, spec, family, available, detail, fix) { Configured = reviewer.Config is not null, Role = reviewer.Config?.Role };
    }

    /// <summary>Exactly what to set up to get a reviewer, one line each.</summary>
    public static IReadOnlyList<string> SetupAdvice { get; } =
    [
        "npm install -g @openai/codex && codex login             then: crossreview review --reviewer codex",
        "npm install -g @anthropic-ai/claude-code && claude auth login  then: crossreview review --reviewer claude",
        "npm install -g @google/gemini-cli && gemini (sign in once)     then: crossreview review --reviewer gemini",
        "export OPENAI_API_KEY=sk-...        then: crossreview review --reviewer openai:gpt-5.4",
        "export ANTHROPIC_API_KEY=sk-ant-... then: crossreview review --reviewer anthropic:claude-sonnet-4-5",
        $"export GEMINI_API_KEY=...          then: crossreview review --reviewer openai-chat:{GeminiDefaultModel}@{GeminiOpenAIBaseUrl}",
        "ollama serve && ollama pull qwen2.5-coder:7b  then: crossreview review --reviewer ollama:qwen2.5-coder:7b (OLLAMA_HOST for another host)",
        "any OpenAI-compatible server (vLLM, llama.cpp, LM Studio): crossreview review --reviewer openai-chat:MODEL@http://127.0.0.1:8000/v1",
    ];

    private static string SameFamilyWarning(DetectedAuthor author) =>
        $"every reviewer is of the author's own family, {author.Describe()}: it shares the author's blind spots; " +
        "add a reviewer of another family (see 'crossreview reviewers')";

    /// <summary>The reviewers an API key in the environment makes available, in order of preference, and how to get each key.</summary>
    internal static IReadOnlyList<KeyedReviewer> KeyedReviewers { get; } =
    [
        new(ProviderConnection.OpenAIKeyVariable, ReviewerProviders.OpenAI, "export OPENAI_API_KEY=sk-... (https://platform.openai.com/api-keys)"),
        new(ProviderConnection.AnthropicKeyVariable, ReviewerProviders.Anthropic, "export ANTHROPIC_API_KEY=sk-ant-... (https://console.anthropic.com/settings/keys)"),
        new(ProviderConnection.GeminiKeyVariable, $"{ReviewerProviders.OpenAIChat}:{GeminiDefaultModel}@{GeminiOpenAIBaseUrl}", "export GEMINI_API_KEY=... (https://aistudio.google.com/apikey)"),
    ];

    private async Task<List<ReviewerCandidate>> LocalCandidatesAsync(CancellationToken cancellationToken) =>
        [.. await Task.WhenAll(AgentClis.All.Select(cli => CliAsync(cli, cancellationToken))).ConfigureAwait(false), .. KeyedReviewers.Select(Key)];

    /// <summary>The agent CLI's candidate: available when it is on PATH and logged in.</summary>
    internal async Task<ReviewerCandidate> CliAsync(AgentCliTool cli, CancellationToken cancellationToken)
    {
        var spec = ReviewerSpec.Parse(cli.Name);
        var path = ExecutableLocator.Find(cli.Name, _getEnvironmentVariable);
        if (path is null)
        {
            return new(cli.Name, spec, cli.Family, false, $"{cli.Name} not on PATH", cli.Install);
        }

        var login = await LoginAsync(cli, path, cancellationToken).ConfigureAwait(false);
        return new(cli.Name, spec, cli.Family, login.LoggedIn, $"{cli.Name} on PATH: {path}; {login.Detail}", login.Fix);
    }

    /// <summary>Whether the CLI at <paramref name="executable"/> is logged in, asked once per detector.</summary>
    internal Task<AgentLogin> LoginAsync(AgentCliTool cli, string executable, CancellationToken cancellationToken) =>
        _logins.GetOrAdd(cli.Name + "\0" + executable, _ => new Lazy<Task<AgentLogin>>(() => _login.CheckAsync(cli, executable, cancellationToken))).Value;

    /// <summary>A key reviewer's candidate as <see cref="ListAsync"/> lists it.</summary>
    internal ReviewerCandidate Key(KeyedReviewer keyed)
    {
        var spec = ReviewerSpec.Parse(keyed.Spec);
        var family = ReviewerFamily.Of(spec);
        return string.IsNullOrWhiteSpace(_getEnvironmentVariable(keyed.Variable))
            ? new(spec.Text, spec, family, false, $"{keyed.Variable} not set", keyed.Fix)
            : new(spec.Text, spec, family, true, $"{keyed.Variable} is set", null);
    }

    /// <summary>The Ollama server (<c>OLLAMA_HOST</c> or the default) and the model it would review with.</summary>
    internal async Task<ReviewerCandidate> OllamaAsync(CancellationToken cancellationToken)
    {
        var hostText = _getEnvironmentVariable(ProviderConnection.OllamaHostVariable) is { Length: > 0 } fromEnvironment
            ? fromEnvironment.Trim()
            : ProviderConnection.DefaultOllamaHost;
        var bare = ReviewerSpec.Parse(ReviewerProviders.Ollama);
        const string pull = "ollama pull qwen2.5-coder:7b";
        if (ReviewerSpec.NormalizeBaseUrl(ReviewerProviders.Ollama, hostText) is not { } host)
        {
            return new(bare.Text, bare, AuthorFamily.Local, false, $"{ProviderConnection.OllamaHostVariable} is not a URL", "export OLLAMA_HOST=http://127.0.0.1:11434");
        }

        var shown = Http.UriDisplay.WithoutSecrets(host).TrimEnd('/');
        var answer = await _probe.GetAsync(new Uri(host, "api/tags"), cancellationToken).ConfigureAwait(false);
        if (!answer.Reachable)
        {
            return new(bare.Text, bare, AuthorFamily.Local, false, $"no Ollama server at {shown} ({answer.Error})", $"ollama serve && {pull}");
        }

        var model = OllamaModels.Pick(OllamaModels.Parse(answer.Body));
        if (answer.StatusCode != 200 || model is null)
        {
            return new(bare.Text, bare, AuthorFamily.Local, false, $"the Ollama server at {shown} lists no model", pull);
        }

        var spec = ReviewerSpec.Parse($"{ReviewerProviders.Ollama}:{model}");
        return new(spec.Text, spec, AuthorFamily.Local, true, $"Ollama at {shown} has {model}", null);
    }

    private async Task<(bool Available, string Detail, string? Fix)> AvailabilityAsync(ResolvedReviewer reviewer, string? repositoryRoot, CancellationToken cancellationToken)
    {
        var spec = reviewer.Spec;
        var config = reviewer.Config;
        if (AgentClis.All.FirstOrDefault(c => c.Name == spec.Provider) is { } cli)
        {
            var found = await CliAsync(cli, cancellationToken).ConfigureAwait(false);
            return (found.Available, found.Detail, found.Fix);
        }

        if (spec.Provider == ReviewerProviders.Command)
        {
            var program = config?.Command?.FirstOrDefault();
            if (string.IsNullOrWhiteSpace(program))
            {
                return (false, "no command is configured", $"set command = [\"PROGRAM\", ...] in [reviewers.{reviewer.Name}] ({config?.Source ?? ".crossreview.toml"})");
            }

            // As ReviewerFactory does: a program with a folder in it is the repository's, a bare name is looked up on PATH.
            var hasDirectory = program.Contains('/', StringComparison.Ordinal) || program.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);
            var located = hasDirectory && !Path.IsPathRooted(program)
                ? Path.Combine(repositoryRoot ?? Directory.GetCurrentDirectory(), program)
                : program;
            return ExecutableLocator.Find(located, _getEnvironmentVariable) is { } path
                ? (true, $"{program} found: {path}", null)
                : hasDirectory
                    ? (false, $"{program} does not exist or is not executable (relative to {repositoryRoot ?? Directory.GetCurrentDirectory()})", $"create {program} and make it executable, or fix command in [reviewers.{reviewer.Name}]")
                    : (false, $"{program} not found on PATH", $"install {program} or put its directory on PATH");
        }

        if (spec.Provider == ReviewerProviders.Sarif)
        {
            return (true, "static analyzer (SARIF)", null);
        }

        try
        {
            var connection = ProviderConnection.Resolve(spec, _getEnvironmentVariable, config?.ApiKeyEnv);
            var variable = config?.ApiKeyEnv
                ?? (string.Equals(connection.BaseUri.Host, ProviderConnection.GeminiHost, StringComparison.OrdinalIgnoreCase) ? ProviderConnection.GeminiKeyVariable : KeyVariable(spec.Provider));
            var detail = connection.ApiKey is null || connection.ApiKey == ProviderConnection.PlaceholderKey
                ? "ready (no key is sent to this server)"
                : variable is null ? "ready" : $"{variable} is set";
            return (true, detail, null);
        }
        catch (InputException ex)
        {
            var variable = config?.ApiKeyEnv ?? KeyVariable(spec.Provider);
            return (false, ex.Message, variable is null ? null : $"export {variable}=...");
        }
    }

    private static string? KeyVariable(string provider) => provider switch
    {
        ReviewerProviders.OpenAI or ReviewerProviders.OpenAIChat => ProviderConnection.OpenAIKeyVariable,
        ReviewerProviders.Anthropic => ProviderConnection.AnthropicKeyVariable,
        _ => null,
    };
}
