using CrossReview.Findings;

namespace CrossReview.Reviewers.Sarif;

/// <summary>One result of a SARIF log, read into our terms but not yet checked against the change.</summary>
/// <param name="File">Repository-relative path with <c>/</c> separators; an absolute path when the artifact lies outside the repository; null when the result has no file.</param>
/// <param name="StartLine">Null when the result names no line region: such a result cannot be placed on a changed line.</param>
internal sealed record SarifResult(
    string RuleId,
    Severity Severity,
    string Category,
    string Title,
    string Body,
    string? Recommendation,
    string? File,
    int? StartLine,
    int? EndLine);
