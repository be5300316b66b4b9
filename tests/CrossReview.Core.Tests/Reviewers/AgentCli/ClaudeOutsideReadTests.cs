using System.Text.Json;
using CrossReview.Reviewers;
using CrossReview.Testing.AgentClis;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// The real <c>claude</c> with a model that reads files outside the repository (a stand-in for <c>~/.ssh/id_rsa</c>, and
/// claude's own credentials file): what goes back to the server must not hold their contents.
/// </summary>
public sealed class ClaudeOutsideReadTests
{
    private const string StructuredOutputTool = "StructuredOutput";

    [Fact]
    public async Task RealClaude_ModelReadsFilesOutsideTheRepository_TheirContentIsNotSent()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        using var outside = new ScratchDirectory();
        var secret = Path.Combine(outside.Path, "id_rsa");
        File.WriteAllText(secret, "OUTSIDE-SECRET-5d1a\n");
        using var home = AgentCliHome.ForClaude(server.Root);
        var credentials = Path.Combine(home.Environment["CLAUDE_CONFIG_DIR"]!, ".credentials.json");
        File.WriteAllText(credentials, """{"claudeAiOauth":{"accessToken":"CREDENTIAL-SECRET-8c2e"}}""");
        bug.Repo.WriteFile("notes.txt", "REPO-READ-MARKER-3b7c\n");
        var inside = bug.Repo.FullPath("notes.txt");
        // A change can commit a symbolic link that points out of the repository.
        var link = bug.Repo.FullPath("key-link");
        File.CreateSymbolicLink(link, secret);
        var attempts = new Queue<ScriptedReply>(
        [
            ScriptedReply.ToolCall("Read", JsonSerializer.Serialize(new { file_path = secret })),
            ScriptedReply.ToolCall("Read", JsonSerializer.Serialize(new { file_path = credentials })),
            ScriptedReply.ToolCall("Grep", JsonSerializer.Serialize(new { pattern = "SECRET", path = outside.Path, output_mode = "content" })),
            ScriptedReply.ToolCall("Read", JsonSerializer.Serialize(new { file_path = link })),
            ScriptedReply.ToolCall("Read", JsonSerializer.Serialize(new { file_path = inside })),
            ScriptedReply.ToolCall(StructuredOutputTool, bug.ReviewJson),
        ]);
        server.Script = request => request.Endpoint != ModelEndpoint.AnthropicMessages || !request.OffersTool(StructuredOutputTool) ? null
            : attempts.TryDequeue(out var next) ? next
            : ScriptedReply.Text("Review submitted.");
        using var recorder = ArgvRecorder.Create(AgentClis.Claude);

        var response = await RealAgentReviewer.ReviewAsync("claude", bug, home, recorder, null, null);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.Empty(attempts);
        var bodies = server.ModelRequests(ModelEndpoint.AnthropicMessages).Select(r => r.Body).ToList();
        Assert.DoesNotContain(bodies, b => b.Contains("OUTSIDE-SECRET-5d1a", StringComparison.Ordinal));
        Assert.DoesNotContain(bodies, b => b.Contains("CREDENTIAL-SECRET-8c2e", StringComparison.Ordinal));
        // The repository itself stays readable.
        Assert.Contains(bodies, b => b.Contains("REPO-READ-MARKER-3b7c", StringComparison.Ordinal));
    }
}
