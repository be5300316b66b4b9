using System.Globalization;

namespace CrossReview.Diffs;

/// <summary>
/// Reads unified diffs the way <c>git apply</c> does: git's own output (extended headers, renames, copies, binary
/// markers and <c>GIT binary patch</c> data, mode-only changes) and plain <c>diff -ruN</c> output. Hunk bodies are
/// delimited by the counts of their <c>@@</c> header, never by what a line looks like, so content lines starting
/// with <c>--- </c> or <c>+++ </c> stay content.
/// </summary>
public static class UnifiedDiffParser
{
    private const string DevNull = "/dev/null";

    /// <summary>Parses every file of <paramref name="diffText"/>; an empty text is an empty change.</summary>
    /// <exception cref="DiffFormatException">The text is not a diff, or a hunk is malformed or cut short.</exception>
    public static IReadOnlyList<FileChange> Parse(string diffText)
    {
        ArgumentNullException.ThrowIfNull(diffText);
        if (string.IsNullOrWhiteSpace(diffText))
        {
            return [];
        }

        var files = new List<FileChange>();
        var reader = new DiffLineReader(diffText);
        while (!reader.AtEnd)
        {
            var line = reader.CurrentTrimmed;
            if (line.StartsWith("diff --git "))
            {
                files.Add(ParseGitFile(reader));
            }
            else if (line.StartsWith("--- ") && reader.Peek(1).StartsWith("+++ ") && reader.Peek(2).StartsWith("@@ -"))
            {
                files.Add(ParseTraditionalFile(reader));
            }
            else if (line.StartsWith("Binary files ") && line.EndsWith(" differ"))
            {
                files.Add(ParsePlainBinary(line, reader.LineNumber));
                reader.Advance();
            }
            else if (line.StartsWith("diff --cc ") || line.StartsWith("diff --combined "))
            {
                throw new DiffFormatException($"combined diff of a merge at line {reader.LineNumber} is not supported: diff against one parent instead");
            }
            else if (line.StartsWith("@@ -"))
            {
                throw new DiffFormatException($"hunk without a file header at line {reader.LineNumber}");
            }
            else
            {
                // Commit messages, "diff -ruN a b" command lines, "Only in" notes, mail signatures: git apply skips them too.
                reader.Advance();
            }
        }

        if (files.Count == 0)
        {
            throw new DiffFormatException("not a unified diff: no file headers found");
        }

        return files;
    }

    private static FileChange ParseGitFile(DiffLineReader reader)
    {
        var headerLine = reader.LineNumber;
        var (oldName, newName) = ParseGitHeaderNames(reader.CurrentTrimmed["diff --git ".Length..]);
        reader.Advance();

        string? oldMode = null, newMode = null, indexMode = null;
        string? renameFrom = null, renameTo = null;
        string? minusName = null, plusName = null;
        var status = FileStatus.Modified;
        int? similarity = null;

        while (!reader.AtEnd)
        {
            var line = reader.CurrentTrimmed;
            if (TryValue(line, "old mode ", out var value))
            {
                oldMode = value.ToString();
            }
            else if (TryValue(line, "new mode ", out value))
            {
                newMode = value.ToString();
            }
            else if (TryValue(line, "deleted file mode ", out value))
            {
                oldMode = value.ToString();
                status = FileStatus.Deleted;
            }
            else if (TryValue(line, "new file mode ", out value))
            {
                newMode = value.ToString();
                status = FileStatus.Added;
            }
            else if (TryValue(line, "rename from ", out value) || TryValue(line, "copy from ", out value))
            {
                renameFrom = ReadExtendedName(value, reader.LineNumber);
                status = line[0] == 'r' ? FileStatus.Renamed : FileStatus.Copied;
            }
            else if (TryValue(line, "rename to ", out value) || TryValue(line, "copy to ", out value))
            {
                renameTo = ReadExtendedName(value, reader.LineNumber);
            }
            else if (TryValue(line, "similarity index ", out value))
            {
                similarity = ParsePercent(value);
            }
            else if (line.StartsWith("dissimilarity index "))
            {
                // A rewrite score (-B) says nothing the hunks do not.
            }
            else if (TryValue(line, "index ", out value))
            {
                var space = value.IndexOf(' ');
                if (space >= 0)
                {
                    indexMode = value[(space + 1)..].Trim().ToString();
                }
            }
            else if (line.StartsWith("--- "))
            {
                var plus = reader.Peek(1).TrimEnd('\r');
                if (!plus.StartsWith("+++ "))
                {
                    throw new DiffFormatException($"'---' header without '+++' at line {reader.LineNumber}");
                }

                minusName = ReadTraditionalName(line[4..], reader.LineNumber).Name;
                reader.Advance();
                plusName = ReadTraditionalName(plus[4..], reader.LineNumber).Name;
            }
            else
            {
                break;
            }

            reader.Advance();
        }

        var isBinary = false;
        if (!reader.AtEnd)
        {
            var line = reader.CurrentTrimmed;
            if (line.StartsWith("Binary files ") && line.EndsWith(" differ"))
            {
                isBinary = true;
                reader.Advance();
            }
            else if (line.SequenceEqual("GIT binary patch"))
            {
                isBinary = true;
                reader.Advance();
                SkipBinaryPatch(reader);
            }
        }

        var hunks = ParseHunks(reader, out var additions, out var deletions);

        // Later headers are more precise than the "diff --git" line, whose unquoted names are ambiguous when they contain spaces.
        var oldPath = renameFrom ?? minusName ?? oldName;
        var newPath = renameTo ?? plusName ?? newName;
        if (status == FileStatus.Deleted ? oldPath is null : newPath is null)
        {
            throw new DiffFormatException($"git diff header lacks file name information at line {headerLine}");
        }

        if (indexMode is not null)
        {
            oldMode ??= status == FileStatus.Added ? null : indexMode;
            newMode ??= status == FileStatus.Deleted ? null : indexMode;
        }

        return new FileChange
        {
            Path = status == FileStatus.Deleted ? oldPath! : newPath!,
            OldPath = status is FileStatus.Renamed or FileStatus.Copied ? oldPath : null,
            Status = status,
            IsBinary = isBinary,
            Additions = additions,
            Deletions = deletions,
            OldMode = oldMode,
            NewMode = newMode,
            Similarity = similarity,
            Hunks = hunks,
        };
    }

