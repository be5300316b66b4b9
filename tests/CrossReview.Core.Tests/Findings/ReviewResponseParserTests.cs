using CrossReview.Findings;

namespace CrossReview.Tests.Findings;

public class ReviewResponseParserTests
{
    private const string Strict = """
        {
          "verdict": "request_changes",
          "summary": "Adds a cache without eviction.",
          "findings": [
            {
              "title": "Cache grows without bound",
              "body": "Every key is kept forever.",
              "severity": "major",
              "category": "resource_leak",
              "file": "src/cache.cs",
              "start_line": 12,
              "end_line": 14,
              "start_line_hash": "a3f",
              "confidence": 0.8,
              "recommendation": "Bound the cache."
            }
          ]
        }
        """;

    [Fact]
    public void Parse_StrictJson_ReadsEveryField()
    {
        var outcome = ReviewResponseParser.Parse(Strict);

        Assert.True(outcome.IsSuccess, outcome.Error);
        var review = outcome.Review!;
        Assert.Equal("request_changes", review.Verdict);
        Assert.Equal("Adds a cache without eviction.", review.Summary);
        var finding = Assert.Single(review.Findings);
        Assert.Equal("Cache grows without bound", finding.Title);
        Assert.Equal("Every key is kept forever.", finding.Body);
        Assert.Equal("major", finding.Severity);
        Assert.Equal("resource_leak", finding.Category);
        Assert.Equal("src/cache.cs", finding.File);
        Assert.Equal(12, finding.StartLine);
        Assert.Equal(14, finding.EndLine);
        Assert.Equal("a3f", finding.LineHash);
        Assert.Equal(0.8, finding.Confidence);
        Assert.Equal("Bound the cache.", finding.Recommendation);
        Assert.Empty(outcome.Warnings);
    }

    [Theory]
    [InlineData("```json\n{0}\n```")]
    [InlineData("Here is my review:\n\n```\n{0}\n```\nThanks.")]
    [InlineData("```JSON\r\n{0}\r\n```")]
    public void Parse_JsonInsideFence_ReadsReview(string template)
    {
        var outcome = ReviewResponseParser.Parse(template.Replace("{0}", Strict, StringComparison.Ordinal));

        Assert.True(outcome.IsSuccess, outcome.Error);
        Assert.Equal("Cache grows without bound", Assert.Single(outcome.Review!.Findings).Title);
    }

    [Fact]
    public void Parse_ObjectEmbeddedInProse_SkipsUnrelatedObjectsAndReadsReview()
    {
        var text = "I looked at {the config} and the object {\"note\": 1}. My answer: " + Strict + "\nLet me know {if needed}.";

        var outcome = ReviewResponseParser.Parse(text);

        Assert.True(outcome.IsSuccess, outcome.Error);
        Assert.Equal("request_changes", outcome.Review!.Verdict);
        Assert.Single(outcome.Review.Findings);
    }

    [Fact]
    public void Parse_BracesInsideStringsInProse_FindsBalancedObject()
    {
        var text = """Result: {"verdict": "approve", "summary": "uses {} and \"}\" safely", "findings": []} done""";

        var outcome = ReviewResponseParser.Parse(text);

        Assert.True(outcome.IsSuccess, outcome.Error);
        Assert.Equal("uses {} and \"}\" safely", outcome.Review!.Summary);
    }

    [Fact]
    public void Parse_ReviewNestedInWrapper_ReadsInnerObject()
    {
        var outcome = ReviewResponseParser.Parse("{\"crossreview_review\": " + Strict + "}");

        Assert.True(outcome.IsSuccess, outcome.Error);
        Assert.Single(outcome.Review!.Findings);
    }

    [Theory]
    [InlineData("LGTM, no issues found.")]
    [InlineData("The change looks correct. Verdict: approve.")]
    [InlineData("{\"note\": \"this object is not a review\"}")]
    public void Parse_NoReviewObject_Fails(string text)
    {
        var outcome = ReviewResponseParser.Parse(text);

        Assert.False(outcome.IsSuccess);
        Assert.Null(outcome.Review);
        Assert.Equal(ReviewResponseParser.NoReviewFound, outcome.Error);
    }

