namespace CrossReview.Cli.Rendering;

/// <summary>Short human status lines on stderr, so stdout stays the report alone.</summary>
internal sealed class StatusWriter(CliEnvironment env)
{
    public static StatusWriter For(CliEnvironment env) => new(env);

    public void Line(string message) => env.Error.WriteLine(env.Redact($"crossreview: {message}"));

    public void SetupAdvice(IReadOnlyList<string> advice, bool toStdout)
    {
        var writer = toStdout ? env.Out : env.Error;
        writer.WriteLine();
        writer.WriteLine("No reviewer is configured, so no model was called. Set up one of these and run again:");
        foreach (var line in advice)
        {
            writer.WriteLine($"  {line}");
        }
    }
}
