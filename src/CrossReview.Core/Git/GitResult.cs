namespace CrossReview.Git;

/// <summary>What one git process returned; <see cref="Stdout"/> is decoded as UTF-8, the encoding git writes paths in.</summary>
internal sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}
