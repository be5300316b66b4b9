using System.Text.Json;
using CrossReview.Reviewers.Detection;

namespace CrossReview.Setup;

/// <summary>
/// Whether an agent CLI is logged in, asked without changing anything: <c>codex login status</c> (exit 0 when logged
/// in), <c>claude auth status</c> (JSON with <c>loggedIn</c>), and for gemini, which has no status command, the rule
/// gemini 0.61.0 itself applies before a headless run (see <see cref="Gemini"/>). The two commands take well under a
/// second (measured with the pinned CLIs: codex ~0.1 s, claude ~0.4 s), which is why detection runs them too.
/// </summary>
internal sealed class AgentLoginCheck(ToolRunner runner, Func<string, string?> getEnvironmentVariable)
{
    private const string GeminiSettingsExample = """{"security":{"auth":{"selectedType":"gemini-api-key"}}}""";

    public async Task<AgentLogin> CheckAsync(AgentCliTool cli, string executable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cli);
        if (cli == AgentClis.Codex)
        {
            var run = await RunNeutralAsync(executable, ["login", "status"], cancellationToken).ConfigureAwait(false);
            return run.Succeeded
                ? new(true, "logged in (codex login status)", null)
                : new(false, run.Error is null ? "not logged in (codex login status)" : $"codex login status: {run.Error}", cli.Login);
        }

        if (cli == AgentClis.Claude)
        {
            var run = await RunNeutralAsync(executable, ["auth", "status"], cancellationToken).ConfigureAwait(false);
            var (loggedIn, method) = ReadClaudeStatus(run.Stdout);
            return loggedIn ?? run.Succeeded
                ? new(true, method is null ? "logged in (claude auth status)" : $"logged in with {method} (claude auth status)", null)
                : new(false, run.Error is null ? "not logged in (claude auth status)" : $"claude auth status: {run.Error}", cli.Login);
        }

