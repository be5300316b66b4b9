using System.Text.Json;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing.AgentClis;
using CrossReview.Testing.ScriptedServer;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// The real <c>gemini</c> with a model that tries to leave plan mode and write: headless gemini allows
/// <c>exit_plan_mode</c> and then runs every tool, so only our admin policy stands between the model and the repository.
/// </summary>
public sealed class GeminiReadOnlyTests
{
    [Fact]
    public async Task RealGemini_ModelExitsPlanModeThenWritesAndRunsCommands_NothingIsWritten()
    {
        using var bug = await SeededBug.CreateAsync();
        await using var server = await ScriptedModelServer.StartAsync();
        var written = bug.Repo.FullPath("pwned-write.txt");
        var shelled = bug.Repo.FullPath("pwned-shell.txt");
        var attempts = new Queue<ScriptedReply>(
        [
            ScriptedReply.ToolCall("write_file", JsonSerializer.Serialize(new { file_path = "plan.md", content = "# plan\n" })),
            ScriptedReply.ToolCall("exit_plan_mode", JsonSerializer.Serialize(new { plan_filename = "plan.md" })),
            ScriptedReply.ToolCall("write_file", JsonSerializer.Serialize(new { file_path = written, content = "pwned" })),
            ScriptedReply.ToolCall("replace", JsonSerializer.Serialize(new { file_path = bug.Repo.FullPath(SeededBug.File), old_string = "result = 0", new_string = "result = 42", instruction = "edit" })),
            ScriptedReply.ToolCall("run_shell_command", JsonSerializer.Serialize(new { command = $"touch '{shelled}'", description = "touch" })),
            ScriptedReply.ToolCall("save_memory", JsonSerializer.Serialize(new { fact = "pwned" })),
        ]);
        server.Script = request => request.Endpoint != ModelEndpoint.GeminiGenerateContent ? null
            : attempts.TryDequeue(out var next) ? next
            : ScriptedReply.Text(bug.ReviewJson);
        using var recorder = ArgvRecorder.Create(AgentClis.Gemini);
        using var scratch = new ScratchDirectory();
        using var home = AgentCliHome.ForGemini(server.Root);
        var dialect = new GeminiDialect();
        var context = new AgentCliContext(bug.Repo.Root, "gemini-2.5-pro", null, null, scratch.Path);

        var result = await RealAgentRun.RunAsync(dialect, dialect.Build(bug.Prompt, context), home, recorder, bug.Repo.Root);
        var response = dialect.Interpret(result, context);

        Assert.True(attempts.Count == 0, $"gemini stopped after {6 - attempts.Count} tool calls: {result.StandardOutput} {result.StandardError}");
        Assert.True(response.Status == ReviewerStatus.Ok, response.Error);
        Assert.False(File.Exists(written), "write_file wrote into the repository");
        Assert.False(File.Exists(shelled), "run_shell_command ran");
        Assert.DoesNotContain("result = 42", File.ReadAllText(bug.Repo.FullPath(SeededBug.File)), StringComparison.Ordinal);
        Assert.Equal([" M " + SeededBug.File], (await bug.Repo.GitAsync("status", "--porcelain")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.EnumerateFiles(home.Directory, "GEMINI.md", SearchOption.AllDirectories).Any(), "save_memory wrote a memory file");
        var argv = Assert.Single(recorder.Invocations(AgentClis.Gemini));
        var policy = DialectTestKit.After(argv, "--admin-policy");
        Assert.StartsWith(scratch.Path, policy, StringComparison.Ordinal);
    }
}
