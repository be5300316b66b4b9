using CrossReview.Findings;

namespace CrossReview.Tests.Findings;

public class SeverityParserTests
{
    [Theory]
    [InlineData("critical", Severity.Critical)]
    [InlineData("CRITICAL", Severity.Critical)]
    [InlineData("blocker", Severity.Critical)]
    [InlineData("P0", Severity.Critical)]
    [InlineData("[P0]", Severity.Critical)]
    [InlineData("high", Severity.Major)]
    [InlineData("major", Severity.Major)]
    [InlineData("Error", Severity.Major)]
    [InlineData("P1 - High", Severity.Major)]
    [InlineData("medium", Severity.Minor)]
    [InlineData("moderate", Severity.Minor)]
    [InlineData("minor", Severity.Minor)]
    [InlineData("warning", Severity.Minor)]
    [InlineData("p2", Severity.Minor)]
    [InlineData("low", Severity.Info)]
    [InlineData("info", Severity.Info)]
    [InlineData("nit", Severity.Info)]
    [InlineData("note", Severity.Info)]
    [InlineData("suggestion", Severity.Info)]
    [InlineData("P3", Severity.Info)]
    [InlineData("**major**", Severity.Major)]
    public void TryParse_KnownWord_MapsToSeverity(string text, Severity expected)
    {
        Assert.True(SeverityParser.TryParse(text, out var severity));
        Assert.Equal(expected, severity);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("spicy")]
    [InlineData("P9")]
    public void TryParse_UnknownWord_ReturnsFalse(string? text)
    {
        Assert.False(SeverityParser.TryParse(text, out _));
    }

    [Theory]
    [InlineData(Severity.Critical)]
    [InlineData(Severity.Major)]
    [InlineData(Severity.Minor)]
    [InlineData(Severity.Info)]
    public void ToName_RoundTripsThroughTryParse(Severity severity)
    {
        Assert.True(SeverityParser.TryParse(SeverityParser.ToName(severity), out var parsed));
        Assert.Equal(severity, parsed);
    }
}
