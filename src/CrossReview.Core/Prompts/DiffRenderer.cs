using System.Globalization;
using System.Text;
using CrossReview.Diffs;
using CrossReview.Findings;
using CrossReview.Planning;

namespace CrossReview.Prompts;

/// <summary>
/// Renders planned files the way reviewers see them: each line that exists after the change as
/// <c>NUMBER#TAG| +code</c> (added) or <c>NUMBER#TAG|  code</c> (context), removed lines as <c>-    | -code</c> with no
/// number, so that models cite new-side numbers and the tag lets the anchorer check them. A skipped file is one line
/// naming it and the reason.
/// </summary>
internal static class DiffRenderer
{
    public static void AppendFile(StringBuilder builder, PlannedFile planned)
    {
        var file = planned.File;
        if (!planned.Reviewed)
        {
            builder.Append("SKIPPED ").Append(file.Path).Append(" (").Append(planned.SkipReason).Append(")\n");
            return;
        }

        AppendHunks(builder, file, file.Hunks);
    }

    /// <summary>A file's header and only the given hunks of it (a vote request shows just the hunks its findings point at).</summary>
    public static void AppendHunks(StringBuilder builder, FileChange file, IReadOnlyList<Hunk> hunks)
    {
        builder.Append("FILE ").Append(file.Path).Append(" (").Append(Describe(file)).Append(")\n");

        // Numbers are padded for the whole file, so a hunk reads the same in a vote request as in the review.
        var width = file.Hunks.SelectMany(h => h.Lines).Select(l => l.NewNumber ?? 0).DefaultIfEmpty(0).Max().ToString(CultureInfo.InvariantCulture).Length;
        var noNumber = "-".PadLeft(width) + new string(' ', 1 + LineHash.Length);
        foreach (var hunk in hunks)
        {
            builder.Append(HunkHeader(hunk)).Append('\n');
            foreach (var line in hunk.Lines)
            {
                var text = line.Text.TrimEnd('\r');
                if (line.NewNumber is { } number)
                {
                    builder.Append(number.ToString(CultureInfo.InvariantCulture).PadLeft(width))
                        .Append('#').Append(LineHash.Of(text)).Append("| ")
                        .Append(line.Kind == DiffLineKind.Added ? '+' : ' ');
                }
                else
                {
                    builder.Append(noNumber).Append("| -");
                }

                builder.Append(text).Append('\n');
            }
        }

        builder.Append('\n');
    }

    public static string HunkHeader(Hunk hunk)
    {
        var header = string.Create(CultureInfo.InvariantCulture, $"@@ -{hunk.OldStart},{hunk.OldCount} +{hunk.NewStart},{hunk.NewCount} @@");
        return string.IsNullOrEmpty(hunk.Section) ? header : header + " " + hunk.Section;
    }

    private static string Describe(FileChange file)
    {
        var status = file.Status.ToString().ToLowerInvariant();
        var description = file.OldPath is { } old && old != file.Path ? $"{status} from {old}" : status;
        if (file.OldMode is { } oldMode && file.NewMode is { } newMode && oldMode != newMode)
        {
            description += $", mode {oldMode} -> {newMode}";
        }

        return description;
    }
}
