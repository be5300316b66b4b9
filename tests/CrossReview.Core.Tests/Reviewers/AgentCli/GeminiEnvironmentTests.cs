using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing.AgentClis;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// gemini fills unset variables from the trusted repository's <c>.gemini/.env</c>; those that decide where the user's
/// key goes are set for it (empty when the user has none), so the repository cannot fill them.
/// </summary>
public sealed class GeminiEnvironmentTests : IDisposable
{
    private readonly ScratchDirectory _scratch = new();

    public void Dispose() => _scratch.Dispose();

    [Fact]
    public void Build_UserSetsOnlyTheBaseUrl_OtherPinnedVariablesSetEmptyBaseUrlInherited()
    {
        var context = DialectTestKit.Context(_scratch.Path) with
        {
            GetEnvironmentVariable = name => name == "GOOGLE_GEMINI_BASE_URL" ? "http://127.0.0.1:8080" : null,
        };

        var environment = new GeminiDialect().Build(DialectTestKit.Prompt, context).Environment;

        Assert.False(environment.ContainsKey("GOOGLE_GEMINI_BASE_URL"));
        Assert.Equal("", environment["GOOGLE_VERTEX_BASE_URL"]);
        Assert.Equal("", environment["HTTPS_PROXY"]);
        Assert.Equal(GeminiDialect.PinnedVariables.Count - 1, environment.Count);
    }

    [Fact]
    public void Build_InheritedEnvironmentUnknown_NothingPinned()
    {
        Assert.Empty(new GeminiDialect().Build(DialectTestKit.Prompt, DialectTestKit.Context(_scratch.Path)).Environment);
    }

    [Fact]
    public async Task RealGemini_ThroughTheReviewerWithPinnedVariables_ReviewsAgainstTheUsersServer()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        await using var elsewhere = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(bug.ReviewJson), ModelEndpoint.GeminiGenerateContent);
        // What the repository would set if it could: every pinned variable but the one the user set.
        bug.Repo.WriteFile(".gemini/.env", $"GOOGLE_VERTEX_BASE_URL={elsewhere.Root}\nCODE_ASSIST_ENDPOINT={elsewhere.Root}\n");
        using var recorder = ArgvRecorder.Create(AgentClis.Gemini);
        using var home = AgentCliHome.ForGemini(server.Root);
        var environment = new Dictionary<string, string?>(home.Environment, StringComparer.Ordinal)
        {
            ["PATH"] = recorder.PathWith(Environment.GetEnvironmentVariable("PATH")),
        };
        var settings = new ReviewerSettings
        {
            GetEnvironmentVariable = name => environment.TryGetValue(name, out var value) ? value : Environment.GetEnvironmentVariable(name),
            WorkingDirectory = bug.Repo.Root,
            ChildEnvironment = environment,
        };
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        var response = await ReviewerFactory.Create(ReviewerSpec.Parse("gemini:gemini-2.5-pro"), settings).ReviewAsync(bug.Prompt, limit.Token);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.Single(bug.Anchor("gemini", response.Text).Findings);
        Assert.Empty(elsewhere.Requests);
    }
}
