using System.Globalization;

namespace CrossReview.Diffs;

/// <summary>
/// Recognises the Unix epoch that <c>diff -N</c> prints as the timestamp of a missing file, in whatever time zone
/// the diff ran (<c>1970-01-01 01:00:00.000000000 +0100</c>), as <c>patch</c> does to tell creations and deletions.
/// </summary>
internal static class DiffTimestamp
{
    private static readonly TimeSpan LocalZoneSpread = TimeSpan.FromHours(14);

    public static bool IsEpoch(ReadOnlySpan<char> timestamp)
    {
        timestamp = timestamp.Trim();
        if (timestamp.Length >= 19
            && DateTime.TryParseExact(timestamp[..19], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var rest = timestamp[19..];
            if (!rest.IsEmpty && rest[0] == '.')
            {
                var digits = 1;
                while (digits < rest.Length && char.IsAsciiDigit(rest[digits]))
                {
                    if (rest[digits] != '0')
                    {
                        return false;
                    }

                    digits++;
                }

                rest = rest[digits..];
            }

            rest = rest.Trim();
            if (rest.Length == 5 && rest[0] is '+' or '-'
                && int.TryParse(rest[1..3], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
                && int.TryParse(rest[3..], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes))
            {
                var offset = new TimeSpan(hours, minutes, 0);
                var utc = rest[0] == '+' ? local - offset : local + offset;
                return utc == DateTime.UnixEpoch;
            }

            return rest.IsEmpty && (local - DateTime.UnixEpoch).Duration() <= LocalZoneSpread;
        }

        // The traditional ctime form, in local time: "Thu Jan  1 00:00:00 1970" or, west of Greenwich, "Wed Dec 31 ... 1969".
        return (timestamp.Contains("Jan  1", StringComparison.Ordinal) && timestamp.EndsWith("1970", StringComparison.Ordinal))
            || (timestamp.Contains("Dec 31", StringComparison.Ordinal) && timestamp.EndsWith("1969", StringComparison.Ordinal));
    }
}
