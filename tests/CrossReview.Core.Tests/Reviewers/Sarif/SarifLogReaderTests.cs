using CrossReview.Findings;
using CrossReview.Reviewers.Sarif;

namespace CrossReview.Tests.Reviewers.Sarif;

public sealed class SarifLogReaderTests
{
    private const string Root = "/work/repo";

    private static SarifLog Parse(string fixture, string root = Root) =>
        SarifLogReader.Parse(SarifTestRepo.Fixture(fixture).Replace("__REPO_URI__", new Uri(root + "/").AbsoluteUri.TrimEnd('/'), StringComparison.Ordinal), fixture, root);

    /// <summary>A one-result log whose artifact location is <paramref name="artifactLocation"/> (JSON).</summary>
    private static string OneResult(string artifactLocation, string extraRun = "") => """
        {"version":"2.1.0","runs":[{"tool":{"driver":{"name":"t"}},EXTRA_RUN
          "results":[{"ruleId":"R1","message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":ARTIFACT_LOCATION,"region":{"startLine":3}}}]}]}]}
        """.Replace("EXTRA_RUN", extraRun, StringComparison.Ordinal).Replace("ARTIFACT_LOCATION", artifactLocation, StringComparison.Ordinal);

    [Fact]
    public void Parse_RoslynLog_AbsoluteUrisMadeRelativeAndDecoded_SuppressedLeftOut()
    {
        var log = Parse("roslyn.sarif");

        var tool = Assert.Single(log.Tools);
        Assert.Equal(("Microsoft (R) Visual C# Compiler", "5.9.0"), (tool.Name, tool.Version));
        Assert.Equal(1, log.Ignored);
        Assert.DoesNotContain(log.Results, r => r.RuleId == "CA1822");
        Assert.Equal(
            ["src/Demo App/Greeter.cs", "src/Demo App/Greeter.cs", "src/Demo App/Greeter.cs", "src/Demo App/obj/Debug/net10.0/Demo.GlobalUsings.g.cs",
             "/home/build/.nuget/packages/demo.shared/1.0.0/contentFiles/cs/any/Shared.cs"],
            log.Results.Select(r => r.File));
        var nullable = log.Results.Single(r => r.RuleId == "CS8602");
        Assert.Equal((8, 8), (nullable.StartLine, nullable.EndLine));
        Assert.Equal("CS8602: Dereference of a possibly null reference.", nullable.Title);
        Assert.Contains("https://msdn.microsoft.com/query/roslyn.query?appId=roslyn&k=k(CS8602)", nullable.Body, StringComparison.Ordinal);
        Assert.Equal("analyzer", nullable.Category);
    }

    [Fact]
    public void Parse_LevelMissing_RuleDefaultElseWarning()
    {
        var roslyn = Parse("roslyn.sarif");
        var eslint = Parse("multirun.sarif");

        Assert.Equal(Severity.Info, roslyn.Results.Single(r => r.RuleId == "CA2007").Severity);
        Assert.Equal(Severity.Major, roslyn.Results.Single(r => r.RuleId == "CA1305").Severity);
        Assert.Equal(Severity.Minor, eslint.Results.Single(r => r.RuleId == "prefer-template").Severity);
    }

    [Fact]
    public void Parse_CodeQlLog_RulesFromExtensionSecuritySeverityAndSrcRoot()
    {
        var log = Parse("codeql.sarif");

        Assert.Equal("CodeQL 2.19.3", Assert.Single(log.Tools).Display);
        var byRule = log.Results.ToDictionary(r => r.RuleId);
        Assert.Equal(Severity.Major, byRule["js/sql-injection"].Severity);
        Assert.Equal(Severity.Critical, byRule["js/code-injection"].Severity);
        Assert.Equal(Severity.Major, byRule["js/missing-rate-limiting"].Severity);
        Assert.All(log.Results, r => Assert.Equal("src/db.js", r.File));
        Assert.All(log.Results, r => Assert.Equal("security", r.Category));
        Assert.Equal("js/sql-injection: This query string depends on a user-provided value.", byRule["js/sql-injection"].Title);
        Assert.StartsWith("# Database query built from user-controlled sources", byRule["js/sql-injection"].Recommendation, StringComparison.Ordinal);
        Assert.Equal((6, 9), (byRule["js/missing-rate-limiting"].StartLine, byRule["js/missing-rate-limiting"].EndLine));
        Assert.Equal((8, 8), (byRule["js/sql-injection"].StartLine, byRule["js/sql-injection"].EndLine));
    }

    [Fact]
    public void Parse_SemgrepLog_RelativeUriAndHelpThatRepeatsTheMessageIsNoRecommendation()
    {
        var log = Parse("semgrep.sarif");

        Assert.Equal("Semgrep OSS 1.97.0", Assert.Single(log.Tools).Display);
        var sql = log.Results[0];
        Assert.Equal(("app/users.py", 10, 11), (sql.File, sql.StartLine, sql.EndLine));
        Assert.Equal((Severity.Major, "security"), (sql.Severity, sql.Category));
        Assert.Null(sql.Recommendation);
        Assert.Equal(
            "Detected possible formatted SQL query. Use parameterized queries instead.\n\nRule python.lang.security.audit.formatted-sql-query.formatted-sql-query of Semgrep OSS 1.97.0 "
            + "(https://semgrep.dev/r/python.lang.security.audit.formatted-sql-query.formatted-sql-query)",
            sql.Body);
        var timeout = log.Results[1];
        Assert.Equal((Severity.Info, "analyzer", "Pass timeout= to sqlite3.connect()."), (timeout.Severity, timeout.Category, timeout.Recommendation));
    }

