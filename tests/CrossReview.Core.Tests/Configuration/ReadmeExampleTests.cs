using System.Text.RegularExpressions;
using CrossReview.Configuration;

namespace CrossReview.Tests.Configuration;

/// <summary>The README's example config is what users copy: it must load as written.</summary>
public sealed partial class ReadmeExampleTests
{
    [Fact]
    public void ReadmeExample_Loads()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(directory.FullName, "README.md")) || !Directory.Exists(Path.Combine(directory.FullName, "src")))
        {
            directory = directory.Parent ?? throw new InvalidOperationException("README.md not found above the test binaries");
        }

        var readme = File.ReadAllText(Path.Combine(directory.FullName, "README.md"));
        var toml = TomlBlock().Match(readme).Groups[1].Value;

        // The example defines a command reviewer and a gateway key: as a repository's file it needs the user's trust.
        var config = ConfigLoader.Merge(ConfigFileReader.Read(toml, "README.md", fromRepository: true, trusted: true), null);

        Assert.Equal("pair", config.DefaultProfile);
        Assert.Equal(["gateway", "codex", "opus", "house"], config.Reviewers.Keys);
        Assert.Equal("LLM_GATEWAY_API_KEY", config.Reviewers["gateway"].ApiKeyEnv);
        Assert.Equal(2, config.PathInstructions.Count);
        Assert.Equal(2, config.Profiles["panel"].Quorum);
    }

    [GeneratedRegex("```toml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex TomlBlock();
}
