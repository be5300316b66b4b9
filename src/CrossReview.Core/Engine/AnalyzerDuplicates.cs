using CrossReview.Findings;
using CrossReview.Reviewers.Sarif;

namespace CrossReview.Engine;

/// <summary>
/// Merges a model's finding into the analyzer result it duplicates, so one issue is reported once with both reviewers.
/// A model finding duplicates an analyzer finding only when it is at the same place and about the same thing. Same
/// place: the same file, one line range containing the other (no tolerance for a neighbouring line: a leak reported on
/// the line under an injection is another issue), and the model's range not more than <see cref="MaxWiderBy"/> lines
/// wider (a finding about a whole function is about something else than a rule firing on one line of it). Same thing:
/// both categories are security ones or are equal, or the model's title shares a word with the analyzer's message, or
/// its title and body name at least two words of the analyzer's rule id. Each model finding joins at most one analyzer
/// finding (the nearest), and an analyzer finding takes at most one finding per model reviewer, so two different issues
/// a model saw on one line are not folded together. Findings of two models are not merged here: that stays by fingerprint.
/// </summary>
internal static class AnalyzerDuplicates
{
    /// <summary>How many lines wider than the analyzer's range a model's range may be and still be the same issue.</summary>
    public const int MaxWiderBy = 5;

    public static List<Finding> Absorb(IReadOnlyList<Finding> findings, IReadOnlySet<string> analyzers)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(analyzers);
        var fromAnalyzers = findings.Where(f => f.Reviewers.Any(analyzers.Contains)).ToList();
        var fromModels = findings.Where(f => !f.Reviewers.Any(analyzers.Contains))
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.File, StringComparer.Ordinal)
            .ThenBy(f => f.StartLine)
            .ThenBy(f => f.Fingerprint, StringComparer.Ordinal);

        var absorbed = fromAnalyzers.Select(_ => new List<Finding>()).ToList();
        var kept = new List<Finding>();
        foreach (var model in fromModels)
        {
            var target = Enumerable.Range(0, fromAnalyzers.Count)
                .Where(i => Duplicates(fromAnalyzers[i], model)
                    && !absorbed[i].Any(taken => taken.Reviewers.Intersect(model.Reviewers, StringComparer.Ordinal).Any()))
                .OrderBy(i => Distance(fromAnalyzers[i], model))
                .ThenBy(i => Math.Abs(fromAnalyzers[i].StartLine - model.StartLine))
                .ThenByDescending(i => fromAnalyzers[i].Severity)
                .ThenBy(i => fromAnalyzers[i].Fingerprint, StringComparer.Ordinal)
                .Select(i => (int?)i)
                .FirstOrDefault();
            if (target is { } index)
            {
                absorbed[index].Add(model);
            }
            else
            {
                kept.Add(model);
            }
        }

        return [.. fromAnalyzers.Select((finding, i) => Combine(finding, absorbed[i])), .. kept];
    }

    private static bool Duplicates(Finding analyzer, Finding model) =>
        analyzer.File == model.File
        && (Contains(analyzer, model) || Contains(model, analyzer))
        && model.EndLine - model.StartLine <= analyzer.EndLine - analyzer.StartLine + MaxWiderBy
        && FindingSubject.Same(analyzer, model);

    private static bool Contains(Finding outer, Finding inner) => outer.StartLine <= inner.StartLine && inner.EndLine <= outer.EndLine;

    /// <summary>0 when the ranges share a line; else from the end of the first to the start of the second (lines 9 and 10 are 1 apart).</summary>
    private static int Distance(Finding a, Finding b) =>
        Math.Max(0, Math.Max(a.StartLine, b.StartLine) - Math.Min(a.EndLine, b.EndLine));

    /// <summary>
    /// The analyzer's place, title (which names its rule) and fingerprint; the higher severity and confidence; the longer
    /// body and recommendation, as the more informative; the model's category when the analyzer's is only <c>analyzer</c>.
    /// </summary>
    private static Finding Combine(Finding analyzer, List<Finding> models)
    {
        if (models.Count == 0)
        {
            return analyzer;
        }

        List<Finding> all = [analyzer, .. models];
        return analyzer with
        {
            Severity = all.Max(f => f.Severity),
            Confidence = all.Max(f => f.Confidence),
            Body = all.OrderByDescending(f => f.Body.Length).First().Body,
            Recommendation = all.Select(f => f.Recommendation).OfType<string>().OrderByDescending(r => r.Length).FirstOrDefault(),
            Category = analyzer.Category == SarifLogReader.GenericCategory ? models[0].Category : analyzer.Category,
            Reviewers = all.SelectMany(f => f.Reviewers).Distinct(StringComparer.Ordinal).ToList(),
        };
    }
}