    [Fact]
    public void Parse_MultiRunLog_EveryRunReadWithItsOwnRulesAndBases()
    {
        var log = Parse("multirun.sarif");

        Assert.Equal(["ESLint 8.57.0", "Bandit 1.7.10"], log.Tools.Select(t => t.Display));
        Assert.Equal(1, log.Ignored);
        Assert.Equal(["prefer-template", "B608", "B101"], log.Results.Select(r => r.RuleId));
        Assert.Equal("prefer-template: Unexpected string concatenation of a string literal and req.query.id.", log.Results[0].Title);
        Assert.Equal(["src/db.js", "app/users.py", "app/users.py"], log.Results.Select(r => r.File));
        Assert.Equal([Severity.Minor, Severity.Minor, Severity.Info], log.Results.Select(r => r.Severity));
        Assert.Equal("security", log.Results[1].Category);
    }

    [Theory]
    [InlineData("C:\\Users\\dev\\repo", """{"uri":"file:///c:/Users/dev/repo/src/My%20App/a.cs"}""", "src/My App/a.cs")]
    [InlineData("C:\\Users\\dev\\repo", """{"uri":"file://localhost/C:/Users/dev/repo/a.cs"}""", "a.cs")]
    [InlineData("C:\\Users\\dev\\repo", """{"uri":"C:\\Users\\dev\\repo\\src\\a.cs"}""", "src/a.cs")]
    [InlineData("C:\\Users\\dev\\repo", """{"uri":"file:///D:/other/a.cs"}""", "D:/other/a.cs")]
    [InlineData("/work/repo", """{"uri":"file:///work/repo/lib/../src/a%2Bb.cs"}""", "src/a+b.cs")]
    [InlineData("/work/repo", """{"uri":"file:///work/repository/a.cs"}""", "/work/repository/a.cs")]
    [InlineData("/work/repo", """{"uri":"./src/a.cs"}""", "src/a.cs")]
    [InlineData("/work/repo", """{"uri":"src/a.cs","uriBaseId":"%SRCROOT%"}""", "src/a.cs")]
    public void Parse_ArtifactUri_RelativeToRepositoryRoot(string root, string artifactLocation, string expected)
    {
        var log = SarifLogReader.Parse(OneResult(artifactLocation), "t.sarif", root);

        Assert.Equal(expected, Assert.Single(log.Results).File);
    }

    [Fact]
    public void Parse_BaseIdDefinedOutsideTheRepository_UriTakenUnderTheRoot()
    {
        // Where the tool ran on another machine; the file is the same one under this repository's root.
        var log = SarifLogReader.Parse(
            OneResult("""{"uri":"a.cs","uriBaseId":"SRC"}""", """ "originalUriBaseIds":{"SRC":{"uri":"file:///elsewhere/"}}, """),
            "t.sarif", Root);

        Assert.Equal("a.cs", Assert.Single(log.Results).File);
    }

    [Theory]
    [InlineData("error", null, Severity.Major)]
    [InlineData("warning", null, Severity.Minor)]
    [InlineData("note", null, Severity.Info)]
    [InlineData("none", null, Severity.Info)]
    [InlineData("error", 9.0, Severity.Critical)]
    [InlineData("warning", 8.9, Severity.Major)]
    [InlineData("note", 7.0, Severity.Major)]
    [InlineData("warning", 6.9, Severity.Minor)]
    [InlineData("error", 2.0, Severity.Major)]
    public void From_LevelAndSecuritySeverity_Mapped(string level, double? securitySeverity, Severity expected)
    {
        Assert.Equal(expected, SarifSeverity.From(level, securitySeverity));
    }

    [Theory]
    [InlineData("{\"version\":\"2.1.0\",", "is not valid JSON")]
    [InlineData("[]", "its top level is not a JSON object")]
    [InlineData("""{"runs":[]}""", "it has no \"version\" (expected \"2.1.0\")")]
    [InlineData("""{"version":"1.0.0","runs":[]}""", "is SARIF version \"1.0.0\", not 2.1.0; Roslyn writes 2.1.0 with -errorlog:FILE;version=2.1")]
    [InlineData("""{"version":"2.1.0"}""", "it has no \"runs\" array")]
    public void Parse_NotSarif210_InputExceptionNamesFileAndProblem(string content, string problem)
    {
        var error = Assert.Throws<InputException>(() => SarifLogReader.Parse(content, "build/x.sarif", Root));

        Assert.StartsWith("SARIF log build/x.sarif ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_SymlinkToDevZero_RefusedWithoutReading()
    {
        var folder = Directory.CreateTempSubdirectory("crossreview-sarif-").FullName;
        try
        {
            var log = Path.Combine(folder, "zero.sarif");
            File.CreateSymbolicLink(log, "/dev/zero");

            var error = Assert.Throws<InputException>(() => SarifLogReader.Read(log, folder));

            Assert.Contains("is not a regular file", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Read_FileOverSizeCap_RefusedWithoutReading()
    {
        var folder = Directory.CreateTempSubdirectory("crossreview-sarif-").FullName;
        try
        {
            var log = Path.Combine(folder, "huge.sarif");
            using (var stream = File.Create(log))
            {
                // Sparse: no disk is used, but the length is over the cap.
                stream.SetLength(SarifLogReader.MaxFileBytes + 1);
            }

            var error = Assert.Throws<InputException>(() => SarifLogReader.Read(log, folder));

            Assert.Contains("is larger than 64 MiB", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