    private static FileChange ParseTraditionalFile(DiffLineReader reader)
    {
        var headerLine = reader.LineNumber;
        var (oldName, oldEpoch) = ReadTraditionalName(reader.CurrentTrimmed[4..], headerLine);
        reader.Advance();
        var (newName, newEpoch) = ReadTraditionalName(reader.CurrentTrimmed[4..], reader.LineNumber);
        reader.Advance();

        var hunks = ParseHunks(reader, out var additions, out var deletions);

        // diff -N shows a missing side as an empty file dated at the epoch; /dev/null is the other convention.
        var added = oldName is null || (oldEpoch && hunks.All(h => h.OldCount == 0));
        var deleted = !added && (newName is null || (newEpoch && hunks.All(h => h.NewCount == 0)));
        var path = deleted ? oldName : newName ?? oldName;
        if (path is null)
        {
            throw new DiffFormatException($"diff header lacks file name information at line {headerLine}");
        }

        return new FileChange
        {
            Path = path,
            Status = added ? FileStatus.Added : deleted ? FileStatus.Deleted : FileStatus.Modified,
            Additions = additions,
            Deletions = deletions,
            Hunks = hunks,
        };
    }

    /// <summary>"Binary files a/x and b/x differ" on its own, as GNU diff prints it: no headers, no counts.</summary>
    private static FileChange ParsePlainBinary(ReadOnlySpan<char> line, int lineNumber)
    {
        var names = line["Binary files ".Length..^" differ".Length];
        string? oldName, newName;
        if (!names.IsEmpty && names[0] == '"')
        {
            if (!GitPathQuoting.TryUnquote(names, out var first, out var consumed) || !names[consumed..].StartsWith(" and "))
            {
                throw new DiffFormatException($"malformed binary file line at line {lineNumber}");
            }

            oldName = first;
            newName = GitPathQuoting.ReadHeaderName(names[(consumed + " and ".Length)..]);
        }
        else
        {
            var split = FindSplit(names, " and ");
            if (split < 0)
            {
                throw new DiffFormatException($"malformed binary file line at line {lineNumber}");
            }

            oldName = names[..split].ToString();
            newName = GitPathQuoting.ReadHeaderName(names[(split + " and ".Length)..]);
        }

        oldName = oldName == DevNull ? null : GitPathQuoting.StripFirstComponent(oldName);
        newName = newName is null or DevNull ? null : GitPathQuoting.StripFirstComponent(newName);
        var path = newName ?? oldName ?? throw new DiffFormatException($"malformed binary file line at line {lineNumber}");
        return new FileChange
        {
            Path = path,
            Status = oldName is null ? FileStatus.Added : newName is null ? FileStatus.Deleted : FileStatus.Modified,
            IsBinary = true,
        };
    }

    private static List<Hunk> ParseHunks(DiffLineReader reader, out int additions, out int deletions)
    {
        additions = 0;
        deletions = 0;
        var hunks = new List<Hunk>();
        while (!reader.AtEnd && reader.Current.StartsWith("@@"))
        {
            hunks.Add(ParseHunk(reader, ref additions, ref deletions));
        }

        return hunks;
    }

