using CrossReview.Findings;
using CrossReview.Tests.Reviewers.Sarif;

namespace CrossReview.Tests.Engine;

/// <summary>
/// A model finding joins an analyzer result only when it is on the result's lines and about the same thing: another
/// issue on those lines, or the same issue on a neighbouring line, stays a finding of its own.
/// </summary>
public sealed class AnalyzerSubjectMergeTests
{
    private const string SemgrepRule = "python.lang.security.audit.formatted-sql-query.formatted-sql-query";

    private static readonly int QueryLine = SarifTestRepo.LineOf(SarifTestRepo.Python, "query = f");

    private static string Review(string title, string category, int line, string body = "The connection opened here is never closed.") =>
        $$"""
        {"verdict":"request_changes","summary":"s","findings":[{"title":"{{title}}","body":"{{body}}","severity":"major",
          "category":"{{category}}","file":"{{SarifTestRepo.PythonFile}}","start_line":{{line}},"end_line":{{line}},"confidence":0.8}]}
        """;

    private static async Task<IReadOnlyList<Finding>> ReviewAsync(string answer)
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var report = await repo.ReviewAsync([repo.Reviewer(repo.Log("semgrep.sarif"), "semgrep"), ScriptedReviewer.Answering("gpt", answer)]);
        Assert.True(report.Complete);
        return report.Findings;
    }

    [Fact]
    public async Task Merge_ResourceLeakOnTheInjectionsLines_TwoFindings()
    {
        // Semgrep's result spans the query line and the next; the leak is reported on that next line.
        var findings = await ReviewAsync(Review("Connection leaked", "resource_leak", QueryLine + 1));

        Assert.Equal(2, findings.Count);
        Assert.Equal(["semgrep"], findings.Single(f => f.Title.StartsWith(SemgrepRule, StringComparison.Ordinal)).Reviewers);
        var leak = findings.Single(f => f.Title == "Connection leaked");
        Assert.Equal(["gpt"], leak.Reviewers);
        Assert.Equal(("resource_leak", Severity.Major), (leak.Category, leak.Severity));
    }

    [Fact]
    public async Task Merge_SameInjectionOnTheLineAbove_TwoFindings()
    {
        var findings = await ReviewAsync(Review("SQL injection in find_user", "injection", QueryLine - 1, "name goes into the SQL text."));

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Single(f.Reviewers));
    }

    [Fact]
    public async Task Merge_OtherCategoryButTitleNamesTheSameQuery_OneFinding()
    {
        var findings = await ReviewAsync(Review("Formatted SQL query", "correctness", QueryLine, "name is formatted into the query."));

        Assert.Equal(["semgrep", "gpt"], Assert.Single(findings).Reviewers);
    }

    [Fact]
    public async Task Merge_OtherCategoryBodyNamesTheRule_OneFinding()
    {
        var findings = await ReviewAsync(Review("Unsafe statement", "bug", QueryLine, "A formatted sql string reaches execute."));

        Assert.Equal(["semgrep", "gpt"], Assert.Single(findings).Reviewers);
    }
}
