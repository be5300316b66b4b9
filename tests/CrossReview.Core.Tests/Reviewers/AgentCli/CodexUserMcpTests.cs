using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing.AgentClis;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// The real <c>codex</c> with an MCP server in the user's own config: its tools would run outside the sandbox, so the
/// reviewer switches it off and codex never starts it.
/// </summary>
public sealed class CodexUserMcpTests
{
    [Fact]
    public async Task RealCodex_UserConfigHasMcpServer_ServerNeverStarted()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        server.Enqueue(ScriptedReply.Text(bug.ReviewJson), ModelEndpoint.Responses);
        using var home = AgentCliHome.ForCodex(server.OpenAIBaseUrl);
        var marker = Path.Combine(home.Directory, "mcp-started");
        File.AppendAllText(Path.Combine(home.Directory, ".codex", "config.toml"), $"""

            [mcp_servers.writer]
            command = "sh"
            args = ["-c", {System.Text.Json.JsonSerializer.Serialize($"touch '{marker}'; sleep 30")}]

            """);
        using var recorder = ArgvRecorder.Create(AgentClis.Codex);
        using var scratch = new ScratchDirectory();
        var dialect = new CodexDialect();
        var context = new AgentCliContext(bug.Repo.Root, null, null, null, scratch.Path, GetEnvironmentVariable: name => home.Environment.GetValueOrDefault(name));

        var invocation = dialect.Build(bug.Prompt, context);
        var result = await RealAgentRun.RunAsync(dialect, invocation, home, recorder, bug.Repo.Root);
        var response = dialect.Interpret(result, context);

        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.False(File.Exists(marker), "codex started the user's MCP server");
        Assert.Contains("mcp_servers.writer.enabled=false", recorder.Invocations(AgentClis.Codex).Single());
    }

    [Fact]
    public void Build_NoCodexHomeVariable_ReadsTheHomeCodexConfig()
    {
        using var scratch = new ScratchDirectory();
        var home = Directory.CreateDirectory(Path.Combine(scratch.Path, "home"));
        Directory.CreateDirectory(Path.Combine(home.FullName, ".codex"));
        File.WriteAllText(Path.Combine(home.FullName, ".codex", "config.toml"), """
            [mcp_servers.one]
            command = "one"

            [mcp_servers.two]
            url = "http://127.0.0.1:1/mcp"

            """);
        var run = Directory.CreateDirectory(Path.Combine(scratch.Path, "run"));
        var context = new AgentCliContext(scratch.Path, null, null, null, run.FullName, GetEnvironmentVariable: name => name == "HOME" ? home.FullName : null);

        var arguments = new CodexDialect().Build(DialectTestKit.Prompt, context).Arguments;

        Assert.Contains("mcp_servers.one.enabled=false", arguments);
        Assert.Contains("mcp_servers.two.enabled=false", arguments);
    }
}
