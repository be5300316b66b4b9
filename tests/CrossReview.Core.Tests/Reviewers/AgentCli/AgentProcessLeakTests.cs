using System.Diagnostics;
using CrossReview.Reviewers;
using CrossReview.Reviewers.AgentCli;
using CrossReview.Testing;
using FakeAgentProgram = CrossReview.FakeAgent.Program;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>Descendants that escape the process-tree guard, and runs nested in other runs.</summary>
public sealed class AgentProcessLeakTests : IDisposable
{
    private readonly FakeAgentSetup _setup = new();

    public void Dispose() => _setup.Dispose();

    [Fact]
    public async Task RunAsync_AgentExitsLeavingUnmarkedChildHoldingStdout_AnswerUsedWithinSeconds()
    {
        var stopwatch = Stopwatch.StartNew();

        // The child dropped the run's marker (as `env -i sleep 300 &` would): no guard finds it, and it keeps stdout open.
        var report = await FakeAgentSetup.ReviewAsync(_setup.CommandReviewer("exit-leaving-unmarked-child"), TimeSpan.FromSeconds(60));

        Assert.Equal(ReviewerStatus.Ok, Assert.Single(report.Reviewers).Status);
        Assert.Single(report.Findings);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
        Assert.Equal(2, _setup.ReadPids().Count);
    }

    [Fact]
    public async Task RunAsync_RunInsideAnotherRun_OuterGuardStillFindsItsProcesses()
    {
        var executable = _setup.Install();
        var outer = ProcessTreeGuard.NewMarker();
        var environment = new Dictionary<string, string?>
        {
            // Inherited from the agent run this review runs in.
            [outer] = "1",
            [FakeAgentProgram.ModeVariable] = "hang",
            [FakeAgentProgram.PidsVariable] = _setup.PidsFile,
            [FakeAgentProgram.RecordVariable] = _setup.RecordFile,
            [FakeAgentProgram.RecordEnvironmentVariable] = ProcessTreeGuard.MarkerPrefix + "*",
        };
        var inner = new AgentProcessRunner(TimeProvider.System).RunAsync(
            executable, [], environment, null, _setup.WorkingDirectory, null, CancellationToken.None);
        await WaitForAsync(() => File.Exists(_setup.PidsFile));

        // The outer run ends: its guard (whose root is long gone) sweeps every process carrying its marker.
        await using (ProcessTreeGuard.Watch(Environment.ProcessId, outer, TimeProvider.System))
        {
        }

        FakeAgentSetup.AssertGone(_setup.ReadPids());
        var result = await inner.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, result.ExitCode);
        var markers = _setup.ReadRecord().Environment;
        Assert.Equal(2, markers.Count);
        Assert.Equal("1", markers[outer]);
        Assert.All(markers, m => Assert.Equal("1", m.Value));
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), "timed out waiting");
            await Task.Delay(50);
        }
    }
}
