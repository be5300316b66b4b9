namespace CrossReview.Diffs;

/// <summary>
/// Walks a diff one '\n'-terminated line at a time without copying: lines are spans over the input, so only the
/// text a caller keeps is allocated. A CR before the LF stays in the line (CRLF content must reach the hunk intact).
/// </summary>
internal sealed class DiffLineReader
{
    private readonly string _text;
    private int _start;
    private int _end;

    public DiffLineReader(string text)
    {
        _text = text;
        LineNumber = 0;
        _end = -1;
        Advance();
    }

    public bool AtEnd => _start >= _text.Length;

    /// <summary>1-based number of <see cref="Current"/>, for error messages.</summary>
    public int LineNumber { get; private set; }

    public ReadOnlySpan<char> Current => _text.AsSpan(_start, _end - _start);

    /// <summary>The current line without a trailing CR, for header lines that a CRLF-saved patch file would otherwise spoil.</summary>
    public ReadOnlySpan<char> CurrentTrimmed => Current.TrimEnd('\r');

    public void Advance()
    {
        _start = _end + 1;
        LineNumber++;
        if (_start >= _text.Length)
        {
            _start = _text.Length;
            _end = _text.Length;
            return;
        }

        var newline = _text.AsSpan(_start).IndexOf('\n');
        _end = newline < 0 ? _text.Length : _start + newline;
    }

    /// <summary>The line <paramref name="ahead"/> lines after the current one (1 = next), or an empty span past the end.</summary>
    public ReadOnlySpan<char> Peek(int ahead)
    {
        var start = _start;
        var end = _end;
        for (var i = 0; i < ahead; i++)
        {
            start = end + 1;
            if (start >= _text.Length)
            {
                return [];
            }

            var newline = _text.AsSpan(start).IndexOf('\n');
            end = newline < 0 ? _text.Length : start + newline;
        }

        return _text.AsSpan(start, end - start);
    }
}
