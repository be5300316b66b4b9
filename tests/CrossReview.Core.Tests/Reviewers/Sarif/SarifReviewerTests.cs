using System.Globalization;
using CrossReview.Engine;
using CrossReview.Findings;
using CrossReview.Reviewers;
using CrossReview.Reviewers.Sarif;

namespace CrossReview.Tests.Reviewers.Sarif;

/// <summary>SARIF logs through the factory and the engine, against a real repository's change.</summary>
public sealed class SarifReviewerTests
{
    [Fact]
    public async Task Review_RoslynLog_OnlyResultsOnChangedLinesKeptOthersCounted()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var reviewer = repo.Reviewer(repo.Log("roslyn.sarif"), "roslyn");

        var report = await repo.ReviewAsync(reviewer);

        Assert.Equal(
            [("CS8602", SarifTestRepo.LineOf(SarifTestRepo.CSharp, "name.Trim()")), ("CS0168", SarifTestRepo.LineOf(SarifTestRepo.CSharp, "int unused"))],
            report.Findings.Select(f => (f.Title.Split(':')[0], f.StartLine)).OrderByDescending(p => p.Item2));
        Assert.All(report.Findings, f => Assert.Equal((SarifTestRepo.CSharpFile, Severity.Minor, "roslyn"), (f.File, f.Severity, Assert.Single(f.Reviewers))));
        var result = Assert.Single(report.Reviewers);
        Assert.Equal((ReviewerStatus.Ok, "sarif", "Microsoft (R) Visual C# Compiler 5.9.0", "5.9.0"), (result.Status, result.Provider, result.Model, result.Version));
        Assert.Equal((5, 3, 0), (result.FindingsReported, result.FindingsDropped, result.FindingsReanchored));
        Assert.Equal(
            [("CS1591", FindingAnchorer.NotOnChangedLine), ("CA2007", FindingAnchorer.FileNotInChange), ("CA1305", FindingAnchorer.PathEscapesRepository)],
            result.Dropped.Select(d => (d.Finding.Title!.Split(':')[0], d.Reason)));
        Assert.Equal(0m, result.CostUsd);
        Assert.Equal(0m, report.CostUsd);
        Assert.Equal("request_changes", report.Verdict);
        Assert.True(report.Complete);
    }

    [Fact]
    public async Task Review_ResultOnUnchangedLine_NeverReanchoredLikeAModelFinding()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var reviewer = repo.Reviewer(repo.Log("semgrep.sarif"));

        var report = await repo.ReviewAsync(reviewer);

        // A model citing the connect() line would be moved to the nearest changed line; the analyzer's result is dropped.
        var finding = Assert.Single(report.Findings);
        Assert.StartsWith("python.lang.security.audit.formatted-sql-query.formatted-sql-query: ", finding.Title, StringComparison.Ordinal);
        Assert.Equal((SarifTestRepo.PythonFile, SarifTestRepo.LineOf(SarifTestRepo.Python, "query = f"), SarifTestRepo.LineOf(SarifTestRepo.Python, "db.execute")),
            (finding.File, finding.StartLine, finding.EndLine));
        Assert.Equal((Severity.Major, "security", SarifReviewer.Confidence), (finding.Severity, finding.Category, finding.Confidence));
        var dropped = Assert.Single(report.Reviewers[0].Dropped);
        Assert.Equal(FindingAnchorer.NotOnChangedLine, dropped.Reason);
        Assert.Equal(SarifTestRepo.LineOf(SarifTestRepo.Python, "sqlite3.connect"), dropped.Finding.StartLine);
    }

    [Fact]
    public async Task Review_CodeQlLog_SecuritySeverityRaisesAndChangedLinesKept()
    {
        using var repo = await SarifTestRepo.CreateAsync();

        var report = await repo.ReviewAsync(repo.Reviewer(repo.Log("codeql.sarif")));

        Assert.Equal(
            [("js/code-injection", Severity.Critical, SarifTestRepo.LineOf(SarifTestRepo.JavaScript, "eval(")),
             ("js/missing-rate-limiting", Severity.Major, SarifTestRepo.LineOf(SarifTestRepo.JavaScript, "app.get('/user'")),
             ("js/sql-injection", Severity.Major, SarifTestRepo.LineOf(SarifTestRepo.JavaScript, "db.query("))],
            report.Findings.Select(f => (f.Title.Split(':')[0], f.Severity, f.StartLine)));
        Assert.Equal("F1", report.Findings[0].Id);
        Assert.Equal("CodeQL 2.19.3", report.Reviewers[0].Model);
        Assert.Equal(FindingAnchorer.NotOnChangedLine, Assert.Single(report.Reviewers[0].Dropped).Reason);
        Assert.Equal(ExitCodes.FindingsAtOrAboveThreshold, ReviewOutcome.ExitCode(report, Severity.Critical));
    }

    [Fact]
    public async Task Review_MultiRunLog_FindingsOfEveryToolAndBothToolsNamed()
    {
        using var repo = await SarifTestRepo.CreateAsync();

        var report = await repo.ReviewAsync(repo.Reviewer(repo.Log("multirun.sarif")));

        Assert.Equal(
            [(SarifTestRepo.PythonFile, SarifTestRepo.LineOf(SarifTestRepo.Python, "query = f")),
             (SarifTestRepo.JavaScriptFile, SarifTestRepo.LineOf(SarifTestRepo.JavaScript, "const sql")),
             (SarifTestRepo.PythonFile, SarifTestRepo.LineOf(SarifTestRepo.Python, "db = connect()"))],
            report.Findings.Select(f => (f.File, f.StartLine)));
        Assert.Equal("ESLint 8.57.0, Bandit 1.7.10", report.Reviewers[0].Model);
        Assert.Equal("8.57.0, 1.7.10", report.Reviewers[0].Version);
    }

    [Fact]
    public async Task Review_OnlyInfoResultsOnChangedLines_AnalyzerApproves()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var log = repo.WriteLog("notes.sarif", """
            {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"lint"}},"results":[
              {"ruleId":"N1","level":"note","message":{"text":"a note"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"app/users.py"},"region":{"startLine":9}}}]},
              {"ruleId":"E1","level":"error","message":{"text":"an old error"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"app/users.py"},"region":{"startLine":1}}}]}]}]}
            """);

        var report = await repo.ReviewAsync(repo.Reviewer(log));

        Assert.Equal(Severity.Info, Assert.Single(report.Findings).Severity);
        Assert.Equal("approve", report.Reviewers[0].Verdict);
        Assert.Equal("approve", report.Verdict);
    }

    [Fact]
    public async Task Review_ThousandsOfResultsOutsideTheChange_AllCountedHundredListed()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        // Files the change does not touch; one of them in this checkout, so the log is about this repository.
        var unchanged = SarifTestRepo.LineOf(SarifTestRepo.Python, "sqlite3.connect");
        var results = string.Join(",", Enumerable.Range(1, 2500).Select(i =>
            """{"ruleId":"CA#","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"FILE"},"region":{"startLine":LINE}}}]}"""
                .Replace("FILE", i == 1 ? SarifTestRepo.PythonFile : "src/Other#.cs", StringComparison.Ordinal)
                .Replace("LINE", (i == 1 ? unchanged : 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("#", i.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)));
        var log = repo.WriteLog("big.sarif", """{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"lint"}},"results":[""" + results + "]}]}");

        var report = await repo.ReviewAsync(repo.Reviewer(log));

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal((2500, 2500, 100), (reviewer.FindingsReported, reviewer.FindingsDropped, reviewer.Dropped.Count));
        Assert.Contains("2400 more dropped results are counted but not listed", reviewer.ParseWarnings);
        Assert.Equal("approve", report.Verdict);
    }

    [Fact]
    public void Create_MissingFile_InputExceptionNamesIt()
    {
        var missing = Path.Combine(Path.GetTempPath(), "crossreview-no-such-dir", "missing.sarif");

        var error = Assert.Throws<InputException>(() => ReviewerFactory.Create(ReviewerSpec.Parse("sarif:" + missing), new ReviewerSettings()));

        Assert.Equal($"SARIF log not found: {missing}", error.Message);
    }

    [Fact]
    public async Task Create_RelativePath_ResolvedFromWorkingDirectory()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var log = repo.Log("semgrep.sarif");
        var relative = Path.GetRelativePath(repo.Repo.Root, log);

        var reviewer = ReviewerFactory.Create(ReviewerSpec.Parse("sarif:" + relative), new ReviewerSettings { WorkingDirectory = repo.Repo.Root });

        Assert.Equal(("sarif:" + relative, "Semgrep OSS 1.97.0"), (reviewer.Name, reviewer.Model));
    }

    [Fact]
    public async Task Create_InvalidJson_InputExceptionWithFileAndPosition()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var log = repo.WriteLog("broken.sarif", "{\"version\": \"2.1.0\", \"runs\": [\n");

        var error = Assert.Throws<InputException>(() => repo.Reviewer(log));

        Assert.StartsWith($"SARIF log {log} is not valid JSON: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("LineNumber: 1", error.Message, StringComparison.Ordinal);
    }
}
