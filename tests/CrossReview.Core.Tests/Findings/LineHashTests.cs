using CrossReview.Findings;

namespace CrossReview.Tests.Findings;

public class LineHashTests
{
    [Fact]
    public void Of_ReturnsThreeLowerHexDigits()
    {
        Assert.Matches("^[0-9a-f]{3}$", LineHash.Of("return x;"));
        Assert.True(LineHash.IsTag(LineHash.Of("")));
    }

    [Fact]
    public void Of_IgnoresIndentationAndLineEndings()
    {
        Assert.Equal(LineHash.Of("return  x;"), LineHash.Of("\t  return x;\r"));
    }

    [Fact]
    public void Of_DistinguishesMostDistinctLines()
    {
        var lines = Enumerable.Range(0, 200).Select(i => $"var value{i} = Compute({i});").ToList();

        var distinct = lines.Select(LineHash.Of).Distinct().Count();

        // 200 draws from 4096 tags: a handful of collisions at most if the tags spread evenly.
        Assert.True(distinct >= 190, $"only {distinct} distinct tags for 200 lines");
    }
}
