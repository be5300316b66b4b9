using System.Text.Json;
using CrossReview.Budget;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// <c>gemini -p … -o json</c> in the <c>plan</c> approval mode (read-only tools only). Gemini has no schema flag: the
/// prompt carries the schema and the engine parses the answer text defensively, as for any chat model.
/// </summary>
internal sealed class GeminiDialect : IAgentCliDialect
{
    public const string ApprovalMode = "plan";

    /// <summary>
    /// Gemini appends <c>-p</c> to what it reads on stdin, and <c>-p</c> is what makes it headless; the prompt itself
    /// goes on stdin (it can pass the 128 KiB limit on one argument), this only repeats what to answer.
    /// </summary>
    public const string PromptFlagText = "Answer with the JSON object described above and nothing else.";

    private const string PolicyFile = "crossreview-read-only.toml";

    /// <summary>
    /// Loaded with <c>--admin-policy</c>, the tier no user, workspace or extension policy outranks, at the top priority
    /// of that tier. Plan mode alone is not read-only headless: its own policy allows <c>exit_plan_mode</c> when nobody
    /// can be asked, after which every tool runs (checked with gemini 0.61.0: <c>write_file</c> and
    /// <c>run_shell_command</c> then wrote into the repository), and it lets <c>write_file</c> save plans as <c>.md</c>
    /// files. So everything is denied but the tools that only read the repository. When an administrator has system
    /// policies, gemini ignores <c>--admin-policy</c> and theirs apply.
    /// </summary>
    public const string ReadOnlyPolicy = """
        # Written by crossreview for one review: a reviewer reads the repository and nothing else.
        [[rule]]
        toolName = "*"
        decision = "deny"
        priority = 998
        denyMessage = "crossreview reviewers are read-only: only read_file, read_many_files, list_directory, glob and grep_search may run."

        [[rule]]
        toolName = "*"
        mcpName = "*"
        decision = "deny"
        priority = 999
        denyMessage = "crossreview reviewers may not use MCP tools."

        [[rule]]
        toolName = ["read_file", "read_many_files", "list_directory", "glob", "grep_search"]
        decision = "allow"
        priority = 999

        """;

    /// <summary>
    /// Variables that decide where gemini sends the user's key. Headless gemini needs the folder trusted
    /// (<c>--skip-trust</c>), and in a trusted folder it fills every variable that is not set from the repository's
    /// <c>.gemini/.env</c> (checked with gemini 0.61.0: a repository's <c>GOOGLE_GEMINI_BASE_URL</c> sent the request,
    /// key and all, to its host). Set, even to empty (which gemini treats as unset), they cannot be filled.
    /// </summary>
    public static readonly IReadOnlyList<string> PinnedVariables =
    [
        "GOOGLE_GEMINI_BASE_URL", "GOOGLE_VERTEX_BASE_URL", "GOOGLE_GENAI_USE_VERTEXAI", "GOOGLE_GENAI_USE_GCA", "CODE_ASSIST_ENDPOINT",
        "HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy", "NO_PROXY", "no_proxy",
    ];

    private static readonly string[] AuthFailureMarkers =
        ["API key not valid", "API_KEY_INVALID", "Invalid auth method", "GEMINI_API_KEY", "401", "403", "PERMISSION_DENIED", "UNAUTHENTICATED"];

    public string Provider => ReviewerProviders.Gemini;

    public string Executable => "gemini";

    public string InstallHint => "install the Gemini CLI: npm install -g @google/gemini-cli, then run `gemini` to log in (or set GEMINI_API_KEY)";

    public string? Sandbox => ApprovalMode;

    public IReadOnlyList<string> VersionArguments { get; } = ["--version"];

    public AgentInvocation Build(ReviewPrompt prompt, AgentCliContext context)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(context);
        var policy = Path.Combine(context.ScratchDirectory, PolicyFile);
        File.WriteAllText(policy, ReadOnlyPolicy.ReplaceLineEndings("\n"));
        List<string> arguments =
        [
            "-p", PromptFlagText,
            "-o", "json",
            "--approval-mode", ApprovalMode,
            "--admin-policy", policy,
            // Headless runs refuse an untrusted folder; trusting it for this session grants no write access in plan mode.
            "--skip-trust",
            // gemini starts in the run's own empty scratch directory, not the repository: it loads the trusted
            // workspace's .env, .gemini/.env and .gemini/settings.json, so a repository could choose the model and
            // switch on telemetry that sends the prompts to its own host (checked with gemini 0.61.0: it did). The
            // repository is added to the workspace, where the read-only tools reach it and its config is not read.
            "--include-directories", context.WorkingDirectory,
        ];
        if (context.Model is { } model)
        {
            arguments.AddRange(["-m", model]);
        }

