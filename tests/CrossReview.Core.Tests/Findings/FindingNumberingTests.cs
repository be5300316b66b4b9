using CrossReview.Findings;

namespace CrossReview.Tests.Findings;

public class FindingNumberingTests
{
    private static Finding Make(Severity severity, string file, int line) => new()
    {
        Id = "",
        Fingerprint = FindingFingerprint.Compute(file, "c", "t", [line.ToString(System.Globalization.CultureInfo.InvariantCulture)]),
        Severity = severity,
        Category = "c",
        Title = "t",
        File = file,
        StartLine = line,
        EndLine = line,
    };

    [Fact]
    public void SortAndNumber_OrdersBySeverityThenPlace_AndNumbersFromOne()
    {
        var minor = Make(Severity.Minor, "a.cs", 1);
        var criticalB = Make(Severity.Critical, "b.cs", 5);
        var criticalA = Make(Severity.Critical, "a.cs", 9);

        var numbered = FindingNumbering.SortAndNumber([minor, criticalB, criticalA]);

        Assert.Equal(["F1", "F2", "F3"], numbered.Select(f => f.Id));
        Assert.Equal([criticalA.Fingerprint, criticalB.Fingerprint, minor.Fingerprint], numbered.Select(f => f.Fingerprint));
    }

    [Fact]
    public void SortAndNumber_InputOrderDoesNotMatter()
    {
        Finding[] findings = [Make(Severity.Major, "a.cs", 3), Make(Severity.Info, "c.cs", 2), Make(Severity.Major, "a.cs", 1)];

        var forward = FindingNumbering.SortAndNumber(findings);
        var backward = FindingNumbering.SortAndNumber(findings.Reverse());

        Assert.Equal(forward, backward);
    }
}
