namespace CrossReview.Testing.AgentClis;

/// <summary>
/// A throwaway home for one agent-CLI run, pointed at a scripted model server on 127.0.0.1: the CLI reads and writes
/// its config, sessions and caches here, never the real user's, and has no reason to reach the internet.
/// </summary>
public sealed class AgentCliHome : IDisposable
{
    /// <summary>The variable codex's <c>local</c> provider reads its key from.</summary>
    public const string CodexKeyVariable = "CROSSREVIEW_TEST_CODEX_KEY";

    public const string DummyKey = "sk-dummy-test-key";

    private readonly Dictionary<string, string?> _environment;

    private AgentCliHome(string directory)
    {
        Directory = directory;
        _environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["HOME"] = directory,
            ["USERPROFILE"] = directory,
            ["XDG_CONFIG_HOME"] = Path.Combine(directory, ".config"),
            ["XDG_CACHE_HOME"] = Path.Combine(directory, ".cache"),
            ["XDG_STATE_HOME"] = Path.Combine(directory, ".local", "state"),
            // Nothing from the session that runs the tests: an agent CLI inside an agent changes its behaviour.
            ["CLAUDECODE"] = null,
            ["CLAUDE_CODE_ENTRYPOINT"] = null,
            ["CODEX_SANDBOX"] = null,
            ["OPENAI_API_KEY"] = null,
            ["OPENAI_BASE_URL"] = null,
        };
    }

    public string Directory { get; }

    /// <summary>Variables to set for the CLI (null removes one).</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    /// <summary>
    /// <c>CODEX_HOME</c> with a <c>config.toml</c> whose provider <c>local</c> is the server's Responses API (the only
    /// wire codex accepts for a custom provider), its key in <see cref="CodexKeyVariable"/>.
    /// </summary>
    public static AgentCliHome ForCodex(string openAIBaseUrl, string? key = DummyKey)
    {
        var home = Create();
        var codexHome = Path.Combine(home.Directory, ".codex");
        System.IO.Directory.CreateDirectory(codexHome);
        File.WriteAllText(Path.Combine(codexHome, "config.toml"), $"""
            model_provider = "local"
            check_for_update_on_startup = false

            [model_providers.local]
            name = "local"
            base_url = "{openAIBaseUrl}"
            wire_api = "responses"
            env_key = "{CodexKeyVariable}"

            [analytics]
            enabled = false

            """);
        home._environment["CODEX_HOME"] = codexHome;
        home._environment[CodexKeyVariable] = key;
        return home;
    }

    /// <summary><c>CLAUDE_CONFIG_DIR</c>, <c>ANTHROPIC_BASE_URL</c> = the server's root and a dummy <c>ANTHROPIC_API_KEY</c>.</summary>
    public static AgentCliHome ForClaude(string root, string? key = DummyKey)
    {
        var home = Create();
        var config = Path.Combine(home.Directory, ".claude");
        System.IO.Directory.CreateDirectory(config);
        home._environment["CLAUDE_CONFIG_DIR"] = config;
        home._environment["ANTHROPIC_BASE_URL"] = root;
        home._environment["ANTHROPIC_API_KEY"] = key;
        home._environment["ANTHROPIC_AUTH_TOKEN"] = null;
        home._environment["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1";
        home._environment["DISABLE_AUTOUPDATER"] = "1";
        home._environment["DISABLE_TELEMETRY"] = "1";
        home._environment["DISABLE_ERROR_REPORTING"] = "1";
        return home;
    }

    /// <summary>
    /// <c>$HOME/.gemini/settings.json</c> choosing API-key auth (else gemini exits 41, "Invalid auth method selected")
    /// with usage statistics, telemetry and update checks off; <c>GOOGLE_GEMINI_BASE_URL</c> = the server's root and a
    /// dummy <c>GEMINI_API_KEY</c>.
    /// </summary>
    public static AgentCliHome ForGemini(string root, string? key = DummyKey)
    {
        var home = Create();
        var gemini = Path.Combine(home.Directory, ".gemini");
        System.IO.Directory.CreateDirectory(gemini);
        File.WriteAllText(Path.Combine(gemini, "settings.json"), """
            {
              "security": { "auth": { "selectedType": "gemini-api-key" } },
              "privacy": { "usageStatisticsEnabled": false },
              "telemetry": { "enabled": false },
              "general": { "enableAutoUpdate": false, "enableAutoUpdateNotification": false }
            }
            """);
        home._environment["GOOGLE_GEMINI_BASE_URL"] = root;
        home._environment["GEMINI_API_KEY"] = key;
        home._environment["GOOGLE_API_KEY"] = null;
        home._environment["GOOGLE_CLOUD_PROJECT"] = null;
        home._environment["GEMINI_TELEMETRY_ENABLED"] = "false";
        // gemini writes its error reports to the temp folder: keep them in this home, which is deleted.
        var temp = Path.Combine(home.Directory, "tmp");
        System.IO.Directory.CreateDirectory(temp);
        home._environment["TMPDIR"] = temp;
        return home;
    }

    /// <summary>Sets (or, with null, removes) one more variable, e.g. <c>CLAUDE_CODE_MAX_RETRIES=0</c> so a refused key fails at once.</summary>
    public AgentCliHome With(string name, string? value)
    {
        _environment[name] = value;
        return this;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A CLI killed a moment ago may still be writing its logs here; the temp folder is cleaned up later.
        }
        catch (UnauthorizedAccessException)
        {
            // Same: a file still being written.
        }
    }

    private static AgentCliHome Create() => new(System.IO.Directory.CreateTempSubdirectory("crossreview-agent-home-").FullName);
}
