namespace CrossReview.Reviewers;

/// <summary>What <see cref="ReviewerFactory"/> needs besides the spec: environment, clock, limits and retry policy.</summary>
public sealed record ReviewerSettings
{
    /// <summary>The official APIs' hosts: only these get the short per-attempt timeout.</summary>
    private static readonly HashSet<string> HostedHosts = new(StringComparer.OrdinalIgnoreCase)
    {
        "api.openai.com",
        "api.anthropic.com",
        ProviderConnection.GeminiHost,
    };

    /// <summary>Reads <c>OPENAI_API_KEY</c>, <c>OPENAI_BASE_URL</c>, <c>GEMINI_API_KEY</c>, <c>ANTHROPIC_API_KEY</c>, <c>ANTHROPIC_BASE_URL</c>, <c>OLLAMA_HOST</c>; injectable so tests leave the process environment alone.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Drives retry delays and per-attempt timeouts.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Output token cap used when a prompt does not set its own. Always sent: Anthropic's client would otherwise cap
    /// answers at 1024 tokens, too few for a review.
    /// </summary>
    public int MaxOutputTokens { get; init; } = 8192;

    /// <summary>The reviewer's name in reports; null means the spec text.</summary>
    public string? DisplayName { get; init; }

    /// <summary>The panel role from config, shown in the report.</summary>
    public string? Role { get; init; }

    /// <summary>Reasoning effort (<c>low|medium|high</c>) from config; agent CLIs pass it on.</summary>
    public string? Effort { get; init; }

    /// <summary>A cost cap an agent CLI enforces itself (<c>claude --max-budget-usd</c>), from config.</summary>
    public decimal? MaxBudgetUsd { get; init; }

    /// <summary>For <c>command</c> reviewers: the configured argv, program first.</summary>
    public IReadOnlyList<string>? Command { get; init; }

    /// <summary>
    /// The repository root: agent CLIs start there (and may read it, never write), SARIF paths are made relative to it.
    /// Null means the current directory.
    /// </summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Variables set (a null value removes one) for agent-CLI child processes on top of the inherited environment.
    /// PATH lookups of the executable use <see cref="GetEnvironmentVariable"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ChildEnvironment { get; init; } = new Dictionary<string, string?>();

    /// <summary><c>api_key_env</c> from config: the variable that holds this reviewer's key instead of the provider's usual one.</summary>
    public string? ApiKeyEnv { get; init; }

    /// <summary>Receives the number of answer characters streamed so far, for a live progress display.</summary>
    public IProgress<int>? OutputProgress { get; init; }

    /// <summary>HTTP attempts per request, the first included. Bounded so that a server failing forever ends a review in seconds.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>First backoff delay; later ones grow exponentially with jitter (≈0.5 s, 1 s, 2 s).</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest wait a server's <c>Retry-After</c> can impose before the next attempt.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long one attempt may wait for response headers before it is retried; null means the endpoint's default
    /// (<see cref="AttemptTimeoutFor"/>). Answers are streamed, so a healthy hosted API sends headers at once; only a hung
    /// or overloaded one is slower.
    /// </summary>
    public TimeSpan? AttemptTimeout { get; init; }

    /// <summary>
    /// How long all attempts of one request, and the waits between them, may take until response headers arrive:
    /// an endpoint that never answers fails after this long, whatever <see cref="MaxAttempts"/> and
    /// <see cref="AttemptTimeout"/> would allow. The answer's streaming afterwards is not bounded by it; the caller's
    /// <see cref="CancellationToken"/> (the engine's per-reviewer timeout) bounds everything, this included. Settable
    /// so that the CLI can raise it to its <c>--timeout</c> for slow local servers. At most 24 hours.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// <see cref="AttemptTimeout"/> when set; else 30 s for the official hosted APIs (<c>api.openai.com</c>,
    /// <c>api.anthropic.com</c>, <c>generativelanguage.googleapis.com</c>), which send headers at once unless they hang;
    /// else <see cref="RequestTimeout"/>, i.e. one long attempt: a local or self-hosted server (llama.cpp or vLLM on a
    /// CPU, Ollama loading a model) may take minutes before its first byte, and retrying it would only start over.
    /// </summary>
    public TimeSpan AttemptTimeoutFor(Uri baseUri)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        return AttemptTimeout ?? (HostedHosts.Contains(baseUri.Host) ? TimeSpan.FromSeconds(30) : RequestTimeout);
    }
}