    private static Hunk ParseHunk(DiffLineReader reader, ref int additions, ref int deletions)
    {
        var headerLine = reader.LineNumber;
        var header = reader.CurrentTrimmed;
        if (!TryParseHunkHeader(header, out var oldStart, out var oldCount, out var newStart, out var newCount, out var section))
        {
            throw new DiffFormatException($"malformed hunk header at line {headerLine}: {Shorten(header)}");
        }

        reader.Advance();
        var lines = new List<DiffLine>((int)Math.Min((long)oldCount + newCount, 4096));
        var oldLeft = oldCount;
        var newLeft = newCount;
        var oldNumber = oldStart;
        var newNumber = newStart;
        while (oldLeft > 0 || newLeft > 0)
        {
            if (reader.AtEnd)
            {
                throw Truncated(headerLine, oldLeft, newLeft);
            }

            var line = reader.Current;
            var marker = line.IsEmpty ? ' ' : line[0];
            var text = line.Length <= 1 ? string.Empty : line[1..].ToString();

            // The "\ No newline" marker belongs to the line before it; look ahead so each DiffLine is built once.
            var noNewline = reader.Peek(1).StartsWith("\\");
            DiffLine diffLine;
            switch (marker)
            {
                case ' ' when oldLeft > 0 && newLeft > 0:
                    diffLine = new DiffLine(DiffLineKind.Context, text, oldNumber++, newNumber++, noNewline);
                    oldLeft--;
                    newLeft--;
                    break;
                case '-' when oldLeft > 0:
                    diffLine = new DiffLine(DiffLineKind.Removed, text, oldNumber++, null, noNewline);
                    oldLeft--;
                    deletions++;
                    break;
                case '+' when newLeft > 0:
                    diffLine = new DiffLine(DiffLineKind.Added, text, null, newNumber++, noNewline);
                    newLeft--;
                    additions++;
                    break;
                default:
                    throw Truncated(headerLine, oldLeft, newLeft);
            }

            lines.Add(diffLine);
            reader.Advance();
            if (noNewline)
            {
                reader.Advance();
            }
        }

        return new Hunk(oldStart, oldCount, newStart, newCount, section, lines);
    }

    private static DiffFormatException Truncated(int headerLine, int oldLeft, int newLeft) =>
        new($"hunk at line {headerLine} is shorter than its header says ({oldLeft} old and {newLeft} new lines missing)");

    /// <summary><c>@@ -OLD[,COUNT] +NEW[,COUNT] @@[ SECTION]</c>; an omitted count is 1.</summary>
    private static bool TryParseHunkHeader(
        ReadOnlySpan<char> header, out int oldStart, out int oldCount, out int newStart, out int newCount, out string section)
    {
        oldStart = oldCount = newStart = newCount = 0;
        section = string.Empty;
        if (!header.StartsWith("@@ -"))
        {
            return false;
        }

        var rest = header[4..];
        if (!TryParseRange(ref rest, out oldStart, out oldCount) || !rest.StartsWith(" +"))
        {
            return false;
        }

        rest = rest[2..];
        if (!TryParseRange(ref rest, out newStart, out newCount) || !rest.StartsWith(" @@"))
        {
            return false;
        }

        rest = rest[3..];
        if (!rest.IsEmpty)
        {
            if (rest[0] != ' ')
            {
                return false;
            }

            section = rest[1..].ToString();
        }

        return true;
    }

    private static bool TryParseRange(ref ReadOnlySpan<char> text, out int start, out int count)
    {
        count = 1;
        if (!TryParseNumber(ref text, out start))
        {
            return false;
        }

        if (!text.IsEmpty && text[0] == ',')
        {
            text = text[1..];
            return TryParseNumber(ref text, out count);
        }

        return true;
    }

