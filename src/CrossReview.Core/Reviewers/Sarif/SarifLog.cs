namespace CrossReview.Reviewers.Sarif;

/// <summary>What a SARIF 2.1.0 log holds for a review: the tools of its runs and their open results.</summary>
/// <param name="Ignored">Results left out because they are suppressed, absent from the baseline, or passes.</param>
/// <param name="Unlocated">Open results that name a file, but none in the repository (an absolute path outside it, a path that escapes it, a file it does not have).</param>
internal sealed record SarifLog(string Path, IReadOnlyList<SarifTool> Tools, IReadOnlyList<SarifResult> Results, int Ignored, int Unlocated = 0);
