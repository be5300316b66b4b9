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

    /// <summary>The variables whose values are secrets: never printed, whatever path a message took to get here.</summary>
    private static readonly string[] SecretVariables =
        [ProviderConnection.OpenAIKeyVariable, ProviderConnection.AnthropicKeyVariable, ProviderConnection.GeminiKeyVariable];

    private readonly Lazy<SecretRedactor> _redactor = new(() => new SecretRedactor(SecretVariables.Select(GetEnvironmentVariable)));

    /// <summary>Blanks every key this process can see out of text bound for stdout, stderr or a report file.</summary>
    public string Redact(string text) => _redactor.Value.Redact(text);

    /// <summary>Colours and live redraws only on a terminal, and never when NO_COLOR is set or TERM is dumb.</summary>
    public bool Plain => !string.IsNullOrEmpty(GetEnvironmentVariable("NO_COLOR")) || GetEnvironmentVariable("TERM") == "dumb";
}