    [Theory]
    [InlineData("{\"verdict\": \"approve\", \"findings\": [")]
    [InlineData("\u0000\u0001 garbage }{ ][")]
    [InlineData("```json\n{verdict: approve}\n```")]
    public void Parse_Garbage_Fails(string text)
    {
        var outcome = ReviewResponseParser.Parse(text);

        Assert.False(outcome.IsSuccess);
        Assert.False(string.IsNullOrEmpty(outcome.Error));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    [InlineData(null)]
    public void Parse_Empty_Fails(string? text)
    {
        Assert.False(ReviewResponseParser.Parse(text).IsSuccess);
    }

    [Fact]
    public void Parse_FindingsNotAnArray_Fails()
    {
        var outcome = ReviewResponseParser.Parse("{\"verdict\": \"approve\", \"findings\": \"none\"}");

        Assert.False(outcome.IsSuccess);
        Assert.Contains("not an array", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_CamelCaseKeysAndStringNumbers_AreRead()
    {
        const string text = """
            {"Verdict": "Changes_Requested", "findings": [{"Title": "Bad", "Severity": "High", "filePath": "a.cs",
              "startLine": "12", "endLine": "15", "Confidence": "85%", "suggestedFix": "Do it", "Description": "Why"}]}
            """;

        var finding = Assert.Single(ReviewResponseParser.Parse(text).Review!.Findings);

        Assert.Equal("a.cs", finding.File);
        Assert.Equal(12, finding.StartLine);
        Assert.Equal(15, finding.EndLine);
        Assert.Equal("major", finding.Severity);
        Assert.Equal(0.85, finding.Confidence!.Value, 3);
        Assert.Equal("Do it", finding.Recommendation);
        Assert.Equal("Why", finding.Body);
    }

    [Fact]
    public void Parse_LineInsteadOfStartLine_EndDefaultsToStart()
    {
        var outcome = ReviewResponseParser.Parse("""{"findings": [{"title": "x", "severity": "minor", "file": "a.cs", "line": 7}]}""");

        var finding = Assert.Single(outcome.Review!.Findings);
        Assert.Equal(7, finding.StartLine);
        Assert.Equal(7, finding.EndLine);
    }

    [Theory]
    [InlineData("\"12#A3F\"", 12, 12, "a3f")]
    [InlineData("\"L12-L15\"", 12, 15, null)]
    [InlineData("\"12-15\"", 12, 15, null)]
    [InlineData("12.0", 12, 12, null)]
    public void Parse_LineSpellings_AreRead(string line, int start, int end, string? hash)
    {
        var finding = Assert.Single(ReviewResponseParser.Parse(
            "{\"findings\": [{\"title\": \"x\", \"severity\": \"minor\", \"file\": \"a.cs\", \"line\": " + line + "}]}").Review!.Findings);

        Assert.Equal(start, finding.StartLine);
        Assert.Equal(end, finding.EndLine);
        Assert.Equal(hash, finding.LineHash);
    }

    [Fact]
    public void Parse_LocationString_ReadsFileAndLines()
    {
        var finding = Assert.Single(ReviewResponseParser.Parse(
            """{"findings": [{"title": "x", "severity": "minor", "location": "src/a.cs:20-22"}]}""").Review!.Findings);

        Assert.Equal("src/a.cs", finding.File);
        Assert.Equal(20, finding.StartLine);
        Assert.Equal(22, finding.EndLine);
    }

    [Theory]
    [InlineData("approve", "approve")]
    [InlineData("APPROVED", "approve")]
    [InlineData("pass", "approve")]
    [InlineData("LGTM", "approve")]
    [InlineData("request_changes", "request_changes")]
    [InlineData("changes_requested", "request_changes")]
    [InlineData("Request Changes", "request_changes")]
    [InlineData("reject", "request_changes")]
    [InlineData("fail", "request_changes")]
    public void Parse_VerdictSynonyms_AreNormalized(string verdict, string expected)
    {
        var outcome = ReviewResponseParser.Parse("{\"verdict\": \"" + verdict + "\", \"findings\": []}");

        Assert.Equal(expected, outcome.Review!.Verdict);
    }

    [Theory]
    [InlineData("[]", "approve")]
    [InlineData("[{\"title\": \"x\", \"severity\": \"info\"}]", "approve")]
    [InlineData("[{\"title\": \"x\", \"severity\": \"P1\"}]", "request_changes")]
    public void Parse_MissingVerdict_DerivedFromFindings(string findings, string expected)
    {
        var outcome = ReviewResponseParser.Parse("{\"findings\": " + findings + "}");

        Assert.True(outcome.IsSuccess, outcome.Error);
        Assert.Equal(expected, outcome.Review!.Verdict);
        Assert.Contains(outcome.Warnings, w => w.Contains("verdict", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnknownSeverity_ReadAsMinorWithWarning()
    {
        var outcome = ReviewResponseParser.Parse("""{"verdict": "approve", "findings": [{"title": "x", "severity": "spicy"}]}""");

        Assert.Equal("minor", Assert.Single(outcome.Review!.Findings).Severity);
        Assert.Contains(outcome.Warnings, w => w.Contains("spicy", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("P0", "critical")]
    [InlineData("blocker", "critical")]
    [InlineData("p1", "major")]
    [InlineData("error", "major")]
    [InlineData("Medium", "minor")]
    [InlineData("warning", "minor")]
    [InlineData("P3", "info")]
    [InlineData("nit", "info")]
    public void Parse_SeveritySynonyms_AreNormalized(string severity, string expected)
    {
        var outcome = ReviewResponseParser.Parse("{\"verdict\": \"approve\", \"findings\": [{\"title\": \"x\", \"severity\": \"" + severity + "\"}]}");

        Assert.Equal(expected, Assert.Single(outcome.Review!.Findings).Severity);
    }

    [Fact]
    public void Parse_NonObjectFinding_IgnoredWithWarning()
    {
        var outcome = ReviewResponseParser.Parse("""{"verdict": "approve", "findings": ["just text", {"title": "x", "severity": "info"}]}""");

        Assert.Single(outcome.Review!.Findings);
        Assert.Contains(outcome.Warnings, w => w.Contains("finding 1", StringComparison.Ordinal));
    }
}
