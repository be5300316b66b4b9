namespace CrossReview.Planning;

/// <summary>A line outside the change that mentions a symbol the change defines or modifies.</summary>
/// <param name="Symbol">The changed symbol's name that the line contains as a whole word.</param>
/// <param name="File">Repository-relative path, with forward slashes.</param>
/// <param name="Line">1-based line number in the searched tree.</param>
/// <param name="Text">The line's content, trimmed.</param>
public sealed record CallSite(string Symbol, string File, int Line, string Text);
