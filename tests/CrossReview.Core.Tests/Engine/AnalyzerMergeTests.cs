using CrossReview.Engine;
using CrossReview.Findings;
using CrossReview.Reviewers;
using CrossReview.Reviewers.Sarif;
using CrossReview.Tests.Reviewers.Sarif;

namespace CrossReview.Tests.Engine;

/// <summary>A model's finding that repeats an analyzer result is one finding; everything else is merged only by fingerprint, as before.</summary>
public sealed class AnalyzerMergeTests
{
    private const string SemgrepRule = "python.lang.security.audit.formatted-sql-query.formatted-sql-query";

    private static readonly int QueryLine = SarifTestRepo.LineOf(SarifTestRepo.Python, "query = f");

    private static string Review(params (string Title, int Start, int End)[] findings) =>
        $$"""{"verdict":"request_changes","summary":"s","findings":[{{string.Join(",", findings.Select(f => $$"""
            {"title":"{{f.Title}}","body":"name goes straight into the SQL text.","severity":"critical","category":"injection",
             "file":"{{SarifTestRepo.PythonFile}}","start_line":{{f.Start}},"end_line":{{f.End}},"confidence":0.7,
             "recommendation":"Pass name as a query parameter."}
            """))}}]}""";

    private static async Task<IReadOnlyList<Finding>> ReviewAsync(SarifTestRepo repo, params IReviewer[] models)
    {
        var report = await repo.ReviewAsync([repo.Reviewer(repo.Log("semgrep.sarif"), "semgrep"), .. models]);
        Assert.True(report.Complete);
        return report.Findings;
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 1)]
    [InlineData(0, 1)]
    [InlineData(-1, 1)]
    public async Task Merge_ModelFindingWithinOrAroundAnalyzerLines_OneFindingWithBothReviewers(int startOffset, int endOffset)
    {
        using var repo = await SarifTestRepo.CreateAsync();

        var findings = await ReviewAsync(repo, ScriptedReviewer.Answering("gpt", Review(("SQL injection in find_user", QueryLine + startOffset, QueryLine + endOffset))));

        var finding = Assert.Single(findings);
        Assert.Equal(["semgrep", "gpt"], finding.Reviewers);
        Assert.Equal(Severity.Critical, finding.Severity);
        Assert.StartsWith(SemgrepRule + ": ", finding.Title, StringComparison.Ordinal);
        Assert.Equal((QueryLine, QueryLine + 1), (finding.StartLine, finding.EndLine));
        Assert.Equal("security", finding.Category);
        Assert.Equal("Pass name as a query parameter.", finding.Recommendation);
        Assert.Contains($"Rule {SemgrepRule} of Semgrep OSS 1.97.0", finding.Body, StringComparison.Ordinal);
        Assert.Equal(SarifReviewer.Confidence, finding.Confidence);
    }

    [Fact]
    public async Task Merge_AnalyzerCategoryGenericAndBodyShorter_ModelCategoryAndBodyKept()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var line = SarifTestRepo.LineOf(SarifTestRepo.CSharp, "name.Trim()");
        var body = "Greet now accepts null, and name.Trim() throws NullReferenceException for it; every caller that passed null "
            + "before this change got a greeting and now crashes. Either keep the parameter non-nullable or handle null here.";
        var answer = $$"""
            {"verdict":"request_changes","summary":"s","findings":[{"title":"Null name crashes Greet","body":"{{body}}",
              "severity":"major","category":"null_safety","file":"{{SarifTestRepo.CSharpFile}}","start_line":{{line}},"end_line":{{line}}}]}
            """;

        var report = await repo.ReviewAsync(repo.Reviewer(repo.Log("roslyn.sarif"), "roslyn"), ScriptedReviewer.Answering("gpt", answer));

        Assert.All(report.Reviewers, r => Assert.Equal(ReviewerStatus.Ok, r.Status));
        var finding = report.Findings.Single(f => f.StartLine == line);
        Assert.Equal(["roslyn", "gpt"], finding.Reviewers);
        Assert.Equal(("null_safety", Severity.Major, "CS8602: Dereference of a possibly null reference."), (finding.Category, finding.Severity, finding.Title));
        Assert.Equal(body, finding.Body);
        Assert.Equal(2, report.Findings.Count);
    }

    [Fact]
    public async Task Merge_ModelFindingTwoLinesAway_TwoFindings()
    {
        using var repo = await SarifTestRepo.CreateAsync();

        var findings = await ReviewAsync(repo, ScriptedReviewer.Answering("gpt", Review(("find_user has no docstring", QueryLine - 2, QueryLine - 2))));

        Assert.Equal(2, findings.Count);
        Assert.Equal(["gpt"], findings.Single(f => f.StartLine == QueryLine - 2).Reviewers);
        Assert.Equal(["semgrep"], findings.Single(f => f.StartLine == QueryLine).Reviewers);
    }

    [Fact]
    public async Task Merge_ModelFindingOverAWholeFunction_NotTheAnalyzerResult()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var function = SarifTestRepo.LineOf(SarifTestRepo.Python, "def connect");

        var findings = await ReviewAsync(repo, ScriptedReviewer.Answering("gpt", Review(("Connections are never closed", function, QueryLine + 1))));

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Single(f.Reviewers));
    }

    [Fact]
    public async Task Merge_OneModelTwoFindingsOnAnalyzerLine_OnlyOneJoinsIt()
    {
        using var repo = await SarifTestRepo.CreateAsync();

        var findings = await ReviewAsync(repo, ScriptedReviewer.Answering("gpt",
            Review(("SQL injection in find_user", QueryLine, QueryLine), ("Query selects every column", QueryLine, QueryLine))));

        Assert.Equal(2, findings.Count);
        Assert.Equal(["semgrep", "gpt"], findings.Single(f => f.Title.StartsWith(SemgrepRule, StringComparison.Ordinal)).Reviewers);
        Assert.Equal(["gpt"], findings.Single(f => !f.Title.StartsWith(SemgrepRule, StringComparison.Ordinal)).Reviewers);
    }

    [Fact]
    public async Task Merge_TwoModelsOnAnalyzerLine_AllThreeInOneFinding()
    {
        using var repo = await SarifTestRepo.CreateAsync();

        var findings = await ReviewAsync(repo,
            ScriptedReviewer.Answering("gpt", Review(("SQL injection in find_user", QueryLine, QueryLine))),
            ScriptedReviewer.Answering("claude", Review(("Unsanitized input in query", QueryLine, QueryLine + 1))));

        Assert.Equal(["claude", "gpt", "semgrep"], Assert.Single(findings).Reviewers.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Merge_TwoModelsSameLinesDifferentTitlesNoAnalyzer_StillTwoFindings()
    {
        using var repo = await SarifTestRepo.CreateAsync();

        var report = await repo.ReviewAsync(
            ScriptedReviewer.Answering("gpt", Review(("SQL injection in find_user", QueryLine, QueryLine))),
            ScriptedReviewer.Answering("claude", Review(("Unsanitized input in query", QueryLine, QueryLine))));

        Assert.Equal(2, report.Findings.Count);
        Assert.All(report.Findings, f => Assert.Single(f.Reviewers));
    }
}
