using System.Globalization;
using System.Text;

namespace CrossReview.Panel;

/// <summary>
/// Groups the findings of several reviewers so that one issue raised by three reviewers is one cluster with three
/// reviewers. Two findings belong together when they are in the same file, their line ranges overlap or lie within
/// <see cref="LineTolerance"/> lines of each other (models cite the same bug a line or two apart: the call versus the
/// statement that builds its argument), and their titles share enough words. Single linkage: a finding joins the first
/// cluster holding any member it matches. The order of the input does not matter; the result is sorted by file and line.
/// </summary>
internal static class FindingClusterer
{
    /// <summary>Lines allowed between two ranges that still count as the same place.</summary>
    public const int LineTolerance = 3;

    /// <summary>
    /// Share of the shorter title's words that must appear in the other title. Measured on the shorter title because
    /// one reviewer's terse title ("SQL injection") is contained in another's long one.
    /// </summary>
    public const double TitleOverlap = 0.5;

    /// <summary>The lower bar when both findings have the same category: the category already says they are the same kind of defect.</summary>
    public const double SameCategoryTitleOverlap = 0.34;

    // Words that carry no meaning about which defect a title names.
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "via", "into", "and", "or", "is",
        "are", "be", "can", "may", "could", "not", "no", "when", "if", "this", "that", "it", "its", "as", "before",
        "after", "without", "missing", "possible", "potential", "unchecked",
    };

    // Words are compared on this many leading characters: a crude stem that makes "concatenated" meet "concatenation".
    private const int StemLength = 6;

    public static IReadOnlyList<FindingCluster> Cluster(IEnumerable<RaisedFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var ordered = findings
            .OrderBy(f => f.Finding.File, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.StartLine)
            .ThenBy(f => f.Finding.EndLine)
            .ThenBy(f => f.Round)
            .ThenBy(f => f.Reviewer, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Title, StringComparer.Ordinal)
            .ThenBy(f => f.Finding.Id, StringComparer.Ordinal)
            .ToList();

        var groups = new List<List<(RaisedFinding Raised, HashSet<string> Words)>>();
        foreach (var raised in ordered)
        {
            var words = Words(raised.Finding.Title);
            var group = groups.FirstOrDefault(g => g.Any(member => Matches(member.Raised, member.Words, raised, words)));
            if (group is null)
            {
                groups.Add([(raised, words)]);
            }
            else
            {
                group.Add((raised, words));
            }
        }

        return [.. groups.Select((g, i) => new FindingCluster("P" + (i + 1).ToString(CultureInfo.InvariantCulture), [.. g.Select(m => m.Raised)]))];
    }

    /// <summary>Whether two findings name the same defect; exposed for tests that probe the thresholds.</summary>
    public static bool Matches(RaisedFinding left, RaisedFinding right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return Matches(left, Words(left.Finding.Title), right, Words(right.Finding.Title));
    }

    private static bool Matches(RaisedFinding left, HashSet<string> leftWords, RaisedFinding right, HashSet<string> rightWords)
    {
        var a = left.Finding;
        var b = right.Finding;
        if (!string.Equals(a.File, b.File, StringComparison.Ordinal))
        {
            return false;
        }

        var gap = Math.Max(a.StartLine, b.StartLine) - Math.Min(a.EndLine, b.EndLine);
        if (gap > LineTolerance)
        {
            return false;
        }

        var shorter = Math.Min(leftWords.Count, rightWords.Count);
        if (shorter == 0)
        {
            return false;
        }

        var overlap = (double)leftWords.Count(rightWords.Contains) / shorter;
        var bar = string.Equals(a.Category, b.Category, StringComparison.OrdinalIgnoreCase) ? SameCategoryTitleOverlap : TitleOverlap;
        return overlap >= bar;
    }

    /// <summary>A title's meaningful words: lower case, letters and digits only, stop words removed, cut to a stem.</summary>
    internal static HashSet<string> Words(string title)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        var current = new StringBuilder();
        foreach (var c in title + " ")
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
                continue;
            }

            if (current.Length > 0)
            {
                var word = current.ToString();
                current.Clear();
                if (!StopWords.Contains(word))
                {
                    words.Add(word.Length > StemLength ? word[..StemLength] : word);
                }
            }
        }

        return words;
    }
}
