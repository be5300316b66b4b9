namespace CrossReview.Setup;

/// <summary>How a short read-only command (<c>--version</c>, <c>login status</c>) ended.</summary>
/// <param name="ExitCode">Null when it did not start or was killed at its time limit.</param>
/// <param name="Error">Why there is no exit code.</param>
internal sealed record ToolRun(int? ExitCode, string Stdout, string Stderr, string? Error)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>The first non-empty line of stdout, else of stderr: what a <c>--version</c> prints.</summary>
    public string FirstLine => (Stdout + "\n" + Stderr).Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0) ?? "";
}
