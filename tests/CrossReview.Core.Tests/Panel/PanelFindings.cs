using CrossReview.Findings;
using CrossReview.Panel;

namespace CrossReview.Tests.Panel;

/// <summary>Findings as panel reviewers raise them, for the panel tests.</summary>
internal static class PanelFindings
{
    public static RaisedFinding Raised(string reviewer, string file, int start, int end, string category, string title, Severity severity = Severity.Major, string body = "", int round = 1, string? id = null) =>
        new(reviewer, new Finding
        {
            Id = id ?? $"{reviewer}-{file}-{start}",
            Fingerprint = $"{reviewer}:{file}:{start}:{title}",
            Severity = severity,
            Category = category,
            Title = title,
            Body = body,
            File = file,
            StartLine = start,
            EndLine = end,
            Reviewers = [reviewer],
        }, round);
}
