using CrossReview.Configuration;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Reviewers.Detection;

namespace CrossReview.Reviewers;

/// <summary>
/// Finds the reviewers that can run here with nothing configured, in order of preference: the agent CLIs on PATH
/// (<c>codex</c>, <c>claude</c>, <c>gemini</c>: they reuse the user's own login and plan), then API keys in the
/// environment (<c>OPENAI_API_KEY</c>, <c>ANTHROPIC_API_KEY</c>, <c>GEMINI_API_KEY</c> through Gemini's
/// OpenAI-compatible endpoint), then an Ollama server (<c>OLLAMA_HOST</c> or 127.0.0.1:11434) with a model pulled.
/// A reviewer of a family other than the author's is picked; the author's own family only when nothing else is there.
/// </summary>
public sealed class ReviewerDetector
{
    /// <summary>Gemini's OpenAI-compatible endpoint: an <c>openai-chat</c> reviewer there is sent <c>GEMINI_API_KEY</c>.</summary>
    public const string GeminiOpenAIBaseUrl = "https://" + ProviderConnection.GeminiHost + "/v1beta/openai";

    public const string GeminiDefaultModel = "gemini-2.5-pro";

    private readonly Func<string, string?> _getEnvironmentVariable;
    private readonly EndpointProbe _probe;

    /// <param name="getEnvironmentVariable">Keys, <c>OLLAMA_HOST</c>, and the PATH the CLIs are looked up on.</param>
    /// <param name="probe">Asks Ollama for its models; a 2 s probe when null.</param>
    public ReviewerDetector(Func<string, string?> getEnvironmentVariable, EndpointProbe? probe = null)
    {
        ArgumentNullException.ThrowIfNull(getEnvironmentVariable);
        _getEnvironmentVariable = getEnvironmentVariable;
        _probe = probe ?? new EndpointProbe();
    }

    /// <summary>Every reviewer detection considers, in order of preference, available or not (Ollama probed).</summary>
    public async Task<IReadOnlyList<ReviewerCandidate>> ListAsync(CancellationToken cancellationToken) =>
        [.. LocalCandidates(), await OllamaAsync(cancellationToken).ConfigureAwait(false)];

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

        var candidates = LocalCandidates();
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

    /// <summary>Reviewers the user named: run as given, marked same-family when every one of them is the author's.</summary>
    public static ReviewerSelection ForNamed(IReadOnlyList<ReviewerSpec> specs, DetectedAuthor author, Func<string, string?>? getEnvironmentVariable = null)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentNullException.ThrowIfNull(author);
        var same = specs.Count > 0 && specs.All(s => ReviewerFamily.IsAuthorFamily(ReviewerFamily.Of(s, getEnvironmentVariable), author.Families));
        return new(specs, same, null, same ? SameFamilyWarning(author) : null);
    }

    /// <summary>Each configured reviewer, and whether it can run here (its CLI on PATH, its key set).</summary>
    public IReadOnlyList<ReviewerCandidate> Configured(CrossReviewConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Reviewers.Values.OrderBy(r => r.Name, StringComparer.Ordinal).Select(CheckConfigured).ToList();
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

    private List<ReviewerCandidate> LocalCandidates() =>
        [.. AgentClis.All.Select(Cli), .. KeyedReviewers.Select(Key)];

    internal ReviewerCandidate Cli(AgentCliTool cli)
    {
        var spec = ReviewerSpec.Parse(cli.Name);
        var path = ExecutableLocator.Find(cli.Name, _getEnvironmentVariable);
        return path is null
            ? new(cli.Name, spec, cli.Family, false, $"{cli.Name} not on PATH", cli.Install)
            : new(cli.Name, spec, cli.Family, true, $"{cli.Name} on PATH: {path}", null);
    }

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

    private ReviewerCandidate CheckConfigured(ReviewerConfig config)
    {
        var text = config.Provider + (config.Model is null ? "" : ":" + config.Model) + (config.BaseUrl is null ? "" : "@" + config.BaseUrl);
        var spec = new ReviewerSpec(text, config.Provider, config.Model, config.BaseUrl);
        var family = ReviewerFamily.Of(spec, _getEnvironmentVariable);
        var (available, detail, fix) = ConfiguredAvailability(config, spec);
        return new ReviewerCandidate(config.Name, spec, family, available, detail, fix) { Configured = true, Role = config.Role };
    }

    private (bool Available, string Detail, string? Fix) ConfiguredAvailability(ReviewerConfig config, ReviewerSpec spec)
    {
        if (AgentClis.All.FirstOrDefault(c => c.Name == config.Provider) is { } cli)
        {
            var found = Cli(cli);
            return (found.Available, found.Detail, found.Fix);
        }

        if (config.Provider == ReviewerProviders.Command)
        {
            var program = config.Command?.FirstOrDefault();
            if (string.IsNullOrWhiteSpace(program))
            {
                return (false, "no command is configured", $"set command = [\"PROGRAM\", ...] in [reviewers.{config.Name}] ({config.Source})");
            }

            return ExecutableLocator.Find(program, _getEnvironmentVariable) is { } path
                ? (true, $"{program} found: {path}", null)
                : (false, $"{program} not found on PATH", $"install {program} or put its directory on PATH");
        }

        if (config.Provider == ReviewerProviders.Sarif)
        {
            return (true, "static analyzer (SARIF)", null);
        }

        try
        {
            ProviderConnection.Resolve(spec, WithKeyFrom(config));
            return (true, config.ApiKeyEnv is { } variable ? $"{variable} is set" : "ready", null);
        }
        catch (InputException ex)
        {
            var variable = config.ApiKeyEnv ?? KeyVariable(config.Provider);
            return (false, ex.Message, variable is null ? null : $"export {variable}=...");
        }
    }

    /// <summary>The environment as the configured reviewer sees it: its <c>api_key_env</c> stands in for the provider's usual key variable.</summary>
    private Func<string, string?> WithKeyFrom(ReviewerConfig config)
    {
        var usual = KeyVariable(config.Provider);
        return config.ApiKeyEnv is { } variable && usual is not null
            ? name => name == usual || name == ProviderConnection.GeminiKeyVariable ? _getEnvironmentVariable(variable) : _getEnvironmentVariable(name)
            : _getEnvironmentVariable;
    }

    private static string? KeyVariable(string provider) => provider switch
    {
        ReviewerProviders.OpenAI or ReviewerProviders.OpenAIChat => ProviderConnection.OpenAIKeyVariable,
        ReviewerProviders.Anthropic => ProviderConnection.AnthropicKeyVariable,
        _ => null,
    };
}
