using CrossReview.Engine;
using CrossReview.Findings;
using CrossReview.Reviewers;

namespace CrossReview.Tests.Reviewers.Sarif;

/// <summary>
/// Logs made on another machine (a CI runner, a container) name other roots than this repository's: their results must
/// still land on this repository's files, and a log none of whose results can is a failed reviewer, never an approval.
/// </summary>
public sealed class SarifForeignPathTests
{
    [Fact]
    public async Task Review_CodeQlLogWithSrcRootOfACiRunner_FindingsOnChangedLinesKept()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var fixture = SarifTestRepo.Fixture("codeql.sarif");
        var tool = fixture.IndexOf("\"tool\"", StringComparison.Ordinal);
        var log = repo.WriteLog("codeql-ci.sarif",
            fixture[..tool] + "\"originalUriBaseIds\":{\"%SRCROOT%\":{\"uri\":\"file:///home/runner/work/demo/demo/\"}}," + fixture[tool..]);

        var report = await repo.ReviewAsync(repo.Reviewer(log));

        Assert.Equal(ReviewerStatus.Ok, Assert.Single(report.Reviewers).Status);
        Assert.Equal(
            [("js/code-injection", SarifTestRepo.LineOf(SarifTestRepo.JavaScript, "eval(")),
             ("js/missing-rate-limiting", SarifTestRepo.LineOf(SarifTestRepo.JavaScript, "app.get('/user'")),
             ("js/sql-injection", SarifTestRepo.LineOf(SarifTestRepo.JavaScript, "db.query("))],
            report.Findings.Select(f => (f.Title.Split(':')[0], f.StartLine)));
        Assert.All(report.Findings, f => Assert.Equal(SarifTestRepo.JavaScriptFile, f.File));
    }

    [Fact]
    public async Task Review_RoslynLogFromADockerBuildUnderSrc_FindingsOnChangedLinesKept()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var log = repo.WriteLog("roslyn-docker.sarif", SarifTestRepo.Fixture("roslyn.sarif").Replace("__REPO_URI__", "file:///src", StringComparison.Ordinal));

        var report = await repo.ReviewAsync(repo.Reviewer(log, "roslyn"));

        Assert.Equal(ReviewerStatus.Ok, Assert.Single(report.Reviewers).Status);
        Assert.Equal(
            [("CS8602", SarifTestRepo.LineOf(SarifTestRepo.CSharp, "name.Trim()")), ("CS0168", SarifTestRepo.LineOf(SarifTestRepo.CSharp, "int unused"))],
            report.Findings.Select(f => (f.Title.Split(':')[0], f.StartLine)).OrderByDescending(p => p.Item2));
        Assert.All(report.Findings, f => Assert.Equal(SarifTestRepo.CSharpFile, f.File));
        Assert.Equal("request_changes", report.Verdict);
    }

    [Fact]
    public async Task Review_NoResultNamesAFileOfTheRepository_ReviewerFailedNeverApproves()
    {
        using var repo = await SarifTestRepo.CreateAsync();
        var log = repo.WriteLog("other-project.sarif", SarifTestRepo.Fixture("semgrep.sarif")
            .Replace("\"app/users.py\"", "\"file:///home/build/other-project/billing/invoice.py\"", StringComparison.Ordinal));

        var report = await repo.ReviewAsync(repo.Reviewer(log, "semgrep"));

        var reviewer = Assert.Single(report.Reviewers);
        Assert.Equal(ReviewerStatus.Failed, reviewer.Status);
        Assert.StartsWith("none of the 2 result(s) in other-project.sarif names a file of this repository (e.g. /home/build/other-project/billing/invoice.py)", reviewer.Error, StringComparison.Ordinal);
        Assert.Empty(report.Findings);
        Assert.NotEqual("approve", report.Verdict);
        Assert.Equal(ExitCodes.CouldNotComplete, ReviewOutcome.ExitCode(report, null));
    }
}