        return Gemini(cli);
    }

    /// <summary>
    /// Runs a status command in a fresh empty folder, deleted afterwards: started in a repository, the CLIs read its
    /// project settings (a <c>.claude/settings.json</c> with an <c>apiKeyHelper</c> or <c>CLAUDE_CODE_USE_BEDROCK</c>
    /// made <c>claude auth status</c> say logged in), so a repository could make a missing login look present.
    /// </summary>
    private async Task<ToolRun> RunNeutralAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("crossreview-login-");
        try
        {
            return await runner.RunAsync(executable, arguments, cancellationToken, folder.FullName).ConfigureAwait(false);
        }
        finally
        {
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A CLI that wrote something there and still holds it open leaves an empty temp folder behind; nothing depends on it.
            }
        }
    }

    /// <summary>
    /// gemini 0.61.0's own check (<c>validateNonInteractiveAuth</c>): the auth type is <c>security.auth.selectedType</c>
    /// of <c>~/.gemini/settings.json</c> (<c>GEMINI_CLI_HOME</c> replaces the home folder), else the environment's:
    /// <c>GOOGLE_GENAI_USE_GCA=true</c> → Google login, <c>GOOGLE_GENAI_USE_VERTEXAI=true</c> → Vertex AI,
    /// <c>GOOGLE_GEMINI_BASE_URL</c> set → "gateway", <c>GEMINI_API_KEY</c> → API key, <c>CLOUD_SHELL</c> or
    /// <c>GEMINI_CLI_USE_COMPUTE_ADC</c> → Google Cloud credentials. No type, or a type it cannot use headless (the
    /// gateway type among them), makes it exit 41 ("Invalid auth method selected.") before any request. Only those
    /// clear failures count as not logged in: a key saved in gemini's keychain is not visible from here.
    /// </summary>
    private AgentLogin Gemini(AgentCliTool cli)
    {
        var home = Env("GEMINI_CLI_HOME") ?? Env("HOME") ?? Env("USERPROFILE");
        var settingsPath = home is null ? null : Path.Combine(home, ".gemini", "settings.json");
        var selected = settingsPath is null ? null : ReadSelectedType(settingsPath);
        var writeSettings = $"write {GeminiSettingsExample} to {settingsPath ?? "~/.gemini/settings.json"} (with GEMINI_API_KEY set), or run gemini once and sign in";
        var type = selected ?? TypeFromEnvironment();
        var from = selected is null ? "from the environment" : "security.auth.selectedType in ~/.gemini/settings.json";
        switch (type)
        {
            case null:
                return new(false, "not signed in (no security.auth.selectedType in ~/.gemini/settings.json, no GEMINI_API_KEY)", cli.Login);
            case "oauth-personal":
                return home is not null && File.Exists(Path.Combine(home, ".gemini", "oauth_creds.json"))
                    ? new(true, "signed in with Google (~/.gemini/oauth_creds.json)", null)
                    : new(false, "set to sign in with Google, but there is no ~/.gemini/oauth_creds.json", "run gemini once and sign in with Google");
            case "compute-default-credentials":
                return new(true, $"Google Cloud default credentials ({from})", null);
            case "gemini-api-key":
                return Env("GEMINI_API_KEY") is not null
                    ? new(true, $"GEMINI_API_KEY is set (API key auth, {from})", null)
                    : new(true, "API key auth with a key saved by gemini (GEMINI_API_KEY is not set)", null);
            case "vertex-ai":
                return Env("GOOGLE_API_KEY") is not null || (Env("GOOGLE_CLOUD_PROJECT") is not null && Env("GOOGLE_CLOUD_LOCATION") is not null)
                    ? new(true, $"Vertex AI ({from})", null)
                    : new(false, "Vertex AI needs GOOGLE_API_KEY, or GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION", "export GOOGLE_API_KEY=... (or GOOGLE_CLOUD_PROJECT and GOOGLE_CLOUD_LOCATION)");
            default:
                var why = selected is null && type == "gateway" ? "GOOGLE_GEMINI_BASE_URL is set and no auth type is selected" : $"auth type '{type}' ({from})";
                return new(false, $"gemini would exit 41 \"Invalid auth method selected.\": {why}", writeSettings);
        }
    }

    private string? TypeFromEnvironment()
    {
        if (getEnvironmentVariable("GOOGLE_GENAI_USE_GCA") == "true")
        {
            return "oauth-personal";
        }

        if (getEnvironmentVariable("GOOGLE_GENAI_USE_VERTEXAI") == "true")
        {
            return "vertex-ai";
        }

        if (Env("GOOGLE_GEMINI_BASE_URL") is not null)
        {
            return "gateway";
        }

        if (Env("GEMINI_API_KEY") is not null)
        {
            return "gemini-api-key";
        }

        return getEnvironmentVariable("CLOUD_SHELL") == "true" || getEnvironmentVariable("GEMINI_CLI_USE_COMPUTE_ADC") == "true"
            ? "compute-default-credentials"
            : null;
    }

    private string? Env(string name) => getEnvironmentVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value : null;

    /// <summary><c>security.auth.selectedType</c>; null when the file, the key or valid JSON is missing (gemini then uses the environment).</summary>
    private static string? ReadSelectedType(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return document.RootElement.ValueKind == JsonValueKind.Object
                   && document.RootElement.TryGetProperty("security", out var security) && security.ValueKind == JsonValueKind.Object
                   && security.TryGetProperty("auth", out var auth) && auth.ValueKind == JsonValueKind.Object
                   && auth.TryGetProperty("selectedType", out var type) && type.ValueKind == JsonValueKind.String
                   && type.GetString() is { Length: > 0 } selected
                ? selected
                : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary><c>loggedIn</c> and <c>authMethod</c> of <c>claude auth status</c>'s JSON; nulls when it printed something else.</summary>
    private static (bool? LoggedIn, string? Method) ReadClaudeStatus(string stdout)
    {
        try
        {
            using var document = JsonDocument.Parse(stdout);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, null);
            }

            bool? loggedIn = root.TryGetProperty("loggedIn", out var l) && l.ValueKind is JsonValueKind.True or JsonValueKind.False ? l.GetBoolean() : null;
            var method = root.TryGetProperty("authMethod", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return (loggedIn, method is "none" ? null : method);
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }
}
