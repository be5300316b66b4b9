using System.Text;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// Keeps only the last bytes a child wrote to a stream (its stderr): enough to say why it failed, never the megabytes
/// of progress some tools print there.
/// </summary>
internal sealed class OutputTail(int capacity)
{
    private readonly byte[] _buffer = new byte[capacity * 2];
    private int _length;
    private bool _dropped;

    public async Task ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        var chunk = new byte[16384];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            Append(chunk.AsSpan(0, read));
        }
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (data.Length >= capacity)
        {
            data[^capacity..].CopyTo(_buffer);
            _length = capacity;
            _dropped = true;
            return;
        }

        if (_length + data.Length > _buffer.Length)
        {
            // Slide the newest capacity bytes to the front; the doubled buffer makes this rare.
            var keep = capacity - data.Length;
            _buffer.AsSpan(_length - keep, keep).CopyTo(_buffer);
            _length = keep;
            _dropped = true;
        }

        data.CopyTo(_buffer.AsSpan(_length));
        _length += data.Length;
    }

    /// <summary>The kept bytes as text; when the beginning was dropped, from the first complete character on.</summary>
    public string Text()
    {
        var start = Math.Max(0, _length - capacity);
        while ((_dropped || start > 0) && start < _length && (_buffer[start] & 0xC0) == 0x80)
        {
            start++;
        }

        return Encoding.UTF8.GetString(_buffer, start, _length - start);
    }
}