    private static bool TryParseNumber(ref ReadOnlySpan<char> text, out int value)
    {
        var digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        var ok = int.TryParse(text[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out value);
        text = text[digits..];
        return ok && digits > 0;
    }

    /// <summary>
    /// The names of a <c>diff --git A B</c> line, without their <c>a/</c> <c>b/</c> prefixes. Unquoted names may
    /// contain spaces; like git, split where both halves name the same path (true of everything but renames and
    /// copies, whose names come from their own headers).
    /// </summary>
    private static (string? Old, string? New) ParseGitHeaderNames(ReadOnlySpan<char> names)
    {
        if (!names.IsEmpty && names[0] == '"')
        {
            if (!GitPathQuoting.TryUnquote(names, out var first, out var consumed) || !names[consumed..].StartsWith(" "))
            {
                return (null, null);
            }

            var second = GitPathQuoting.ReadHeaderName(names[(consumed + 1)..]);
            return (GitPathQuoting.StripFirstComponent(first), second is null ? null : GitPathQuoting.StripFirstComponent(second));
        }

        var quotedSecond = names.IndexOf(" \"");
        if (quotedSecond >= 0 && GitPathQuoting.TryUnquote(names[(quotedSecond + 1)..], out var newQuoted, out _))
        {
            return (GitPathQuoting.StripFirstComponent(names[..quotedSecond].ToString()), GitPathQuoting.StripFirstComponent(newQuoted));
        }

        for (var space = names.IndexOf(' '); space >= 0; space = NextIndex(names, ' ', space))
        {
            var left = StripFirstComponent(names[..space]);
            var right = StripFirstComponent(names[(space + 1)..]);
            if (left.SequenceEqual(right))
            {
                var name = left.ToString();
                return (name, name);
            }
        }

        return (null, null);
    }

    private static ReadOnlySpan<char> StripFirstComponent(ReadOnlySpan<char> name)
    {
        var slash = name.IndexOf('/');
        return slash < 0 ? name : name[(slash + 1)..];
    }

    private static int NextIndex(ReadOnlySpan<char> text, char value, int after)
    {
        var next = text[(after + 1)..].IndexOf(value);
        return next < 0 ? -1 : after + 1 + next;
    }

    /// <summary>Where <paramref name="separator"/> splits two names that agree after their first component, else its first occurrence.</summary>
    private static int FindSplit(ReadOnlySpan<char> names, string separator)
    {
        var first = names.IndexOf(separator);
        for (var at = first; at >= 0;)
        {
            if (StripFirstComponent(names[..at]).SequenceEqual(StripFirstComponent(names[(at + separator.Length)..])))
            {
                return at;
            }

            var next = names[(at + 1)..].IndexOf(separator);
            at = next < 0 ? -1 : at + 1 + next;
        }

        return first;
    }

    /// <summary>A <c>---</c>/<c>+++</c> name: null for <c>/dev/null</c>, prefix stripped; says whether its timestamp is the epoch.</summary>
    private static (string? Name, bool Epoch) ReadTraditionalName(ReadOnlySpan<char> text, int lineNumber)
    {
        var name = GitPathQuoting.ReadHeaderName(text)
            ?? throw new DiffFormatException($"malformed file name in diff header at line {lineNumber}");
        var tab = text.IndexOf('\t');
        var epoch = tab >= 0 && DiffTimestamp.IsEpoch(text[(tab + 1)..]);
        return name == DevNull ? (null, epoch) : (GitPathQuoting.StripFirstComponent(name), epoch);
    }

    /// <summary>A name of <c>rename from</c>/<c>copy to</c> and the like: no prefix, quoted when needed.</summary>
    private static string ReadExtendedName(ReadOnlySpan<char> value, int lineNumber)
    {
        if (!value.IsEmpty && value[0] == '"')
        {
            return GitPathQuoting.TryUnquote(value, out var name, out _)
                ? name
                : throw new DiffFormatException($"malformed quoted file name at line {lineNumber}");
        }

        return value.ToString();
    }

    /// <summary>Skips the base85 blocks of a <c>GIT binary patch</c>: <c>literal N</c>/<c>delta N</c> lines, data lines and blank separators.</summary>
    private static void SkipBinaryPatch(DiffLineReader reader)
    {
        while (!reader.AtEnd)
        {
            var line = reader.CurrentTrimmed;
            if (line.IsEmpty || line.StartsWith("literal ") || line.StartsWith("delta ") || IsBase85Line(line))
            {
                reader.Advance();
                continue;
            }

            return;
        }
    }

    /// <summary>A line of git's base85 data: a length letter (A-Z = 1..26 bytes, a-z = 27..52), then 5 characters per 4 bytes.</summary>
    private static bool IsBase85Line(ReadOnlySpan<char> line)
    {
        if (line.Length < 6)
        {
            return false;
        }

        var length = line[0] switch
        {
            >= 'A' and <= 'Z' => line[0] - 'A' + 1,
            >= 'a' and <= 'z' => line[0] - 'a' + 27,
            _ => 0,
        };
        return length > 0 && line.Length == 1 + ((length + 3) / 4 * 5) && !line.Contains(' ');
    }

    private static bool TryValue(ReadOnlySpan<char> line, string prefix, out ReadOnlySpan<char> value)
    {
        if (line.StartsWith(prefix))
        {
            value = line[prefix.Length..];
            return true;
        }

        value = default;
        return false;
    }

    private static int? ParsePercent(ReadOnlySpan<char> value) =>
        int.TryParse(value.TrimEnd('%'), NumberStyles.None, CultureInfo.InvariantCulture, out var percent) ? percent : null;

    private static string Shorten(ReadOnlySpan<char> line) => line.Length <= 80 ? line.ToString() : string.Concat(line[..77], "...");
}
