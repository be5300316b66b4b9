using CrossReview.Diffs;
using CrossReview.Planning;
using CrossReview.Tests.Findings;

namespace CrossReview.Tests.Configuration;

/// <summary><c>path_filters</c> as the planner reads them: gitignore order (last match decides) and <c>!</c> keeps.</summary>
public sealed class PathFilterPlanTests
{
    private static FileChange Small(string path) => TestChanges.File(path, TestChanges.Hunk(1, 1, " a", "+b", "-c"));

    private static PlannedFile PlanOne(string path, params string[] filters) =>
        Assert.Single(ReviewPlanner.Plan(TestChanges.Change(Small(path)), new PlanOptions { ExcludeGlobs = filters }).Files);

    [Fact]
    public void Plan_ConfigGlob_SkippedWithReasonNamingConfigAndGlob()
    {
        var planned = PlanOne("tests/__snapshots__/a.snap", "*.snap");

        Assert.False(planned.Reviewed);
        Assert.Equal("filtered by config: *.snap", planned.SkipReason);
    }

    [Theory]
    [InlineData("package-lock.json", "!package-lock.json")]
    [InlineData("vendor/lib/x.go", "!vendor/")]
    [InlineData("src/Api.g.cs", "!*.g.cs")]
    public void Plan_BangGlob_KeepsWhatDefaultsSkip(string path, string keep)
    {
        Assert.NotNull(PlanOne(path).SkipReason);
        Assert.True(PlanOne(path, keep).Reviewed);
    }

    [Fact]
    public void Plan_BangAfterExclude_LastMatchKeeps()
    {
        Assert.True(PlanOne("docs/important.md", "docs/", "!docs/important.md").Reviewed);
        Assert.Equal("filtered by config: docs/", PlanOne("docs/other.md", "docs/", "!docs/important.md").SkipReason);
    }

    [Fact]
    public void Plan_ExcludeAfterBang_LastMatchSkips()
    {
        Assert.Equal("filtered by config: *.json", PlanOne("package-lock.json", "!package-lock.json", "*.json").SkipReason);
    }

    [Fact]
    public void Plan_BangKeep_DoesNotReviewBinaryOrDeleted()
    {
        var plan = ReviewPlanner.Plan(TestChanges.Change(TestChanges.Binary("img/logo.png")), new PlanOptions { ExcludeGlobs = ["!*.png"] });

        Assert.Equal(ReviewPlanner.Binary, Assert.Single(plan.Files).SkipReason);
    }
}
