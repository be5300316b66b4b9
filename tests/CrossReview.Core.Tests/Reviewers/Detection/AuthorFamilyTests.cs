using CrossReview.Git;
using CrossReview.Reviewers;
using CrossReview.Reviewers.Detection;
using CrossReview.Testing;

namespace CrossReview.Tests.Reviewers.Detection;

public class AuthorFamilyTests
{
    private const string ClaudeTrailer = "Co-Authored-By: Claude <noreply@anthropic.com>";

    [Theory]
    [InlineData("Claude <noreply@anthropic.com>", "anthropic")]
    [InlineData("Claude Opus 4.6 <noreply@anthropic.com>", "anthropic")]
    [InlineData("Codex <codex@openai.com>", "openai")]
    [InlineData("ChatGPT <noreply@example.com>", "openai")]
    [InlineData("Claude Sonnet 4.5 <noreply@anthropic.com>", "anthropic")]
    [InlineData("Claude Code <claude@example.com>", "anthropic")]
    [InlineData("Someone <noreply@anthropic.com>", "anthropic")]
    [InlineData("Research Bot <bot@openai.com>", "openai")]
    [InlineData("chatgpt-codex-connector[bot] <199175422+chatgpt-codex-connector[bot]@users.noreply.github.com>", "openai")]
    [InlineData("Gemini <gemini-code-assist@google.com>", "google")]
    [InlineData("Gemini Code Assist <noreply@example.com>", "google")]
    [InlineData("gemini-code-assist[bot] <176961590+gemini-code-assist[bot]@users.noreply.github.com>", "google")]
    [InlineData("Jane Doe <jane@example.com>", null)]
    [InlineData("Claude Monet <claude@monet.example>", null)]
    [InlineData("Jane Doe <jane@google.com>", null)]
    [InlineData("Gptbot Fan <fan@example.com>", null)]
    [InlineData("Openai Fan <codex.fan@example.com>", null)]
    [InlineData("Claudette <claudette@example.com>", null)]
    public void FromTrailer_Value_NamesFamily(string value, string? family) =>
        Assert.Equal(family, AuthorFamily.FromTrailer(value));

    [Theory]
    [InlineData("CLAUDECODE", "1", "anthropic")]
    [InlineData("CODEX_THREAD_ID", "019a-thread", "openai")]
    [InlineData("CODEX_SESSION_ID", "019a-session", "openai")]
    [InlineData("CODEX_SANDBOX_NETWORK_DISABLED", "1", "openai")]
    [InlineData("CODEX_HOME", "/home/u/.codex", null)]
    [InlineData("CODEX_SANDBOX", "seatbelt", "openai")]
    [InlineData("CODEX_MANAGED_BY_NPM", "1", "openai")]
    [InlineData("CLAUDECODE", "0", null)]
    public void FromEnvironment_AgentVariable_NamesFamily(string variable, string value, string? family)
    {
        var author = AuthorFamily.FromEnvironment(name => name == variable ? value : null);
        Assert.Equal(family, author.Families.SingleOrDefault());
    }

    [Fact]
    public async Task DetectAsync_CommitWithClaudeTrailerInsideCodex_IsBothFamilies()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", "one\n");
        await repo.CommitAllAsync("initial");
        repo.WriteFile("a.txt", "two\n");
        var commit = await repo.CommitAllAsync($"change a\n\n{ClaudeTrailer}");
        var change = await new ChangeAcquirer().AcquireAsync(new TargetSpec(TargetKind.Commit, commit), repo.Root, TextReader.Null, CancellationToken.None);

        var author = await AuthorFamily.DetectAsync(null, change, name => name == "CODEX_THREAD_ID" ? "t" : null, CancellationToken.None);