        var environment = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var name in PinnedVariables.Where(n => context.GetEnvironmentVariable is { } inherited && string.IsNullOrEmpty(inherited(n))))
        {
            environment[name] = "";
        }

        return new AgentInvocation(arguments, environment, AgentCliText.StdinPrompt(prompt) + RepositoryNote(context.WorkingDirectory), context.ScratchDirectory);
    }

    public ReviewerResponse Interpret(AgentRunResult result, AgentCliContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        // The answer is printed on stdout; an error object ends stderr, after gemini's stack trace.
        var output = AgentCliText.TrailingObject(result.StandardOutput) ?? AgentCliText.TrailingObject(result.StandardError);
        if (output is { } withError && AgentCliText.Property(withError, "error") is { } error)
        {
            var message = AgentCliText.String(error, "message") ?? error.GetRawText();
            return ReviewerResponse.Failure(
                AgentCliText.Number(error, "code") is 401 or 403 ? NotLoggedIn(message) : Explain(message),
                rawText: result.StandardOutput);
        }

        if (output is not { } answer || AgentCliText.String(answer, "response") is not { } response)
        {
            var reason = result.ExitCode == 0 && result.StandardOutput.Trim().Length > 0
                ? "gemini printed no response JSON: " + AgentCliText.Excerpt(result.StandardOutput)
                : AgentCliText.ExitFailure("gemini", result.ExitCode, result.StandardError);
            return ReviewerResponse.Failure(Explain(reason), rawText: result.StandardOutput);
        }

        var models = AgentCliText.Property(answer, "stats") is { } stats && AgentCliText.Property(stats, "models") is { ValueKind: JsonValueKind.Object } byModel
            ? byModel.EnumerateObject().Select(m => (m.Name, Usage: Usage(m.Value))).ToList()
            : [];
        var usage = models.Count == 0 ? null : models.Aggregate(TokenUsage.Zero, (total, m) => total.Add(m.Usage));
        // Gemini routes through a small model first; the reviewer is the one that wrote the answer.
        var model = models.OrderByDescending(m => m.Usage.OutputTokens).Select(m => m.Name).FirstOrDefault() ?? context.Model;
        return result.ExitCode == 0
            ? ReviewerResponse.Success(response, usage, model)
            : ReviewerResponse.Failure(Explain(AgentCliText.ExitFailure("gemini", result.ExitCode, result.StandardError)), rawText: response) with { Usage = usage, Model = model };
    }

    /// <summary>The tools resolve a relative path against the scratch directory gemini starts in, so the model is told where the repository is.</summary>
    private static string RepositoryNote(string repository) =>
        $"\n\nThe repository under review is {repository}: give the file tools absolute paths under it.";

    /// <summary>
    /// <c>tokens.prompt</c> counts all input (cached included, as <see cref="TokenUsage.InputTokens"/> does); thinking
    /// tokens are billed as output but counted apart from <c>candidates</c>.
    /// </summary>
    private static TokenUsage Usage(JsonElement model) =>
        AgentCliText.Property(model, "tokens") is { } tokens
            ? new TokenUsage(
                AgentCliText.Number(tokens, "prompt"),
                AgentCliText.Number(tokens, "cached"),
                AgentCliText.Number(tokens, "candidates") + AgentCliText.Number(tokens, "thoughts"))
            : TokenUsage.Zero;

    private static string Explain(string reason) =>
        AuthFailureMarkers.Any(m => reason.Contains(m, StringComparison.OrdinalIgnoreCase)) ? NotLoggedIn(reason) : "gemini failed: " + reason;

    private static string NotLoggedIn(string reason) =>
        $"gemini is not logged in or its key was refused: run `gemini` to log in, or set GEMINI_API_KEY ({reason})";
}
