using System.Globalization;
using System.Text.Json;
using CrossReview.Budget;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// <c>claude -p</c> answering through <c>--json-schema</c> (claude offers the model a <c>StructuredOutput</c> tool and
/// returns its input as <c>structured_output</c>), with only read-only tools and a permission mode that cannot edit,
/// reading the prompt from stdin.
/// </summary>
internal sealed class ClaudeDialect : IAgentCliDialect
{
    /// <summary>
    /// DESIGN §7's mode that cannot edit. In <c>-p</c> mode it still lets the model call <c>StructuredOutput</c> (checked
    /// with claude 2.1.197: <c>structured_output</c> is returned, scripted Write and Bash calls are refused).
    /// </summary>
    public const string PermissionMode = "plan";

    /// <summary>The built-in tools a reviewer may use: it reads and searches the repository, nothing else.</summary>
    public const string ReadOnlyTools = "Read,Grep,Glob";

    /// <summary>Denied as well, so a user or project setting that allows them cannot bring them back.</summary>
    public const string DeniedTools = "Bash,Edit,Write,NotebookEdit,WebFetch,WebSearch";

    private static readonly string[] AuthFailureMarkers =
        ["Invalid API key", "/login", "not logged in", "authentication_error", "401", "OAuth token has expired"];

    public string Provider => ReviewerProviders.Claude;

    public string Executable => "claude";

    public string InstallHint => "install Claude Code: npm install -g @anthropic-ai/claude-code, then run `claude` and /login (or set ANTHROPIC_API_KEY)";

    public string? Sandbox => PermissionMode;

    public IReadOnlyList<string> VersionArguments { get; } = ["--version"];

    public AgentInvocation Build(ReviewPrompt prompt, AgentCliContext context)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(context);
        List<string> arguments =
        [
            "-p",
            "--output-format", "json",
            // Compact, on one line: on Windows claude is a .cmd shim, and cmd.exe cannot pass a newline in an argument.
            "--json-schema", JsonSerializer.Serialize(prompt.Schema),
            "--permission-mode", PermissionMode,
            "--tools", ReadOnlyTools,
            "--disallowedTools", DeniedTools,
            // No MCP server from the user's or the repository's config: their tools could write.
            "--strict-mcp-config",
            // The reviewed repository is untrusted: its .claude/settings(.local).json would run its hooks as shell
            // commands and could set ANTHROPIC_BASE_URL in env, sending the user's key elsewhere (checked with claude
            // 2.1.197). Only the user's own settings load.
            "--setting-sources", "user",
            "--no-session-persistence",
        ];
        if (context.Model is { } model)
        {
            arguments.AddRange(["--model", model]);
        }

        if (context.Effort is { } effort)
        {
            // claude sends it as output_config.effort only to models that support effort, and drops it for the others.
            arguments.AddRange(["--effort", effort]);
        }

        if (context.MaxBudgetUsd is { } budget)
        {
            arguments.AddRange(["--max-budget-usd", budget.ToString(CultureInfo.InvariantCulture)]);
        }

