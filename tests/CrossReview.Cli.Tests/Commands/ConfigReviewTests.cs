using System.Text.Json;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests;

/// <summary><c>.crossreview.toml</c> and the user's config as the built CLI applies them, against the scripted server.</summary>
public sealed class ConfigReviewTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("crossreview-cli-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    /// <summary>A home of the test's own, so no test reads the real user's config; no key is needed by loopback openai-chat.</summary>
    private Dictionary<string, string?> Environment() => new()
    {
        ["HOME"] = _home,
        ["XDG_CONFIG_HOME"] = Path.Combine(_home, ".config"),
    };

    private static string Reviewer(string name, ScriptedModelServer server, string model) => $"""
        [reviewers.{name}]
        provider = "openai-chat"
        model = "{model}"
        base_url = "{server.OpenAIBaseUrl}"

        """;

    /// <summary>Commits the config, so it is not itself part of the change under review.</summary>
    private static async Task<string> CommitConfigAsync(ReviewFixture fixture, string toml)
    {
        var path = fixture.Repo.WriteFile(".crossreview.toml", toml);
        await fixture.Repo.GitAsync("add", ".crossreview.toml");
        await fixture.Repo.GitAsync("commit", "-q", "-m", "config");
        return path;
    }

    [Fact]
    public async Task Review_ProfileOfTwoNamedReviewers_BothReviewUnderTheirNames()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.DefaultReply = ScriptedReply.Text(fixture.InjectionReview());
        await CommitConfigAsync(fixture, Reviewer("fast", server, "gpt-4.1-mini") + Reviewer("deep", server, "gpt-4.1") + """
            [profiles.duo]
            reviewers = ["fast", "deep"]
            """);

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Environment(), null, "review", "--profile", "duo", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        var reviewers = report.RootElement.GetProperty("reviewers").EnumerateArray().ToList();
        Assert.Equal(["fast", "deep"], reviewers.Select(r => r.GetProperty("name").GetString()));
        Assert.All(reviewers, r => Assert.Equal("ok", r.GetProperty("status").GetString()));
        var requests = server.ModelRequests(ModelEndpoint.ChatCompletions);
        Assert.Equal(2, requests.Count);
        Assert.Equal(["gpt-4.1", "gpt-4.1-mini"], requests.Select(r => r.FindString("model")).Order(StringComparer.Ordinal));
        var finding = Assert.Single(report.RootElement.GetProperty("findings").EnumerateArray());
        Assert.Equal(["deep", "fast"], finding.GetProperty("reviewers").EnumerateArray().Select(r => r.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Review_NoReviewerGiven_DefaultProfileFromUserConfigUsedAndSaidOnStderr()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        var userConfig = Path.Combine(_home, ".config", "crossreview", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(userConfig)!);
        await File.WriteAllTextAsync(userConfig, "default_profile = \"solo\"\n\n" + Reviewer("mine", server, "gpt-4.1") + "[profiles.solo]\nreviewers = [\"mine\"]\n");

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Environment(), null, "review", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        Assert.Equal("mine", Assert.Single(report.RootElement.GetProperty("reviewers").EnumerateArray()).GetProperty("name").GetString());
        Assert.Single(server.ModelRequests());
        Assert.Contains($"profile 'solo' (default_profile in {userConfig})", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_PathFilter_FileListedNotReviewedAndNotSent()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        await CommitConfigAsync(fixture, "path_filters = [\"app/generated_*.py\"]\n\n" + Reviewer("r", server, "gpt-4.1"));
        fixture.Repo.WriteFile("app/generated_client.py", "MARKER_OF_GENERATED_CONTENT = 1\n");

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Environment(), null, "review", "--reviewer", "r", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var report = JsonDocument.Parse(result.StdOut);
        var files = report.RootElement.GetProperty("target").GetProperty("files").EnumerateArray().ToList();
        var generated = files.Single(f => f.GetProperty("path").GetString() == "app/generated_client.py");
        Assert.False(generated.GetProperty("reviewed").GetBoolean());
        Assert.Equal("filtered by config: app/generated_*.py", generated.GetProperty("skip_reason").GetString());
        Assert.True(files.Single(f => f.GetProperty("path").GetString() == ReviewFixture.File).GetProperty("reviewed").GetBoolean());
        var request = Assert.Single(server.ModelRequests());
        Assert.Contains("find_user", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("MARKER_OF_GENERATED_CONTENT", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_PathInstructions_InThePromptTheServerReceived()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        await CommitConfigAsync(fixture, """
            [[path_instructions]]
            path = "app/**"
            instructions = "Queries here must go through the ORM: flag raw SQL strings."

            [[path_instructions]]
            path = "web/**"
            instructions = "Guidance for files that did not change."

            """ + Reviewer("r", server, "gpt-4.1"));

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Environment(), null, "review", "--reviewer", "r", "--format", "json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var request = Assert.Single(server.ModelRequests());
        Assert.Contains("Queries here must go through the ORM: flag raw SQL strings.", request.Body, StringComparison.Ordinal);
        Assert.Contains($"(applies to: {ReviewFixture.File})", request.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("did not change", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_BrokenConfig_Exit2NamingFileAndLine()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        await CommitConfigAsync(fixture, "[reviewers.r]\nprovider = \"openai-chat\"\nmodle = \"gpt-4.1\"\n");
        var head = (await fixture.Repo.GitAsync("rev-parse", "HEAD")).Trim();

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Environment(), null, "review", "--reviewer", "openai-chat@" + server.OpenAIBaseUrl);

        Assert.True(result.ExitCode == 2, result.ToString());
        // Read as committed: the file is named by the revision it was read at.
        Assert.Contains($"{head[..12]}:.crossreview.toml:3:1: unknown key 'modle' in [reviewers.r]", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(server.ModelRequests());
    }

    [Fact]
    public async Task Review_UnknownProfile_Exit2ListingProfiles()
    {
        using var fixture = await ReviewFixture.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        await CommitConfigAsync(fixture, Reviewer("r", server, "gpt-4.1") + "[profiles.fast]\nreviewers = [\"r\"]\n[profiles.thorough]\nreviewers = [\"r\", \"r\"]\n");

        var result = await CliProcess.RunAsync(fixture.Repo.Root, Environment(), null, "review", "--profile", "nope");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains("unknown profile 'nope'; configured profiles: fast, thorough", result.StdErr, StringComparison.Ordinal);
        Assert.Empty(server.ModelRequests());
    }
}
