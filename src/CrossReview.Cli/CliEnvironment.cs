using CrossReview.Configuration;
using CrossReview.Reviewers;
using CrossReview.Reviewers.Http;

namespace CrossReview.Cli;

/// <summary>The process's outside world, passed in so commands never read globals directly.</summary>
internal sealed record CliEnvironment(
    TextReader In,
    TextWriter Out,
    TextWriter Error,
    bool OutputIsTerminal,
    bool ErrorIsTerminal,
    Func<string, string?> GetEnvironmentVariable,
    string CurrentDirectory,
    TimeProvider TimeProvider)
{
    public static CliEnvironment FromProcess() => new(
        Console.In,
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected,
        !Console.IsErrorRedirected,
        Environment.GetEnvironmentVariable,
        Directory.GetCurrentDirectory(),
        TimeProvider.System);

    /// <summary>
    /// The variables whose values are secrets: never printed, whatever path a message took to get here. The config's
    /// <c>api_key_env</c> variables join them once it is loaded (<see cref="RedactKeysOf"/>).
    /// </summary>
    private readonly HashSet<string> _secretVariables = new(StringComparer.Ordinal)
    {
        ProviderConnection.OpenAIKeyVariable, ProviderConnection.AnthropicKeyVariable, ProviderConnection.GeminiKeyVariable,
        "GOOGLE_API_KEY", "CODEX_API_KEY",
    };

    private readonly Lock _gate = new();
    private SecretRedactor? _redactor;

    /// <summary>Blanks every key this process can see out of text bound for stdout, stderr or a report file.</summary>
    public string Redact(string text)
    {
        lock (_gate)
        {
            _redactor ??= new SecretRedactor(_secretVariables.Select(GetEnvironmentVariable));
            return _redactor.Redact(text);
        }
    }

    /// <summary>Adds the variables the config's reviewers read keys from (<c>api_key_env</c>) to those redacted.</summary>
    public void RedactKeysOf(CrossReviewConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        lock (_gate)
        {
            foreach (var variable in config.Reviewers.Values.Select(r => r.ApiKeyEnv).OfType<string>())
            {
                if (_secretVariables.Add(variable))
                {
                    _redactor = null;
                }
            }
        }
    }

    /// <summary>Colours and live redraws only on a terminal, and never when NO_COLOR is set or TERM is dumb.</summary>
    public bool Plain => !string.IsNullOrEmpty(GetEnvironmentVariable("NO_COLOR")) || GetEnvironmentVariable("TERM") == "dumb";
}
