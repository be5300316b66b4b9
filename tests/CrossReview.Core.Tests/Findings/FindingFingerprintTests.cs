using CrossReview.Findings;

namespace CrossReview.Tests.Findings;

public class FindingFingerprintTests
{
    private static Finding AnchorSingle(string file, int start, string category, string title, params string[] hunkLines)
    {
        var change = TestChanges.File(file, TestChanges.Hunk(start, start, hunkLines));
        var model = new ModelFinding { Title = title, Severity = "major", Category = category, File = file, StartLine = start + 1, EndLine = start + 1 };
        return Assert.Single(new FindingAnchorer([change]).Anchor("r", [model]).Findings);
    }

    [Fact]
    public void Fingerprint_SameCodeMovedToOtherLines_Unchanged()
    {
        var before = AnchorSingle("a.cs", 10, "correctness", "Null dereference", " x();", "+var n = user.Name.Length;", " y();");
        var after = AnchorSingle("a.cs", 250, "correctness", "Null dereference", " x();", "+var n = user.Name.Length;", " y();");

        Assert.NotEqual(before.StartLine, after.StartLine);
        Assert.Equal(before.Fingerprint, after.Fingerprint);
    }

    [Fact]
    public void Fingerprint_ReindentedCodeAndRenumberedTitle_Unchanged()
    {
        var before = AnchorSingle("a.cs", 10, "correctness", "Off-by-one at line 11", " x();", "+for (i = 0; i <= n; i++)", " y();");
        var after = AnchorSingle("a.cs", 40, "correctness", "off by one at line 41!", " x();", "+    for (i = 0;  i <= n; i++)", " y();");

        Assert.Equal(before.Fingerprint, after.Fingerprint);
    }

    [Fact]
    public void Fingerprint_DifferentCode_Differs()
    {
        var first = AnchorSingle("a.cs", 10, "correctness", "Null dereference", " x();", "+var n = user.Name.Length;", " y();");
        var second = AnchorSingle("a.cs", 10, "correctness", "Null dereference", " x();", "+var n = order.Name.Length;", " y();");

        Assert.NotEqual(first.Fingerprint, second.Fingerprint);
    }

    [Fact]
    public void Fingerprint_DifferentFileCategoryOrTitle_Differs()
    {
        string[] code = [" x();", "+var n = user.Name.Length;", " y();"];
        var baseline = AnchorSingle("a.cs", 10, "correctness", "Null dereference", code).Fingerprint;

        Assert.NotEqual(baseline, AnchorSingle("b.cs", 10, "correctness", "Null dereference", code).Fingerprint);
        Assert.NotEqual(baseline, AnchorSingle("a.cs", 10, "security", "Null dereference", code).Fingerprint);
        Assert.NotEqual(baseline, AnchorSingle("a.cs", 10, "correctness", "Unused variable", code).Fingerprint);
    }

    [Fact]
    public void Compute_ReturnsSixteenLowerHexDigits()
    {
        var fingerprint = FindingFingerprint.Compute("a.cs", "correctness", "t", ["code"]);

        Assert.Matches("^[0-9a-f]{16}$", fingerprint);
    }

    [Theory]
    [InlineData("Off-by-one in loop (line 12)", "off by one in loop line")]
    [InlineData("  SQL   injection!!  ", "sql injection")]
    [InlineData("v2 API: breaks callers", "v api breaks callers")]
    public void NormalizeTitle_CollapsesDigitsAndPunctuation(string title, string expected)
    {
        Assert.Equal(expected, FindingFingerprint.NormalizeTitle(title));
    }
}