        return new AgentInvocation(arguments, new Dictionary<string, string?>(), AgentCliText.StdinPrompt(prompt));
    }

    public ReviewerResponse Interpret(AgentRunResult result, AgentCliContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);
        if (ResultObject(result.StandardOutput) is not { } output)
        {
            var reason = result.StandardOutput.Trim().Length > 0
                ? "claude printed no result JSON: " + AgentCliText.Excerpt(result.StandardOutput)
                : AgentCliText.ExitFailure("claude", result.ExitCode, result.StandardError);
            return ReviewerResponse.Failure(Explain(reason), rawText: result.StandardOutput);
        }

        var text = AgentCliText.String(output, "result");
        var subtype = AgentCliText.String(output, "subtype");
        var usage = Usage(output);
        var cost = AgentCliText.Decimal(output, "total_cost_usd");
        var model = MainModel(output) ?? context.Model;
        if (AgentCliText.Property(output, "is_error") is { ValueKind: JsonValueKind.True } || subtype is not (null or "success"))
        {
            var reason = text is { Length: > 0 } ? text : $"claude stopped with {subtype ?? "an error"}";
            return Failed(AgentCliText.Number(output, "api_error_status") is 401 or 403
                ? NotLoggedIn(reason)
                : Explain(reason));
        }

        if (result.ExitCode != 0)
        {
            // claude exits 1 for what it still reports as a success (a budget or turn limit hit after the answer).
            return Failed(AgentCliText.ExitFailure("claude", result.ExitCode, result.StandardError) + " although its result says success");
        }

        if (AgentCliText.Property(output, "structured_output") is not { } structured)
        {
            return Failed("claude answered without structured output" + (text is { Length: > 0 } ? ": " + AgentCliText.Excerpt(text) : ""));
        }

        return ReviewerResponse.Success(structured.GetRawText(), usage, model) with { ReportedCostUsd = cost };

        // A failed run still spent tokens and money: keep them in the report.
        ReviewerResponse Failed(string error) =>
            ReviewerResponse.Failure(error, rawText: text ?? result.StandardOutput) with { Usage = usage, ReportedCostUsd = cost, Model = model };
    }

    /// <summary>The result object: the whole of stdout, or its last line when something was printed before it.</summary>
    private static JsonElement? ResultObject(string stdout) =>
        AgentCliText.ParseObject(stdout)
        ?? stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(AgentCliText.ParseObject).LastOrDefault(o => o is not null);

    /// <summary>
    /// Token counts over every model claude called (it also asks a small model for a session title), so they match
    /// <c>total_cost_usd</c>; the top-level <c>usage</c> when there is no per-model breakdown. Input includes cache
    /// reads and writes, as <see cref="TokenUsage.InputTokens"/> counts cached input too.
    /// </summary>
    private static TokenUsage? Usage(JsonElement output)
    {
        if (AgentCliText.Property(output, "modelUsage") is { ValueKind: JsonValueKind.Object } models)
        {
            var total = TokenUsage.Zero;
            foreach (var model in models.EnumerateObject())
            {
                var cached = AgentCliText.Number(model.Value, "cacheReadInputTokens");
                total = total.Add(new TokenUsage(
                    AgentCliText.Number(model.Value, "inputTokens") + cached + AgentCliText.Number(model.Value, "cacheCreationInputTokens"),
                    cached,
                    AgentCliText.Number(model.Value, "outputTokens")));
            }

            if (total != TokenUsage.Zero)
            {
                return total;
            }
        }

        if (AgentCliText.Property(output, "usage") is not { } usage)
        {
            return null;
        }

        var cacheRead = AgentCliText.Number(usage, "cache_read_input_tokens");
        return new TokenUsage(
            AgentCliText.Number(usage, "input_tokens") + cacheRead + AgentCliText.Number(usage, "cache_creation_input_tokens"),
            cacheRead,
            AgentCliText.Number(usage, "output_tokens"));
    }

    /// <summary>
    /// The model that did the review: of those in <c>modelUsage</c>, the one that wrote the most, without the context
    /// window claude appends to a key (<c>claude-opus-4-8[1m]</c>).
    /// </summary>
    private static string? MainModel(JsonElement output) =>
        AgentCliText.Property(output, "modelUsage") is { ValueKind: JsonValueKind.Object } models
            ? models.EnumerateObject()
                .OrderByDescending(m => AgentCliText.Number(m.Value, "outputTokens"))
                .Select(m => m.Name.IndexOf('[', StringComparison.Ordinal) is > 0 and var bracket ? m.Name[..bracket] : m.Name)
                .FirstOrDefault()
            : null;

    private static string Explain(string reason) =>
        AuthFailureMarkers.Any(m => reason.Contains(m, StringComparison.OrdinalIgnoreCase)) ? NotLoggedIn(reason) : "claude failed: " + reason;

    private static string NotLoggedIn(string reason) =>
        $"claude is not logged in or its key was refused: run `claude` and /login, or set ANTHROPIC_API_KEY ({reason})";
}
