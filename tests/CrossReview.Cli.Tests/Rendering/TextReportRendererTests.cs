using CrossReview.Budget;
using CrossReview.Cli.Rendering;
using CrossReview.Diffs;
using CrossReview.Findings;
using CrossReview.Git;
using CrossReview.Panel;
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
    private static readonly string[] PanelHeadings = ["Confirmed (1)", "Integration (1)", "Unconfirmed (single reviewer) (1)", "Dismissed (1)"];

    private static Finding PanelFinding(string id, FindingStatus status, string title, int line) => new()
    {
        Id = id, Fingerprint = id, Severity = Severity.Major, Category = "logic", Title = title,
        File = "app/users.py", StartLine = line, EndLine = line, Reviewers = ["a"], Status = status,
    };

    // Listed in the opposite order to the sections, so the sections' order can only come from the renderer.
    private static Report PanelSample()
    {
        var plain = Sample(null);
        return plain with
        {
            Mode = "panel",
            Findings =
            [
                PanelFinding("P4", FindingStatus.Dismissed, "Unused variable total", 16) with
                {
                    Reviewers = ["c"],
                    Votes = [new Vote("a", VoteKind.Dismiss, "total is returned on line 18"), new Vote("b", VoteKind.Dismiss, "total is used below")],
                    DismissalReason = "a: total is returned on line 18; b: total is used below",
                },
                PanelFinding("P3", FindingStatus.Unconfirmed, "Missing rate limit", 12) with { Votes = [new Vote("b", VoteKind.Unsure, "cannot tell")] },
                PanelFinding("P2", FindingStatus.Integration, "Build file drops the test project", 8) with { Reviewers = ["d"] },
                PanelFinding("P1", FindingStatus.Confirmed, "SQL injection in lookup", 3) with
                {
                    Reviewers = ["a", "b"],
                    Votes = [new Vote("c", VoteKind.Confirm, "string concatenation")],
                },
            ],
            Independence = new PanelIndependence(1, 1, 0),
        };
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Render_PanelReport_SectionsInOrderEachWithItsFinding(bool markdown)
    {
        var report = PanelSample();
        var text = markdown ? MarkdownReportWriter.Write(report) : TextReportRenderer.Render(report, color: false, width: 220);

        var headings = PanelHeadings.Select(h => text.IndexOf(h, StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(-1, headings);
        Assert.Equal(headings.Order(), headings);
        string[] titles = ["SQL injection in lookup", "Build file drops the test project", "Missing rate limit", "Unused variable total"];
        for (var i = 0; i < titles.Length; i++)
        {
            var at = text.IndexOf(titles[i], StringComparison.Ordinal);
            Assert.True(at > headings[i], titles[i]);
            Assert.True(i == titles.Length - 1 || at < headings[i + 1], titles[i]);
        }

        Assert.DoesNotContain("Findings (", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Render_PanelReport_WhoRaisedAndConfirmedDismissalReasonAndIndependence(bool markdown)
    {
        var report = PanelSample();
        var text = markdown ? MarkdownReportWriter.Write(report) : TextReportRenderer.Render(report, color: false, width: 220);

        Assert.Contains("by a, b, confirmed by c", text, StringComparison.Ordinal);
        Assert.Contains("a: total is returned on line 18; b: total is used below", text, StringComparison.Ordinal);
        Assert.Contains("Independence: of 1 confirmed finding(s), 1 raised independently, 0 confirmed only after votes", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PlainReview_NoSectionHeadingsAndFindingAsBefore()
    {
        var text = TextReportRenderer.Render(Sample(null), color: false);
        var markdown = MarkdownReportWriter.Write(Sample(null));

        foreach (var output in new[] { text, markdown })
        {
            Assert.DoesNotContain("Confirmed", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Dismissed", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Independence", output, StringComparison.Ordinal);
        }

        Assert.Contains("app/users.py:11 F1 · by openai:gpt-5.4 · confidence 0.90", text, StringComparison.Ordinal);
        Assert.Contains("## Findings (1)", markdown, StringComparison.Ordinal);
        Assert.Contains("`app/users.py:11` · security · by openai:gpt-5.4 · confidence 0.90", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_PanelFindingsInAReviewReport_NotGroupedIntoSections()
    {
        var text = TextReportRenderer.Render(PanelSample() with { Mode = "review", Independence = null }, color: false, width: 220);

        Assert.DoesNotContain(PanelHeadings, h => text.Contains(h, StringComparison.Ordinal));
    }
}