        Assert.Equal(["anthropic", "openai"], author.Families.Order(StringComparer.Ordinal));
        Assert.Equal("CODEX_THREAD_ID is set and Co-Authored-By trailers", author.Source);
    }

    [Fact]
    public async Task DetectAsync_BaseInsideClaudeCodeWithOnlyACodexTrailer_AvoidsBothFamilies()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", "one\n");
        await repo.CommitAllAsync("initial");
        var main = (await repo.GitAsync("rev-parse", "HEAD")).Trim();
        await repo.GitAsync("checkout", "-q", "-b", "feature");
        repo.WriteFile("a.txt", "two\n");
        await repo.CommitAllAsync("change a\n\nCo-authored-by: Codex <codex@openai.com>");
        var change = await new ChangeAcquirer().AcquireAsync(new TargetSpec(TargetKind.Base, main), repo.Root, TextReader.Null, CancellationToken.None);

        var author = await AuthorFamily.DetectAsync(null, change, name => name == "CLAUDECODE" ? "1" : null, CancellationToken.None);

        Assert.Equal(["anthropic", "openai"], author.Families.Order(StringComparer.Ordinal));
        var selection = ReviewerDetector.Choose(
            [
                new("codex", ReviewerSpec.Parse("codex"), "openai", true, "on PATH", null),
                new("claude", ReviewerSpec.Parse("claude"), "anthropic", true, "on PATH", null),
                new("gemini", ReviewerSpec.Parse("gemini"), "google", true, "on PATH", null),
            ],
            author);
        Assert.Equal("gemini", Assert.Single(selection.Specs).Text);
    }

    [Fact]
    public async Task DetectAsync_AuthorOption_BeatsTrailersAndEnvironment()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var commit = await repo.CommitAllAsync($"root\n\n{ClaudeTrailer}");
        var change = await new ChangeAcquirer().AcquireAsync(new TargetSpec(TargetKind.Commit, commit), repo.Root, TextReader.Null, CancellationToken.None);

        var author = await AuthorFamily.DetectAsync("gemini", change, name => name == "CLAUDECODE" ? "1" : null, CancellationToken.None);

        Assert.Equal(["google"], author.Families);
        Assert.Equal("--author", author.Source);
    }

    [Fact]
    public async Task DetectAsync_RangeWithTwoAgents_IsBothFamilies()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", "one\n");
        var first = await repo.CommitAllAsync("initial");
        repo.WriteFile("a.txt", "two\n");
        await repo.CommitAllAsync($"two\n\n{ClaudeTrailer}");
        repo.WriteFile("a.txt", "three\n");
        await repo.CommitAllAsync("three\n\nCo-authored-by: Codex <codex@openai.com>\nCo-Authored-By: Jane <jane@example.com>");
        var change = await new ChangeAcquirer().AcquireAsync(new TargetSpec(TargetKind.Range, $"{first}..HEAD"), repo.Root, TextReader.Null, CancellationToken.None);

        var author = await AuthorFamily.DetectAsync(null, change, _ => null, CancellationToken.None);

        Assert.Equal(["anthropic", "openai"], author.Families.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task DetectAsync_RangeExcludesTrailersBeforeBase()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", "one\n");
        var first = await repo.CommitAllAsync($"initial\n\n{ClaudeTrailer}");
        repo.WriteFile("a.txt", "two\n");
        await repo.CommitAllAsync("human change");
        var change = await new ChangeAcquirer().AcquireAsync(new TargetSpec(TargetKind.Range, $"{first}..HEAD"), repo.Root, TextReader.Null, CancellationToken.None);

        var author = await AuthorFamily.DetectAsync(null, change, _ => null, CancellationToken.None);

        Assert.False(author.IsKnown);
    }

    [Fact]
    public async Task DetectAsync_UncommittedChange_IgnoresTrailersAndUsesEnvironment()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", "one\n");
        await repo.CommitAllAsync($"initial\n\n{ClaudeTrailer}");
        repo.WriteFile("a.txt", "two\n");
        var change = await new ChangeAcquirer().AcquireAsync(TargetSpec.Uncommitted, repo.Root, TextReader.Null, CancellationToken.None);

        var author = await AuthorFamily.DetectAsync(null, change, name => name == "CODEX_SANDBOX" ? "seatbelt" : null, CancellationToken.None);

        Assert.Equal(["openai"], author.Families);
        Assert.Equal("CODEX_SANDBOX is set", author.Source);
    }

    [Fact]
    public async Task DetectAsync_UnknownAuthorOption_IsInputError() =>
        await Assert.ThrowsAsync<InputException>(() => AuthorFamily.DetectAsync("mistral", null, _ => null, CancellationToken.None));
}
