using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;

namespace CrossReview.Tests;

/// <summary>Agent-CLI reviewers as a user meets them: the built CLI as a process, with a PATH the test controls.</summary>
public sealed class AgentReviewerCommandTests
{
    [Fact]
    public async Task Review_CodexNotOnPath_Exits2WithInstallHint()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        var bin = Directory.CreateTempSubdirectory("crossreview-path-");
        try
        {
            // Only git is reachable: the change must be read before the reviewer is looked up.
            var git = ExecutableLocator.Find("git", Environment.GetEnvironmentVariable) ?? throw new InvalidOperationException("git is not on PATH");
            File.CreateSymbolicLink(Path.Combine(bin.FullName, "git"), git);
            var environment = new Dictionary<string, string?> { ["PATH"] = bin.FullName };

            var result = await CliProcess.RunAsync(fixture.Repo.Root, environment, null, "review", "--reviewer", "codex");

            Assert.True(result.ExitCode == 2, result.ToString());
            Assert.Equal("", result.StdOut);
            var hint = AgentCliDialects.For(ReviewerProviders.Codex, new ReviewerSettings()).InstallHint;
            Assert.Contains("'codex', which is not on PATH", result.StdErr, StringComparison.Ordinal);
            Assert.Contains(hint, result.StdErr, StringComparison.Ordinal);
            Assert.Contains("@openai/codex", hint, StringComparison.Ordinal);
            Assert.DoesNotContain(" at CrossReview", result.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            bin.Delete(recursive: true);
        }
    }
}
