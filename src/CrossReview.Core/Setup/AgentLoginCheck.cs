using System.Text.Json;
using CrossReview.Reviewers.Detection;

namespace CrossReview.Setup;

/// <summary>
/// Whether an agent CLI is logged in, asked without changing anything: <c>codex login status</c> (exit 0 when logged
/// in), <c>claude auth status</c> (JSON with <c>loggedIn</c>), and for gemini, which has no status command, its key
/// variables and the OAuth credentials file it writes when the user signs in with Google.
/// </summary>
internal sealed class AgentLoginCheck(ToolRunner runner, Func<string, string?> getEnvironmentVariable)
{
    /// <returns>Whether it is logged in, and how or why not: never the CLI's own output, which may echo part of a key.</returns>
    public async Task<(bool LoggedIn, string Detail)> CheckAsync(AgentCliTool cli, string executable, CancellationToken cancellationToken)
    {
        if (cli == AgentClis.Codex)
        {
            var run = await runner.RunAsync(executable, ["login", "status"], cancellationToken).ConfigureAwait(false);
            return run.Succeeded
                ? (true, "logged in (codex login status)")
                : (false, run.Error is null ? "not logged in (codex login status)" : $"codex login status: {run.Error}");
        }

        if (cli == AgentClis.Claude)
        {
            var run = await runner.RunAsync(executable, ["auth", "status"], cancellationToken).ConfigureAwait(false);
            var (loggedIn, method) = ReadClaudeStatus(run.Stdout);
            return loggedIn ?? run.Succeeded
                ? (true, method is null ? "logged in (claude auth status)" : $"logged in with {method} (claude auth status)")
                : (false, run.Error is null ? "not logged in (claude auth status)" : $"claude auth status: {run.Error}");
        }

        return Gemini();
    }

    private (bool, string) Gemini()
    {
        if (!string.IsNullOrWhiteSpace(getEnvironmentVariable("GEMINI_API_KEY")))
        {
            return (true, "GEMINI_API_KEY is set");
        }

        if (!string.IsNullOrWhiteSpace(getEnvironmentVariable("GOOGLE_API_KEY")) && getEnvironmentVariable("GOOGLE_GENAI_USE_VERTEXAI") is "true" or "1")
        {
            return (true, "Vertex AI (GOOGLE_API_KEY is set)");
        }

        var home = getEnvironmentVariable("GEMINI_CLI_HOME") ?? getEnvironmentVariable("HOME") ?? getEnvironmentVariable("USERPROFILE");
        return home is not null && File.Exists(Path.Combine(home, ".gemini", "oauth_creds.json"))
            ? (true, "signed in with Google (~/.gemini/oauth_creds.json)")
            : (false, "not signed in (no GEMINI_API_KEY, no ~/.gemini/oauth_creds.json)");
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
