using System.Text.Json;
using CrossReview.Budget;
using CrossReview.Diffs;
using CrossReview.Findings;
using CrossReview.Git;
using CrossReview.Panel;
using CrossReview.Reports;
using CrossReview.Reviewers;

namespace CrossReview.Tests.Reports;

/// <summary>The field names of crossreview.report/v1 are a contract (DESIGN §3): these tests pin them.</summary>
public class ReportJsonTests
{
    private static JsonElement Serialize(PanelIndependence? independence = null)
    {
        var report = new Report
        {
            Target = new ReportTarget
            {
                Kind = TargetKind.Range,
                Base = "a",
                Head = "b",
                Files = [new ReportFile("new.cs", "old.cs", FileStatus.Renamed, false, 2, 1, true, null)],
            },
            Verdict = "request_changes",
            Findings =
            [
                new Finding
                {
                    Id = "F1", Fingerprint = "f", Severity = Severity.Major, Category = "security", Title = "t",
                    File = "new.cs", StartLine = 3, EndLine = 4, Reviewers = ["r"],
                    Votes = [new Vote("r2", VoteKind.Confirm, "seen")],
                },
            ],
            Reviewers =
            [
                new ReviewerReport { Name = "r", Provider = "openai", Model = "m", Status = ReviewerStatus.Ok, Usage = new TokenUsage(5, 1, 2), CostUsd = null, DurationMs = 7 },
            ],
            Usage = new TokenUsage(5, 1, 2),
            Rounds = 1,
            Independence = independence,
        };
        return JsonDocument.Parse(ReportJson.Serialize(report)).RootElement.Clone();
    }

    [Fact]
    public void Serialize_TopLevel_ContractFieldNames()
    {
        var root = Serialize();

        Assert.Equal("crossreview.report/v1", root.GetProperty("schema").GetString());
        Assert.Equal("crossreview", root.GetProperty("tool").GetProperty("name").GetString());
        foreach (var name in new[] { "mode", "target", "verdict", "findings", "reviewers", "usage", "cost_usd", "duration_ms", "rounds" })
        {
            Assert.True(root.TryGetProperty(name, out _), name);
        }
    }

    [Fact]
    public void Serialize_PanelIndependence_SnakeCaseFields()
    {
        var independence = Serialize(new PanelIndependence(3, 2, 1)).GetProperty("independence");

        Assert.Equal(3, independence.GetProperty("confirmed").GetInt32());
        Assert.Equal(2, independence.GetProperty("raised_independently").GetInt32());
        Assert.Equal(1, independence.GetProperty("confirmed_after_votes").GetInt32());
    }

    [Fact]
    public void Serialize_NotAPanel_IndependenceNull()
    {
        Assert.Equal(JsonValueKind.Null, Serialize().GetProperty("independence").ValueKind);
    }

    [Fact]
    public void Serialize_TargetAndFiles_SnakeCaseAndLowerCaseEnums()
    {
        var target = Serialize().GetProperty("target");

        Assert.Equal("range", target.GetProperty("kind").GetString());
        var file = target.GetProperty("files")[0];
        Assert.Equal("old.cs", file.GetProperty("old_path").GetString());
        Assert.Equal("renamed", file.GetProperty("status").GetString());
        Assert.False(file.GetProperty("binary").GetBoolean());
        Assert.Equal(2, file.GetProperty("additions").GetInt32());
        Assert.Equal(1, file.GetProperty("deletions").GetInt32());
        Assert.True(file.GetProperty("reviewed").GetBoolean());
        Assert.Equal(JsonValueKind.Null, file.GetProperty("skip_reason").ValueKind);
    }

    [Fact]
    public void Serialize_Finding_ContractFieldNames()
    {
        var finding = Serialize().GetProperty("findings")[0];

        Assert.Equal("major", finding.GetProperty("severity").GetString());
        Assert.Equal("reported", finding.GetProperty("status").GetString());
        Assert.Equal(3, finding.GetProperty("start_line").GetInt32());
        Assert.Equal(4, finding.GetProperty("end_line").GetInt32());
        Assert.Equal("confirm", finding.GetProperty("votes")[0].GetProperty("vote").GetString());
        Assert.Equal("r2", finding.GetProperty("votes")[0].GetProperty("reviewer").GetString());
        foreach (var name in new[] { "id", "fingerprint", "category", "title", "body", "recommendation", "file", "confidence", "reviewers", "dismissal_reason" })
        {
            Assert.True(finding.TryGetProperty(name, out _), name);
        }
    }

    [Fact]
    public void Serialize_Reviewer_UsageAndNullCostKept()
    {
        var reviewer = Serialize().GetProperty("reviewers")[0];

        Assert.Equal("ok", reviewer.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, reviewer.GetProperty("cost_usd").ValueKind);
        Assert.Equal(JsonValueKind.Null, reviewer.GetProperty("role").ValueKind);
        Assert.Equal(5, reviewer.GetProperty("usage").GetProperty("input_tokens").GetInt64());
        Assert.Equal(1, reviewer.GetProperty("usage").GetProperty("cached_input_tokens").GetInt64());
        Assert.Equal(2, reviewer.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        Assert.Equal(7, reviewer.GetProperty("duration_ms").GetInt64());
    }
}
