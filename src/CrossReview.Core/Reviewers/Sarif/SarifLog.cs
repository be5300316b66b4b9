namespace CrossReview.Reviewers.Sarif;

/// <summary>What a SARIF 2.1.0 log holds for a review: the tools of its runs and their open results.</summary>
/// <param name="Ignored">Results left out because they are suppressed, absent from the baseline, or passes.</param>
internal sealed record SarifLog(string Path, IReadOnlyList<SarifTool> Tools, IReadOnlyList<SarifResult> Results, int Ignored);
