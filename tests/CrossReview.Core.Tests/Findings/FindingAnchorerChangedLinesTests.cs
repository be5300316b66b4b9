using CrossReview.Findings;

namespace CrossReview.Tests.Findings;

/// <summary><see cref="AnchorPolicy.ChangedLinesOnly"/>: an analyzer's lines are kept or the finding is dropped, never moved.</summary>
public sealed class FindingAnchorerChangedLinesTests
{
    private static ModelFinding At(int? start, int? end = null) => new()
    {
        Title = "CA1062: Validate arguments",
        Severity = "minor",
        File = "src/calc.cs",
        StartLine = start,
        EndLine = end,
    };

    private static AnchorOutcome Anchor(ModelFinding finding, AnchorPolicy policy) =>
        new FindingAnchorer([TestChanges.Calc()]).Anchor("analyzer", [finding], policy);

    [Theory]
    [InlineData(12, 12, 12, 12)]
    [InlineData(15, null, 15, 15)]
    [InlineData(11, 13, 11, 13)]
    [InlineData(8, 12, 10, 12)]
    [InlineData(13, 40, 13, 16)]
    [InlineData(101, 101, 101, 101)]
    public void Anchor_RangeWithAnAddedLine_KeptExactCutToItsHunk(int start, int? end, int expectedStart, int expectedEnd)
    {
        var outcome = Anchor(At(start, end), AnchorPolicy.ChangedLinesOnly);

        var finding = Assert.Single(outcome.Findings);
        Assert.Equal((expectedStart, expectedEnd, "exact"), (finding.StartLine, finding.EndLine, finding.Anchor));
        Assert.Equal(0, outcome.Reanchored);
    }

    [Theory]
    [InlineData(11)]
    [InlineData(14)]
    [InlineData(100)]
    [InlineData(20)]
    [InlineData(null)]
    public void Anchor_NoAddedLineInRange_DroppedWhereAModelFindingIsKeptOrMoved(int? line)
    {
        var exact = Anchor(At(line), AnchorPolicy.ChangedLinesOnly);
        var model = Anchor(At(line), AnchorPolicy.Reanchor);

        Assert.Empty(exact.Findings);
        Assert.Equal(FindingAnchorer.NotOnChangedLine, Assert.Single(exact.Dropped).Reason);
        Assert.Single(model.Findings);
    }
}
