using System.Diagnostics;
using CrossReview.Reviewers.Detection;

namespace CrossReview.Tests.Reviewers.Detection;

public class EndpointProbeTests
{
    [Fact]
    public async Task GetAsync_ServerAnswering404_IsReachableWithStatus()
    {
        await using var server = LoopbackHttpServer.Answering(404, """{"error":"not found"}""");

        var answer = await new EndpointProbe().GetAsync(new Uri(server.Root, "v1"), CancellationToken.None);

        Assert.True(answer.Reachable);
        Assert.Equal(404, answer.StatusCode);
        Assert.Equal(["GET /v1 HTTP/1.1"], server.RequestLines);
    }

    [Fact]
    public async Task GetAsync_ClosedPort_IsUnreachableWithReason()
    {
        var answer = await new EndpointProbe().GetAsync(LoopbackHttpServer.ClosedPort(), CancellationToken.None);

        Assert.False(answer.Reachable);
        Assert.Equal("connection refused", answer.Error);
    }

    [Fact]
    public async Task GetAsync_SilentServer_GivesUpAtItsTimeout()
    {
        await using var server = LoopbackHttpServer.Silent();
        var stopwatch = Stopwatch.StartNew();

        var answer = await new EndpointProbe(TimeSpan.FromMilliseconds(300)).GetAsync(server.Root, CancellationToken.None);

        Assert.False(answer.Reachable);
        Assert.Contains("no answer within", answer.Error, StringComparison.Ordinal);
        Assert.InRange(stopwatch.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task GetAsync_CallerCancels_Throws()
    {
        await using var server = LoopbackHttpServer.Silent();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => new EndpointProbe(TimeSpan.FromSeconds(30)).GetAsync(server.Root, cancellation.Token));
    }
}
