namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>An empty temporary folder for one run's schema and policy files, as the reviewer provides.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("crossreview-scratch-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
