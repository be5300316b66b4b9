using CrossReview.Testing;
using CrossReview.Testing.AgentClis;

namespace CrossReview.Tests;

/// <summary>The login checks run by detection and doctor cannot be answered by the reviewed repository's own agent settings.</summary>
public sealed class LoginCheckFolderTests : IDisposable
{
    private readonly IsolatedMachine _machine = new();

    public void Dispose() => _machine.Dispose();

    [Fact]
    public async Task Doctor_RepositoryClaudeSettingsClaimBedrock_RealClaudeStillNotLoggedIn()
    {
        File.CreateSymbolicLink(Path.Combine(_machine.Bin, "claude"), AgentClis.PathOf("claude"));
        var configDir = Directory.CreateDirectory(Path.Combine(_machine.Home, ".claude-config")).FullName;
        using var repo = await TempGitRepo.CreateAsync();
        // Verified with the pinned claude: started in this folder, `claude auth status` says loggedIn: true (bedrock).
        repo.WriteFile(".claude/settings.json", """{"env":{"CLAUDE_CODE_USE_BEDROCK":"1"}}""");

        var result = await CliProcess.RunAsync(repo.Root, _machine.With(("CLAUDE_CONFIG_DIR", configDir)), null, "doctor");

        Assert.Contains("not logged in (claude auth status)", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("bedrock", result.StdOut, StringComparison.OrdinalIgnoreCase);
    }
}
