namespace CrossReview.Diffs;

/// <summary>One line of a hunk. <see cref="OldNumber"/> is null for added lines, <see cref="NewNumber"/> for removed ones.</summary>
/// <param name="Text">The line's content without its +/-/space marker and without the line terminator (a trailing CR of CRLF content is kept).</param>
/// <param name="NoNewlineAtEnd">The diff said "\ No newline at end of file" right after this line.</param>
public sealed record DiffLine(DiffLineKind Kind, string Text, int? OldNumber, int? NewNumber, bool NoNewlineAtEnd = false);
