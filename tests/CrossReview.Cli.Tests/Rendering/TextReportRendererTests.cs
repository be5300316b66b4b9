using CrossReview.Budget;
using CrossReview.Cli.Rendering;
using CrossReview.Diffs;
using CrossReview.Findings;
using CrossReview.Git;
using CrossReview.Reports;
using CrossReview.Reviewers;

namespace CrossReview.Tests.Rendering;

public class TextReportRendererTests
{
    private static Report Sample(decimal? cost) => new()
    {
        Target = new ReportTarget
        {
            Kind = TargetKind.Commit,
            Base = "1111111111111111111111111111111111111111",
            Head = "2222222222222222222222222222222222222222",
            Files = [new ReportFile("app/users.py", null, FileStatus.Modified, false, 6, 0, true, null)],
        },
        Verdict = "request_changes",
        Complete = true,
        Findings =
        [
            new Finding
            {
                Id = "F1", Fingerprint = "abc", Severity = Severity.Critical, Category = "security",
                Title = "SQL injection [name]", Body = "name goes into the SQL text.", Recommendation = "Bind it.",
                File = "app/users.py", StartLine = 11, EndLine = 11, Confidence = 0.9, Reviewers = ["openai:gpt-5.4"],
            },
        ],
        Reviewers =
        [
            new ReviewerReport
            {
                Name = "openai:gpt-5.4", Provider = "openai", Model = "gpt-5.4", Status = ReviewerStatus.Ok,
                Usage = new TokenUsage(1200, 200, 150), CostUsd = cost, DurationMs = 2500, FindingsReported = 1,
            },
            new ReviewerReport
            {
                Name = "anthropic", Provider = "anthropic", Model = "claude-sonnet-4-5", Status = ReviewerStatus.Timeout,
                Error = "no answer within the 300s time limit (--timeout)", DurationMs = 300000,
            },
        ],
    };

    [Fact]
    public void Render_Plain_NoEscapesAndEveryPartShown()
    {
        var text = TextReportRenderer.Render(Sample(0.0123m), color: false);

        Assert.DoesNotContain("\u001b[", text, StringComparison.Ordinal);
        Assert.Contains("[critical] SQL injection [name]", text, StringComparison.Ordinal);
        Assert.Contains("app/users.py:11", text, StringComparison.Ordinal);
        Assert.Contains("111111111111..222222222222", text, StringComparison.Ordinal);
        Assert.Contains("fix: Bind it.", text, StringComparison.Ordinal);
        Assert.Contains("anthropic: no answer within the 300s time limit", text, StringComparison.Ordinal);
        Assert.Contains("$0.0123", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_UnknownCost_SaysUnknownNeverZero()
    {
        var text = TextReportRenderer.Render(Sample(null), color: false);

        Assert.Contains("cost unknown", text, StringComparison.Ordinal);
        Assert.DoesNotContain("$0.0000", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Color_UsesAnsiEscapes()
    {
        Assert.Contains("\u001b[", TextReportRenderer.Render(Sample(null), color: true), StringComparison.Ordinal);
    }

    [Fact]
    public void MarkdownWriter_Finding_ShowsLocationAndReviewerTable()
    {
        var markdown = MarkdownReportWriter.Write(Sample(null));

        Assert.Contains("### [critical] SQL injection [name]", markdown, StringComparison.Ordinal);
        Assert.Contains("`app/users.py:11`", markdown, StringComparison.Ordinal);
        Assert.Contains("| anthropic | claude-sonnet-4-5 | timeout: no answer", markdown, StringComparison.Ordinal);
        Assert.Contains("cost unknown", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_AgentCliReviewer_ShowsVersionSandboxAndEffortBesideTheModel()
    {
        var sample = Sample(null);
        var agent = new ReviewerReport
        {
            Name = "codex", Provider = "codex", Model = null, Status = ReviewerStatus.Ok,
            Version = "codex-cli 0.169.0", Sandbox = "read-only", Effort = "high",
        };
        var report = sample with { Reviewers = [.. sample.Reviewers, agent] };

        var text = TextReportRenderer.Render(report, color: false, width: 220);
        var markdown = MarkdownReportWriter.Write(report);

        Assert.Contains("default model (codex-cli 0.169.0, read-only, effort high)", text, StringComparison.Ordinal);
        Assert.Contains("| codex | default model (codex-cli 0.169.0, read-only, effort high) |", markdown, StringComparison.Ordinal);
        Assert.Contains("| anthropic | claude-sonnet-4-5 | timeout", markdown, StringComparison.Ordinal);
    }
}
