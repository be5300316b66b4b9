using CrossReview.Panel;

namespace CrossReview.Tests.Panel;

public class PanelRoleTests
{
    [Fact]
    public void All_FixedNamesInAssignmentOrder()
    {
        Assert.Equal(["general", "callers", "contracts", "impact", "security"], PanelRole.All.Select(r => r.Name));
    }

    [Theory]
    [InlineData("general")]
    [InlineData("callers")]
    [InlineData("contracts")]
    [InlineData("impact")]
    [InlineData("security")]
    public void Parse_EachName_RoundTrips(string name)
    {
        var role = PanelRole.Parse(name);

        Assert.Equal(name, role.Name);
        Assert.Equal(name, role.ToString());
        Assert.Same(PanelRole.All.Single(r => r.Name == name), role);
    }

    [Theory]
    [InlineData(" Impact ", "impact")]
    [InlineData("SECURITY", "security")]
    public void Parse_CaseAndSpaces_Ignored(string input, string expected)
    {
        Assert.Equal(expected, PanelRole.Parse(input).Name);
    }

    [Theory]
    [InlineData("reviewer")]
    [InlineData("")]
    [InlineData("general,callers")]
    public void Parse_UnknownName_InputExceptionListingTheFive(string input)
    {
        var ex = Assert.Throws<InputException>(() => PanelRole.Parse(input));

        Assert.Contains($"'{input.Trim()}'", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("expected one of general, callers, contracts, impact, security", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportsIntegrationFindings_OnlyImpact()
    {
        Assert.Equal([PanelRole.Impact], PanelRole.All.Where(r => r.ReportsIntegrationFindings));
    }

    [Theory]
    [InlineData(0, new string[0])]
    [InlineData(1, new[] { "general" })]
    [InlineData(2, new[] { "general", "callers" })]
    [InlineData(4, new[] { "general", "callers", "contracts", "impact" })]
    [InlineData(5, new[] { "general", "callers", "contracts", "impact", "security" })]
    [InlineData(7, new[] { "general", "callers", "contracts", "impact", "security", "general", "callers" })]
    public void DefaultAssignment_GeneralFirstThenCycles(int count, string[] expected)
    {
        Assert.Equal(expected, PanelRole.DefaultAssignment(count).Select(r => r.Name));
    }

    [Fact]
    public void DefaultAssignment_Negative_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => PanelRole.DefaultAssignment(-1));
    }

    [Fact]
    public void Assign_ConfiguredRolesKept_OthersTakeTheirPositionsDefault()
    {
        var roles = PanelRole.Assign([null, "security", " ", "general"]);

        Assert.Equal(["general", "security", "contracts", "general"], roles.Select(r => r.Name));
    }

    [Fact]
    public void Assign_UnknownConfiguredRole_InputException()
    {
        var ex = Assert.Throws<InputException>(() => PanelRole.Assign([null, "caller"]));

        Assert.Contains("'caller'", ex.Message, StringComparison.Ordinal);
    }
}
