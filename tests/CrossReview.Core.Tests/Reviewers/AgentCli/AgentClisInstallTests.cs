using CrossReview.Testing.AgentClis;

namespace CrossReview.Tests.Reviewers.AgentCli;

public sealed class AgentClisInstallTests
{
    [Fact]
    public void EnsureInstalled_NpmFails_ThrowsWithNpmsMessage()
    {
        var directory = Directory.CreateTempSubdirectory("crossreview-badpkg-").FullName;
        try
        {
            // Broken JSON fails inside npm before it contacts any registry.
            File.WriteAllText(Path.Combine(directory, "package.json"), "{ not json");

            var error = Assert.Throws<InvalidOperationException>(() => AgentClis.EnsureInstalled(directory));

            Assert.Contains("npm install --prefix " + directory + " failed", error.Message, StringComparison.Ordinal);
            Assert.Contains("EJSONPARSE", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void PathOf_PinnedClis_AreInstalledExecutablesAtThePinnedVersions()
    {
        foreach (var (name, package) in new[] { (AgentClis.Codex, "@openai/codex"), (AgentClis.Claude, "@anthropic-ai/claude-code"), (AgentClis.Gemini, "@google/gemini-cli") })
        {
            var path = AgentClis.PathOf(name);
            Assert.True(File.Exists(path), path);
            var pinned = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AgentClis.PackageDirectory, "package.json")))
                .RootElement.GetProperty("dependencies").GetProperty(package).GetString();
            var installed = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(AgentClis.PackageDirectory, "node_modules", package, "package.json")))
                .RootElement.GetProperty("version").GetString();
            Assert.Equal(pinned, installed);
        }
    }
}
