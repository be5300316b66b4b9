using System.Globalization;
using System.Text;

namespace CrossReview.Findings;

/// <summary>
/// The short content tag printed beside each new-side line of a prompt (<c>12#a3f|</c>). A model that cites the number
/// and the tag lets the anchorer notice an off-by-some number and move the finding to the line whose content matches.
/// Whitespace is collapsed first so that re-indentation or a CRLF does not change the tag.
/// </summary>
public static class LineHash
{
    /// <summary>Hex digits in a tag: 3 keeps the prompt small; collisions are resolved by preferring the cited hunk and the nearest line.</summary>
    public const int Length = 3;

    public static string Of(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // FNV-1a: stable across processes and platforms, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(CollapseWhitespace(text)))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        // Fold the high bits in: the low 12 bits of FNV-1a alone mix short inputs poorly.
        var folded = (hash ^ (hash >> 12) ^ (hash >> 24)) & 0xFFF;
        return folded.ToString("x3", CultureInfo.InvariantCulture);
    }

    /// <summary>True when <paramref name="tag"/> looks like a tag this class produces.</summary>
    public static bool IsTag(string? tag) =>
        tag is { Length: Length } && tag.All(char.IsAsciiHexDigit);

    internal static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }
}
