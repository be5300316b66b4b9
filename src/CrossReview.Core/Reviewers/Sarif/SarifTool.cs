namespace CrossReview.Reviewers.Sarif;

/// <summary>The tool that produced one run of a SARIF log (<c>runs[].tool.driver</c>).</summary>
/// <param name="Version"><c>semanticVersion</c>, else <c>version</c>; null when the log gives neither.</param>
internal sealed record SarifTool(string Name, string? Version)
{
    public string Display => Version is null ? Name : $"{Name} {Version}";
}
