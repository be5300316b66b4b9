using System.Security.Cryptography;
using System.Text;

namespace CrossReview.Findings;

/// <summary>
/// A finding's identity across runs and reviewers (DESIGN §3): file, category, normalized title and the normalized code
/// it points at. Line numbers are left out on purpose so that the fingerprint survives edits above the finding.
/// </summary>
public static class FindingFingerprint
{
    public static string Compute(string file, string category, string title, IEnumerable<string> code)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(category);
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(code);

        var normalizedCode = string.Join('\n', code.Select(LineHash.CollapseWhitespace).Where(line => line.Length > 0));
        var material = string.Join('\u001f', file, category.Trim().ToLowerInvariant(), NormalizeTitle(title), normalizedCode);
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(material));
        return Convert.ToHexStringLower(digest, 0, 8);
    }

    /// <summary>
    /// Lower case, with every run of digits, punctuation and whitespace reduced to one space: "Off-by-one at line 12!" and
    /// "off by one at line 14" are the same title.
    /// </summary>
    public static string NormalizeTitle(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        var builder = new StringBuilder(title.Length);
        var pendingSpace = false;
        foreach (var c in title)
        {
            if (char.IsLetter(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                pendingSpace = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }
}
