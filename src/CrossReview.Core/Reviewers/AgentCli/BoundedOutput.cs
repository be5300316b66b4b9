using System.Text;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// Collects a child's stdout up to a cap. Past the cap it keeps nothing more, calls back once (the runner then kills
/// the process) and drains the rest, so a tool printing without end never holds more than the cap in memory.
/// </summary>
/// <param name="progress">Receives the number of bytes kept so far: an agent's event stream is its sign of life.</param>
internal sealed class BoundedOutput(int limit, Action onOverflow, IProgress<int>? progress = null)
{
    private readonly MemoryStream _kept = new();

    public bool Overflowed { get; private set; }

    public async Task ReadAsync(Stream source, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (Overflowed)
            {
                continue;
            }

            var room = limit - (int)_kept.Length;
            _kept.Write(buffer, 0, Math.Min(room, read));
            progress?.Report((int)_kept.Length);
            if (read > room)
            {
                Overflowed = true;
                onOverflow();
            }
        }
    }

    /// <summary>What was kept, decoded; only its first <paramref name="maxBytes"/> bytes when given.</summary>
    public string Text(int maxBytes = int.MaxValue) =>
        Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)Math.Min(_kept.Length, maxBytes));
}
