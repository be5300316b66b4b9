using CrossReview.Findings;
using CrossReview.Panel;

namespace CrossReview.Tests.Panel;

public class VoteResponseParserTests
{
    private static readonly string[] Asked = ["P1", "P2", "P3"];

    private const string Strict = """
        {"votes": [
          {"finding_id": "P1", "vote": "confirm", "reason": "user_id is concatenated into the SQL on line 12."},
          {"finding_id": "P2", "vote": "dismiss", "reason": "The lock on line 101 serialises the read and the write."},
          {"finding_id": "P3", "vote": "unsure", "reason": "The caller of create_order is not shown."}
        ],
        "new_findings": []}
        """;

    [Fact]
    public void Parse_StrictAnswer_EveryVoteWithReason()
    {
        var outcome = VoteResponseParser.Parse(Strict, Asked);

        Assert.True(outcome.IsSuccess);
        Assert.Equal(
            [
                new ModelVote("P1", VoteKind.Confirm, "user_id is concatenated into the SQL on line 12."),
                new ModelVote("P2", VoteKind.Dismiss, "The lock on line 101 serialises the read and the write."),
                new ModelVote("P3", VoteKind.Unsure, "The caller of create_order is not shown."),
            ],
            outcome.Votes);
        Assert.Empty(outcome.NewFindings);
        Assert.Empty(outcome.Warnings);
    }

    [Fact]
    public void Parse_FencedInsideProse_SameVotes()
    {
        var text = "I checked each finding against the hunks.\n\n```json\n" + Strict + "\n```\n\nLet me know if you need more.";

        Assert.Equal(VoteResponseParser.Parse(Strict, Asked).Votes, VoteResponseParser.Parse(text, Asked).Votes);
    }

    [Fact]
    public void Parse_EmbeddedInProseWithoutFence_SameVotes()
    {
        var text = "Here is my answer: " + Strict.ReplaceLineEndings(" ") + " That is all.";

        Assert.Equal(VoteResponseParser.Parse(Strict, Asked).Votes, VoteResponseParser.Parse(text, Asked).Votes);
    }

    [Theory]
    [InlineData("\"yes\"", VoteKind.Confirm)]
    [InlineData("\"Agree\"", VoteKind.Confirm)]
    [InlineData("\"valid\"", VoteKind.Confirm)]
    [InlineData("\"true positive\"", VoteKind.Confirm)]
    [InlineData("true", VoteKind.Confirm)]
    [InlineData("\"no\"", VoteKind.Dismiss)]
    [InlineData("\"DISAGREE\"", VoteKind.Dismiss)]
    [InlineData("\"invalid\"", VoteKind.Dismiss)]
    [InlineData("\"false_positive\"", VoteKind.Dismiss)]
    [InlineData("false", VoteKind.Dismiss)]
    [InlineData("\"not sure\"", VoteKind.Unsure)]
    [InlineData("\"abstain\"", VoteKind.Unsure)]
    public void Parse_VoteSynonym_MapsToVoteKind(string vote, VoteKind expected)
    {
        var outcome = VoteResponseParser.Parse($$"""{"votes": [{"findingId": "P1", "vote": {{vote}}, "rationale": "r"}]}""", ["P1"]);

        Assert.Equal(new ModelVote("P1", expected, "r"), Assert.Single(outcome.Votes));
    }

    [Fact]
    public void Parse_UnknownIds_IgnoredAndCountedAsWarnings()
    {
        var text = """
            {"votes": [
              {"finding_id": "P1", "vote": "confirm", "reason": "real"},
              {"finding_id": "P9", "vote": "dismiss", "reason": "made up"},
              {"finding_id": "F1", "vote": "confirm", "reason": "a reviewer's own id"}
            ]}
            """;

        var outcome = VoteResponseParser.Parse(text, ["P1"]);

        Assert.Equal("P1", Assert.Single(outcome.Votes).FindingId);
        Assert.Equal(2, outcome.Warnings.Count(w => w.Contains("unknown finding id", StringComparison.Ordinal)));
        Assert.Contains(outcome.Warnings, w => w.Contains("\"P9\"", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MissingDuplicateAndUnreadableVotes_Warned()
    {
        var text = """
            {"votes": [
              {"id": "p2", "vote": "dismiss", "reason": "first"},
              {"id": "#P2", "vote": "confirm", "reason": "second"},
              {"id": "P3", "vote": "probably", "reason": "?"}
            ]}
            """;

        var outcome = VoteResponseParser.Parse(text, Asked);

        Assert.Equal(new ModelVote("P2", VoteKind.Dismiss, "first"), Assert.Single(outcome.Votes));
        Assert.Contains("second vote on P2 was ignored", outcome.Warnings);
        Assert.Contains("vote on P3 is not confirm, dismiss or unsure and was ignored", outcome.Warnings);
        Assert.Contains("no vote on P1", outcome.Warnings);
        Assert.Contains("no vote on P3", outcome.Warnings);
    }

    [Fact]
    public void Parse_VotesAsMapAndOutOfOrder_ReturnedInRequestOrder()
    {
        var text = """{"votes": {"P3": "dismiss", "P1": {"vote": "confirm", "reason": "seen"}}}""";

        var outcome = VoteResponseParser.Parse(text, Asked);

        Assert.Equal([new ModelVote("P1", VoteKind.Confirm, "seen"), new ModelVote("P3", VoteKind.Dismiss, null)], outcome.Votes);
    }

    [Fact]
    public void Parse_NewFindings_MappedLikeReviewFindings()
    {
        var text = """
            {"votes": [{"finding_id": "P1", "vote": "confirm", "reason": "real"}],
             "newFindings": [{"title": "Amount is not validated", "body": "Negative amounts credit the account.", "severity": "P1",
                              "category": "correctness", "file": "api/users.py", "start_line": 102, "end_line": 103,
                              "start_line_hash": "a3f", "confidence": 0.8, "recommendation": null}]}
            """;

        var outcome = VoteResponseParser.Parse(text, ["P1"]);

        var finding = Assert.Single(outcome.NewFindings);
        Assert.Equal("Amount is not validated", finding.Title);
        Assert.Equal("api/users.py", finding.File);
        Assert.Equal(102, finding.StartLine);
        Assert.Equal(103, finding.EndLine);
        Assert.Equal("major", finding.Severity);
        Assert.Equal("a3f", finding.LineHash);
    }

    [Theory]
    [InlineData("")]
    [InlineData("All findings look right to me.")]
    [InlineData("{\"verdict\": \"approve\", \"findings\": []}")]
    public void Parse_NoVoteObject_Failure(string text)
    {
        var outcome = VoteResponseParser.Parse(text, Asked);

        Assert.False(outcome.IsSuccess);
        Assert.Empty(outcome.Votes);
    }
}
