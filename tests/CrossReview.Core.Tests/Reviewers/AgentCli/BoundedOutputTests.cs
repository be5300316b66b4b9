using System.Text;
using CrossReview.Reviewers.AgentCli;

namespace CrossReview.Tests.Reviewers.AgentCli;

public class BoundedOutputTests
{
    [Fact]
    public async Task ReadAsync_PastLimit_KeepsOnlyLimitCallsBackOnceAndDrains()
    {
        var calls = 0;
        var output = new BoundedOutput(1000, () => calls++);
        using var source = new MemoryStream(Encoding.ASCII.GetBytes(new string('a', 50_000)));

        await output.ReadAsync(source, CancellationToken.None);

        Assert.True(output.Overflowed);
        Assert.Equal(1, calls);
        Assert.Equal(new string('a', 1000), output.Text());
        Assert.Equal(source.Length, source.Position);
    }

    [Fact]
    public async Task ReadAsync_AtLimit_NotOverflowed()
    {
        var output = new BoundedOutput(5, () => Assert.Fail("no overflow expected"));
        using var source = new MemoryStream("héllo"u8.ToArray()[..5]);

        await output.ReadAsync(source, CancellationToken.None);

        Assert.False(output.Overflowed);
        Assert.Equal("héll", output.Text());
    }

    [Fact]
    public async Task OutputTail_LongStream_KeepsLastBytesFromACompleteCharacter()
    {
        var tail = new OutputTail(10);
        var text = string.Concat(Enumerable.Range(0, 500).Select(i => $"line {i} é\n"));
        using var source = new MemoryStream(Encoding.UTF8.GetBytes(text));

        await tail.ReadAsync(source, CancellationToken.None);

        var kept = tail.Text();
        Assert.EndsWith("line 499 é\n", text, StringComparison.Ordinal);
        Assert.True(text.EndsWith(kept, StringComparison.Ordinal), $"'{kept}' is not the end of the stream");
        Assert.InRange(Encoding.UTF8.GetByteCount(kept), 9, 10);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(64)]
    public async Task OutputTail_ChunkedWrites_EqualsEndOfStream(int chunk)
    {
        var tail = new OutputTail(100);
        var bytes = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        using var source = new ChunkedStream(bytes, chunk);

        await tail.ReadAsync(source, CancellationToken.None);

        Assert.Equal(Encoding.ASCII.GetString(bytes[^100..]), tail.Text());
    }

    /// <summary>Returns at most a fixed number of bytes per read, as a pipe does when the writer is slow.</summary>
    private sealed class ChunkedStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
