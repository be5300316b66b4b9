using System.Text;

namespace CrossReview.Diffs;

/// <summary>
/// Reads the C-style quoted names git (and GNU diff) print for paths with special characters:
/// <c>"a/sp ace/\303\251.txt"</c>, where octal escapes are the bytes of the UTF-8 name.
/// </summary>
internal static class GitPathQuoting
{
    /// <summary>Unquotes the quoted name at the start of <paramref name="text"/> (which must begin with <c>"</c>).</summary>
    /// <param name="consumed">How many characters the quoted name took, closing quote included.</param>
    public static bool TryUnquote(ReadOnlySpan<char> text, out string name, out int consumed)
    {
        name = string.Empty;
        consumed = 0;
        if (text.IsEmpty || text[0] != '"')
        {
            return false;
        }

        // Escapes are bytes, the rest are characters: gather everything as UTF-8 bytes, decode once.
        var bytes = new List<byte>(text.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (var i = 1; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '"')
            {
                name = Encoding.UTF8.GetString([.. bytes]);
                consumed = i + 1;
                return true;
            }

            if (c != '\\')
            {
                if (char.IsSurrogate(c))
                {
                    if (i + 1 >= text.Length)
                    {
                        return false;
                    }

                    var written = Encoding.UTF8.GetBytes(text.Slice(i, 2), utf8);
                    AddRange(bytes, utf8[..written]);
                    i++;
                }
                else
                {
                    var written = Encoding.UTF8.GetBytes(text.Slice(i, 1), utf8);
                    AddRange(bytes, utf8[..written]);
                }

                continue;
            }

            if (++i >= text.Length)
            {
                return false;
            }

            switch (text[i])
            {
                case 'a': bytes.Add(0x07); break;
                case 'b': bytes.Add(0x08); break;
                case 't': bytes.Add(0x09); break;
                case 'n': bytes.Add(0x0A); break;
                case 'v': bytes.Add(0x0B); break;
                case 'f': bytes.Add(0x0C); break;
                case 'r': bytes.Add(0x0D); break;
                case '"': bytes.Add((byte)'"'); break;
                case '\\': bytes.Add((byte)'\\'); break;
                case >= '0' and <= '3' when i + 2 < text.Length && IsOctal(text[i + 1]) && IsOctal(text[i + 2]):
                    bytes.Add((byte)(((text[i] - '0') << 6) | ((text[i + 1] - '0') << 3) | (text[i + 2] - '0')));
                    i += 2;
                    break;
                default:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads one name as diff headers print it: quoted, or plain up to the first tab (GNU diff and git put a tab
    /// before a timestamp, and git adds a lone tab after names that contain a space).
    /// </summary>
    public static string? ReadHeaderName(ReadOnlySpan<char> text)
    {
        if (!text.IsEmpty && text[0] == '"')
        {
            return TryUnquote(text, out var quoted, out _) ? quoted : null;
        }

        var tab = text.IndexOf('\t');
        var plain = tab < 0 ? text : text[..tab];
        return plain.IsEmpty ? null : plain.ToString();
    }

    /// <summary>Drops the first path component, as <c>patch -p1</c> and <c>git apply</c> do; a name without one is kept.</summary>
    public static string StripFirstComponent(string name)
    {
        var slash = name.IndexOf('/');
        return slash < 0 ? name : name[(slash + 1)..];
    }

    private static bool IsOctal(char c) => c is >= '0' and <= '7';

    private static void AddRange(List<byte> bytes, ReadOnlySpan<byte> values)
    {
        foreach (var b in values)
        {
            bytes.Add(b);
        }
    }
}
