using System.Diagnostics;
using CrossReview.Engine;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing;
using FakeAgentProgram = CrossReview.FakeAgent.Program;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// The process side of agent-CLI reviewers, against a real fake agent executable started through the real factory and
/// (end to end) the real engine, so statuses are the ones a report shows.
/// </summary>
public sealed class AgentCliReviewerTests : IDisposable
{
    private static readonly TimeSpan HangTimeout = TimeSpan.FromSeconds(3);

    private readonly FakeAgentSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task RunAsync_CommandPrintsReview_FindingParsedAndAnchored()
    {
        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("review"), TimeSpan.FromSeconds(60));

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal(ReviewerStatus.Ok, reviewer.Status);
        Assert.Equal(ReviewerProviders.Command, reviewer.Provider);
        Assert.Null(reviewer.Model);
        Assert.Null(reviewer.Sandbox);
        var finding = Assert.Single(report.Findings);
        Assert.Equal(("app.py", 3), (finding.File, finding.StartLine));
        Assert.Equal("request_changes", report.Verdict);
    }

    [Fact]
    public async Task ReviewAsync_CommandReviewer_PromptOnStdinAndStdinClosed()
    {
        var prompt = ReviewerTestKit.Prompt();

        var response = await _setup.CommandReviewer("review").ReviewAsync(prompt, CancellationToken.None);

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal(prompt.System + "\n\n" + prompt.User, _setup.ReadRecord().Stdin);
    }

    [Fact]
    public async Task ReviewAsync_NoStandardInput_EmptyClosedStdin()
    {
        var reviewer = CreateWithDialect(new TestDialect("my-reviewer"), "review");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The fake reads stdin to its end before it answers: an open stdin would hang it until the timeout.
        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), timeout.Token);

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal("", _setup.ReadRecord().Stdin);
    }

    [Fact]
    public async Task ReviewAsync_AwkwardArguments_EachArrivesExactlyAsOneArgument()
    {
        string[] arguments = ["two words", "say \"hi\"", "it's", "naïve ✓ 日本語", "", "back\\slash\\", "line1\nline2", "$HOME", "a;b|c&&d", "*"];

        var response = await _setup.CommandReviewer("review", null, arguments).ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal(arguments, _setup.ReadRecord().Argv);
    }

    [Fact]
    public async Task ReviewAsync_Environment_InheritedThenSettingsThenDialect()
    {
        var dialect = new TestDialect("my-reviewer")
        {
            Environment = new Dictionary<string, string?> { ["SHARED"] = "from-dialect", ["REMOVED"] = null },
        };
        var reviewer = CreateWithDialect(dialect, "review", new Dictionary<string, string?>
        {
            ["SHARED"] = "from-settings",
            ["ONLY_SETTINGS"] = "settings-value",
            ["REMOVED"] = "should-not-arrive",
            [FakeAgentProgram.RecordEnvironmentVariable] = "SHARED,ONLY_SETTINGS,REMOVED,PATH",
        });

        await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        var environment = _setup.ReadRecord().Environment;
        Assert.Equal("from-dialect", environment["SHARED"]);
        Assert.Equal("settings-value", environment["ONLY_SETTINGS"]);
        Assert.Null(environment["REMOVED"]);
        Assert.Equal(Environment.GetEnvironmentVariable("PATH"), environment["PATH"]);
    }

    [Fact]
    public async Task ReviewAsync_Run_StartsInWorkingDirectoryAndDeletesScratch()
    {
        var dialect = new TestDialect("my-reviewer");

        var response = await CreateWithDialect(dialect, "review").ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Ok, response.Status);
        Assert.Equal(_setup.WorkingDirectory, _setup.ReadRecord().WorkingDirectory);
        Assert.Equal(_setup.WorkingDirectory, dialect.Context!.WorkingDirectory);
        Assert.False(Directory.Exists(dialect.Context.ScratchDirectory));
    }

    [Fact]
    public async Task ReviewAsync_OutputProgress_ReportsBytesOfStdout()
    {
        var reported = new List<int>();
        _setup.Install();
        var settings = _setup.Settings("review", ["my-reviewer"]) with { OutputProgress = new SynchronousProgress(reported.Add) };
        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse("command:fake"), settings);

        await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(FakeAgentSetup.Review), reported[^1]);
    }

    [Fact]
    public async Task ReviewAsync_VersionArguments_DetailsCarryVersionSandboxAndEffort()
    {
        var dialect = new TestDialect("my-reviewer") { VersionArguments = ["--version"], Sandbox = "read-only" };
        _setup.Install();
        var settings = _setup.Settings("review") with { Effort = "high" };
        var reviewer = new AgentCliReviewer("fake", dialect, Path.Combine(_setup.Bin, "my-reviewer"), "m", settings);

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(new ReviewerDetails(FakeAgentProgram.Version, "read-only", "high"), response.Details);
        Assert.Equal("m", dialect.Context!.Model);
    }

    [Fact]
    public async Task RunAsync_AgentHangs_TimeoutAtLimitAndNoProcessLeft()
    {
        var stopwatch = Stopwatch.StartNew();

        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("hang"), HangTimeout);

        Assert.Equal(ReviewerStatus.Timeout, Assert.Single(report.Reviewers).Status);
        Assert.Equal("error", report.Verdict);
        // Ended at the limit, not by the fake itself; the upper bound only proves it ended (generous: a busy machine is slow).
        Assert.InRange(stopwatch.Elapsed, HangTimeout, HangTimeout + TimeSpan.FromSeconds(60));
        FakeAgentSetup.AssertGone(_setup.ReadPids());
    }

    [Fact]
    public async Task RunAsync_AgentAndChildIgnoreSignals_ForcefulKillLeavesNoProcess()
    {
        var ignore = new Dictionary<string, string?> { [FakeAgentProgram.IgnoreSignalsVariable] = "1" };
        var stopwatch = Stopwatch.StartNew();

        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("hang-with-child", ignore), HangTimeout);

        Assert.Equal(ReviewerStatus.Timeout, Assert.Single(report.Reviewers).Status);
        // Deaf to SIGINT, the fake is killed only after the grace period.
        Assert.InRange(stopwatch.Elapsed, HangTimeout + TimeSpan.FromSeconds(2.8), HangTimeout + TimeSpan.FromSeconds(60));
        var pids = _setup.ReadPids();
        Assert.Equal(2, pids.Count);
        FakeAgentSetup.AssertGone(pids);
    }

    [Fact]
    public async Task RunAsync_AgentExitsOnSigintLeavingChild_ChildGone()
    {
        // The root obeys SIGINT, its child ignores it and is left without a parent for the tree kill to find.
        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("hang-with-child"), HangTimeout);

        Assert.Equal(ReviewerStatus.Timeout, Assert.Single(report.Reviewers).Status);
        FakeAgentSetup.AssertGone(_setup.ReadPids());
    }

    [Fact]
    public async Task RunAsync_AgentExitsLeavingChildHoldingStdout_AnswerUsedAndChildGone()
    {
        var stopwatch = Stopwatch.StartNew();

        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("exit-leaving-child"), TimeSpan.FromSeconds(60));

        Assert.Equal(ReviewerStatus.Ok, Assert.Single(report.Reviewers).Status);
        Assert.Single(report.Findings);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
        FakeAgentSetup.AssertGone(_setup.ReadPids());
    }

    [Fact]
    public async Task ReviewAsync_TokenCancelled_ThrowsAndTreeGone()
    {
        var reviewer = _setup.CommandReviewer("hang-with-child");
        using var cancel = new CancellationTokenSource();
        var review = reviewer.ReviewAsync(ReviewerTestKit.Prompt(), cancel.Token);
        await WaitForAsync(() => File.Exists(_setup.PidsFile));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => review);
        FakeAgentSetup.AssertGone(_setup.ReadPids());
    }

    [Fact]
    public async Task RunAsync_AgentCrashes_FailedWithExitCodeAndStderrTail()
    {
        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("crash"), TimeSpan.FromSeconds(60));

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal(ReviewerStatus.Failed, reviewer.Status);
        Assert.Contains("exited with code 3", reviewer.Error, StringComparison.Ordinal);
        Assert.Contains("error: the model endpoint refused the request | fatal: giving up", reviewer.Error, StringComparison.Ordinal);
        Assert.Equal("error", report.Verdict);
    }

    [Fact]
    public async Task RunAsync_AgentThrows_FailedWithExitCodeAndExceptionMessage()
    {
        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("throw"), TimeSpan.FromSeconds(60));

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal(ReviewerStatus.Failed, reviewer.Status);
        // An unhandled .NET exception aborts (128 + SIGABRT), but an exit code alone cannot tell a signal from exit(134).
        Assert.Contains("exited with code 134", reviewer.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("signal", reviewer.Error, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("fake agent crashed on purpose", reviewer.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_AgentPrintsGarbage_FailedWithRawOutputNeverApproved()
    {
        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("garbage"), TimeSpan.FromSeconds(60));

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal(ReviewerStatus.Failed, reviewer.Status);
        Assert.StartsWith("could not parse", reviewer.Error, StringComparison.Ordinal);
        Assert.Contains("not json at all", reviewer.RawOutput, StringComparison.Ordinal);
        Assert.NotEqual("approve", report.Verdict);
        Assert.Equal(ExitCodes.CouldNotComplete, ReviewOutcome.ExitCode(report, null));
    }

    [Fact]
    public async Task RunAsync_CommandPrintsClaudeResultWithoutReview_FailedNotApproved()
    {
        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("claude-no-structured-output"), TimeSpan.FromSeconds(60));

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal(ReviewerStatus.Failed, reviewer.Status);
        Assert.Equal(FakeAgentProgram.ClaudeResultWithoutStructuredOutput, reviewer.RawOutput);
        Assert.Equal("error", report.Verdict);
    }

    [Fact]
    public async Task RunAsync_AgentPrintsFiftyMebibytes_FailedQuicklyNamingTheCap()
    {
        var stopwatch = Stopwatch.StartNew();

        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("huge"), TimeSpan.FromSeconds(120));

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal(ReviewerStatus.Failed, reviewer.Status);
        Assert.Contains("printed more than 16 MiB on stdout", reviewer.Error, StringComparison.Ordinal);
        Assert.True(reviewer.RawOutput!.Length <= 128 * 1024, $"raw output kept {reviewer.RawOutput.Length} characters");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(60), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task ReviewAsync_OutputPastLoweredCap_KilledAndNamesThatCap()
    {
        _setup.Install();
        var settings = _setup.Settings("huge", ["my-reviewer"]);
        var runner = new AgentProcessRunner(TimeProvider.System) { OutputLimit = 1024 * 1024 };
        var reviewer = new AgentCliReviewer("fake", new CommandDialect(["my-reviewer"]), Path.Combine(_setup.Bin, "my-reviewer"), null, settings, runner);

        var response = await reviewer.ReviewAsync(ReviewerTestKit.Prompt(), CancellationToken.None);

        Assert.Equal(ReviewerStatus.Failed, response.Status);
        Assert.Contains("printed more than 1 MiB", response.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_CommandNotOnPath_InputExceptionNamesProgramAndHint()
    {
        var settings = _setup.Settings("review", ["no-such-reviewer-tool", "--flag"]);

        var error = Assert.Throws<InputException>(() => ReviewerFactory.Create(ReviewerSpec.Parse("command:fake"), settings));

        Assert.Contains("'no-such-reviewer-tool', which is not on PATH", error.Message, StringComparison.Ordinal);
        Assert.Contains(new CommandDialect(["x"]).InstallHint, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CommandWithoutCommand_InputException()
    {
        var error = Assert.Throws<InputException>(() => ReviewerFactory.Validate(ReviewerSpec.Parse("command:fake"), _setup.Settings("review")));

        Assert.Contains("has no command", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_RelativeCommandPath_ResolvedAgainstWorkingDirectory()
    {
        FakeAgentCli.WriteExecutable(Path.Combine(_setup.WorkingDirectory, "tools"), "review.sh");

        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse("command:fake"), _setup.Settings("review", ["./tools/review.sh"]));

        Assert.Equal("command:fake", reviewer.Name);
    }

    private AgentCliReviewer CreateWithDialect(TestDialect dialect, string mode, IReadOnlyDictionary<string, string?>? environment = null)
    {
        _setup.Install(dialect.Executable);
        return new AgentCliReviewer("fake", dialect, Path.Combine(_setup.Bin, dialect.Executable), null, _setup.Settings(mode, null, environment));
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), "the fake agent never got going");
            await Task.Delay(20);
        }
    }
}
