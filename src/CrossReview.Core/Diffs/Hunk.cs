namespace CrossReview.Diffs;

/// <summary>A hunk: <c>@@ -OldStart,OldCount +NewStart,NewCount @@ Section</c> and its lines.</summary>
public sealed record Hunk(int OldStart, int OldCount, int NewStart, int NewCount, string Section, IReadOnlyList<DiffLine> Lines);
