using CrossReview.Reviewers;

namespace CrossReview.Tests.Reviewers.Sarif;

public sealed class SarifSpecTests
{
    [Theory]
    [InlineData("sarif:build/roslyn.sarif", "build/roslyn.sarif")]
    [InlineData("sarif:/home/ci@runner/out/semgrep.sarif", "/home/ci@runner/out/semgrep.sarif")]
    [InlineData("sarif:C:\\logs\\codeql.sarif", "C:\\logs\\codeql.sarif")]
    [InlineData("SARIF:logs/a@http://b.sarif", "logs/a@http://b.sarif")]
    [InlineData("  sarif: results.sarif ", "results.sarif")]
    public void Parse_SarifSpec_WholeRestIsTheFile(string text, string file)
    {
        var spec = ReviewerSpec.Parse(text);

        Assert.Equal((ReviewerProviders.Sarif, file, (string?)null), (spec.Provider, spec.Model, spec.BaseUrl));
    }

    [Fact]
    public void Parse_SarifWithoutFile_InputException()
    {
        var error = Assert.Throws<InputException>(() => ReviewerSpec.Parse("sarif:"));

        Assert.StartsWith("invalid reviewer 'sarif:': the file after 'sarif:' is empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_SarifWithNoFileNamed_InputException()
    {
        var error = Assert.Throws<InputException>(() => ReviewerFactory.Create(ReviewerSpec.Parse("sarif"), new ReviewerSettings()));

        Assert.Equal("reviewer 'sarif' names no SARIF log; expected sarif:FILE", error.Message);
    }

    [Fact]
    public void ForSarif_SameAsParsingTheSpec()
    {
        Assert.Equal(ReviewerSpec.Parse("sarif:out/a b@c.sarif"), ReviewerSpec.ForSarif("out/a b@c.sarif"));
    }
}
