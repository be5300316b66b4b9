using System.Text.Json;
using CrossReview.Budget;
using CrossReview.Configuration.Toml;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// <c>codex exec</c> with our own prompt and <c>--output-schema</c> (never <c>exec review</c>, which renders the findings
/// to prose and reports no usage), in codex's read-only sandbox, reading the prompt from stdin (<c>-</c>).
/// </summary>
internal sealed class CodexDialect : IAgentCliDialect
{
    private const string SchemaFile = "schema.json";

    /// <summary>Words in codex's errors when the server refused the key or there is none.</summary>
    private static readonly string[] AuthFailureMarkers =
        ["401 Unauthorized", "403 Forbidden", "not logged in", "codex login", "Missing environment variable", "invalid_api_key", "Incorrect API key"];

    public string Provider => ReviewerProviders.Codex;

    public string Executable => "codex";

    public string InstallHint => "install the Codex CLI: npm install -g @openai/codex, then run `codex login`";

    public string? Sandbox => "read-only";

    public IReadOnlyList<string> VersionArguments { get; } = ["--version"];

    public AgentInvocation Build(ReviewPrompt prompt, AgentCliContext context)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(context);
        var schemaPath = Path.Combine(context.ScratchDirectory, SchemaFile);
        File.WriteAllText(schemaPath, prompt.Schema.GetRawText());

        List<string> arguments =
        [
            "exec",
            "--json",
            "--ephemeral",
            "--color", "never",
            "-s", "read-only",
            // The review may be of a diff file outside any repository; trust is still decided by codex's own config.
            "--skip-git-repo-check",
            "-C", context.WorkingDirectory,
            "--output-schema", schemaPath,
        ];
        if (context.Model is { } model)
        {
            arguments.AddRange(["-m", model]);
        }

        if (context.Effort is { } effort)
        {
            // -c values are TOML; a JSON string literal is a valid TOML basic string.
            arguments.AddRange(["-c", "model_reasoning_effort=" + JsonSerializer.Serialize(effort)]);
        }

        // The reviewed repository is untrusted input even when its owner trusts it in codex: a change may add a
        // .codex/config.toml (providers, MCP servers, hooks). Explicitly untrusted, codex loads none of it (checked
        // with codex 0.169.0: "Untrusted project-local configuration is disabled"); a -c value is TOML, and a JSON
        // string literal is a valid TOML basic string.
        arguments.AddRange(["-c", "projects={ " + JsonSerializer.Serialize(context.WorkingDirectory) + " = { trust_level = \"untrusted\" } }"]);

        // The user's MCP servers run outside codex's sandbox, so their tools could write anywhere. `-c mcp_servers={}`
        // does not remove them (codex deep-merges tables); each one is switched off by name instead (checked with codex
        // 0.169.0: a server whose command touched a file started without this, not with it).
        foreach (var server in UserMcpServers(context))
        {
            arguments.AddRange(["-c", $"mcp_servers.{server}.enabled=false"]);
        }

        arguments.Add("-");
        return new AgentInvocation(arguments, new Dictionary<string, string?>(), AgentCliText.StdinPrompt(prompt));
    }

    public ReviewerResponse Interpret(AgentRunResult result, AgentCliContext context)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(context);

        string? finalMessage = null;
        string? failure = null;
        string? lastError = null;
        var usage = TokenUsage.Zero;
        var turns = 0;
        foreach (var line in result.StandardOutput.Split('\n'))
        {
            if (AgentCliText.ParseObject(line) is not { } item)
            {
                continue;
            }

            switch (AgentCliText.String(item, "type"))
            {
                case "item.completed" when AgentCliText.Property(item, "item") is { } completed:
                    switch (AgentCliText.String(completed, "type"))
                    {
                        case "agent_message":
                            finalMessage = AgentCliText.String(completed, "text") ?? finalMessage;
                            break;
                        case "error":
                            lastError = AgentCliText.String(completed, "message") ?? lastError;
                            break;
                    }

                    break;
                case "turn.completed":
                    turns++;
                    if (AgentCliText.Property(item, "usage") is { } turnUsage)
                    {
                        usage = usage.Add(new TokenUsage(
                            AgentCliText.Number(turnUsage, "input_tokens"),
                            AgentCliText.Number(turnUsage, "cached_input_tokens"),
                            AgentCliText.Number(turnUsage, "output_tokens")));
                    }

                    break;
                case "turn.failed":
                    failure = (AgentCliText.Property(item, "error") is { } error ? AgentCliText.String(error, "message") : null) ?? "codex reported a failed turn";
                    break;
                case "error":
                    lastError = AgentCliText.String(item, "message") ?? lastError;
                    break;
            }
        }

        var spent = turns > 0 ? usage : null;
        if (failure is null && finalMessage is not null && result.ExitCode == 0)
        {
            return ReviewerResponse.Success(finalMessage, spent, context.Model);
        }

        var reason = failure
            ?? lastError
            ?? (result.ExitCode == 0 && result.StandardOutput.Trim().Length > 0 ? "codex printed no final message: " + AgentCliText.Excerpt(result.StandardOutput) : null)
            ?? AgentCliText.ExitFailure("codex", result.ExitCode, result.StandardError);
        // A failed run may still have spent tokens: keep them in the report.
        return ReviewerResponse.Failure(Explain(reason), rawText: finalMessage ?? result.StandardOutput) with { Usage = spent, Model = context.Model };
    }

    /// <summary>
    /// The names of the MCP servers in the user's codex config (<c>$CODEX_HOME/config.toml</c>, else
    /// <c>~/.codex/config.toml</c>). A name that is not a bare TOML key cannot be addressed by <c>-c</c>, which splits
    /// its key at every dot; it is still passed, and codex then refuses the override ("invalid transport") and the
    /// review fails rather than run with that server. An unreadable or invalid file adds nothing: codex refuses it too.
    /// </summary>
    private static IEnumerable<string> UserMcpServers(AgentCliContext context)
    {
        if (context.GetEnvironmentVariable is not { } env)
        {
            return [];
        }

        var home = env("CODEX_HOME") is { Length: > 0 } codexHome
            ? codexHome
            : (env("HOME") is { Length: > 0 } userHome ? userHome : env("USERPROFILE")) is { Length: > 0 } profile
                ? Path.Combine(profile, ".codex")
                : null;
        var file = home is null ? null : Path.Combine(home, "config.toml");
        if (file is null || !File.Exists(file))
        {
            return [];
        }

        try
        {
            return TomlTree.Parse(File.ReadAllText(file), file).Find("mcp_servers")?.Item.Value is TomlNodeTable servers
                ? servers.Entries.Select(e => e.Key).ToList()
                : [];
        }
        catch (Exception e) when (e is InputException or IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private static string Explain(string reason) =>
        AuthFailureMarkers.Any(m => reason.Contains(m, StringComparison.OrdinalIgnoreCase))
            ? $"codex is not logged in or its key was refused: run `codex login` (or set the key codex's provider reads) ({reason})"
            : "codex failed: " + reason;
}
