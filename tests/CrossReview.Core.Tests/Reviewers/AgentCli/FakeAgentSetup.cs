using System.Globalization;
using System.Text.Json;
using CrossReview.Diffs;
using CrossReview.Engine;
using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Reports;
using CrossReview.Reviewers;
using CrossReview.Testing;
using FakeAgentProgram = CrossReview.FakeAgent.Program;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// A temporary folder with a bin directory (the only PATH the code under test sees) holding the fake agent under
/// whatever name a test installs, plus the files the fake records its argv, stdin and process ids into.
/// </summary>
internal sealed class FakeAgentSetup : IDisposable
{
    public const string Patch = """
        diff --git a/app.py b/app.py
        --- a/app.py
        +++ b/app.py
        @@ -1,2 +1,4 @@
         import os
        +def run(cmd):
        +    os.system(cmd)
         x = 1

        """;

    public const string Review = """
        {"verdict":"request_changes","summary":"Shell injection.","findings":[{"title":"Shell injection","body":"cmd reaches the shell.",
         "severity":"major","category":"security","file":"app.py","start_line":3,"end_line":3,"confidence":0.8,"recommendation":"Use subprocess with a list."}]}
        """;

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("crossreview-fakeagent-");

    public FakeAgentSetup()
    {
        Bin = Directory.CreateDirectory(Path.Combine(_root.FullName, "bin")).FullName;
        WorkingDirectory = Directory.CreateDirectory(Path.Combine(_root.FullName, "repo")).FullName;
    }

    public string Bin { get; }
    public string WorkingDirectory { get; }
    public string RecordFile => Path.Combine(_root.FullName, "record.json");
    public string PidsFile => Path.Combine(_root.FullName, "pids.txt");

    /// <summary>Puts the fake on the bin directory as <paramref name="name"/>.</summary>
    public string Install(string name = "my-reviewer") => FakeAgentCli.WriteExecutable(Bin, name);

    /// <summary>
    /// Settings whose PATH is the bin directory only, whose child environment selects <paramref name="mode"/> and
    /// points the fake at this setup's record and pid files.
    /// </summary>
    public ReviewerSettings Settings(string mode, IReadOnlyList<string>? command = null, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var child = new Dictionary<string, string?>
        {
            [FakeAgentProgram.ModeVariable] = mode,
            [FakeAgentProgram.RecordVariable] = RecordFile,
            [FakeAgentProgram.PidsVariable] = PidsFile,
            [FakeAgentProgram.ReviewVariable] = Review,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            child[name] = value;
        }

        return new ReviewerSettings
        {
            GetEnvironmentVariable = name => name == "PATH" ? Bin : null,
            WorkingDirectory = WorkingDirectory,
            ChildEnvironment = child,
            Command = command,
            DisplayName = "command:fake",
        };
    }

    /// <summary>A <c>command:fake</c> reviewer running the fake, installed as <c>my-reviewer</c>, with <paramref name="arguments"/>.</summary>
    public IReviewer CommandReviewer(string mode, IReadOnlyDictionary<string, string?>? environment = null, params string[] arguments)
    {
        Install();
        return ReviewerFactory.Create(ReviewerSpec.Parse("command:fake"), Settings(mode, ["my-reviewer", .. arguments], environment));
    }

    public static ReviewRun Run(IReviewer reviewer, TimeSpan timeout)
    {
        var change = new AcquiredChange(TargetKind.Diff, null, null, null, Patch, UnifiedDiffParser.Parse(Patch));
        var plan = ReviewPlanner.Plan(change);
        return new ReviewRun(change, plan, PromptBuilder.BuildReview(plan, null, 1024), [reviewer], timeout);
    }

    public static Task<Report> ReviewAsync(IReviewer reviewer, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        new ReviewEngine(TimeProvider.System).RunAsync(Run(reviewer, timeout), NullReviewProgress.Instance, cancellationToken);

    public Recorded ReadRecord()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RecordFile));
        var root = document.RootElement;
        return new Recorded(
            [.. root.GetProperty("argv").EnumerateArray().Select(a => a.GetString()!)],
            root.GetProperty("stdin").GetString()!,
            root.GetProperty("cwd").GetString()!,
            root.GetProperty("env").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()));
    }

    /// <summary>The process ids the fake wrote; the file must exist (the fake writes it as soon as all are running).</summary>
    public IReadOnlyList<int> ReadPids()
    {
        Assert.True(File.Exists(PidsFile), "the fake never wrote its process ids");
        return [.. File.ReadAllLines(PidsFile).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
    }

    /// <summary>Asserts each process has exited: no <c>/proc</c> entry, or only a zombie waiting to be reaped (it runs nothing).</summary>
    public static void AssertGone(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            var stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
            string? text = null;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                // No /proc entry: the process is gone.
            }

            var state = text is null ? (char?)null : text[(text.LastIndexOf(')') + 2)..][0];
            Assert.True(state is null or 'Z', $"process {pid} is still running (state {state}): {text}");
        }
    }

    public void Dispose()
    {
        // A test that failed because a process survived must not leave it running for the rest of the suite.
        if (File.Exists(PidsFile))
        {
            foreach (var pid in File.ReadAllLines(PidsFile).Where(l => l.Length > 0).Select(l => int.Parse(l, CultureInfo.InvariantCulture)))
            {
                try
                {
                    using var process = System.Diagnostics.Process.GetProcessById(pid);
                    if (File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline").Contains(FakeAgentCli.DllPath, StringComparison.Ordinal))
                    {
                        process.Kill();
                    }
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
                {
                    // Already gone, as it should be.
                }
            }
        }

        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder must not fail a test that passed.
        }
    }

    public sealed record Recorded(IReadOnlyList<string> Argv, string Stdin, string WorkingDirectory, IReadOnlyDictionary<string, string?> Environment);
}
