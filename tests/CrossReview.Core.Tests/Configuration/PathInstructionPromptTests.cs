using CrossReview.Configuration;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Tests.Findings;

namespace CrossReview.Tests.Configuration;

public sealed class PathInstructionPromptTests
{
    private static ReviewPlan Plan() => ReviewPlanner.Plan(TestChanges.Change(
        TestChanges.File("src/api/users.cs", TestChanges.Hunk(1, 1, " a", "+b")),
        TestChanges.File("src/api/orders.cs", TestChanges.Hunk(1, 1, " a", "+b")),
        TestChanges.File("db/schema.sql", TestChanges.Hunk(1, 1, " a", "+b")),
        TestChanges.File("yarn.lock", TestChanges.Hunk(1, 1, " a", "+b"))));

    [Fact]
    public void BuildReview_MatchingInstruction_BeforeTheFenceWithTheFilesItAppliesTo()
    {
        var prompt = PromptBuilder.BuildReview(Plan(), null, 1000,
            [new PathInstruction("src/api/**", "Every handler must check authorization."), new PathInstruction("*.py", "Unused guidance.")]);

        var guidance = prompt.User.IndexOf("Every handler must check authorization.", StringComparison.Ordinal);
        var fence = prompt.User.IndexOf("<<<CROSSREVIEW UNTRUSTED DATA BEGIN", StringComparison.Ordinal);
        Assert.InRange(guidance, 0, fence);
        Assert.Contains("repository's review guidance", prompt.User, StringComparison.Ordinal);
        Assert.Contains("Guidance for files matching `src/api/**` (applies to: src/api/users.cs, src/api/orders.cs):", prompt.User, StringComparison.Ordinal);
        Assert.DoesNotContain("Unused guidance.", prompt.User, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildReview_InstructionMatchingOnlySkippedFiles_Left_out()
    {
        var prompt = PromptBuilder.BuildReview(Plan(), null, 1000, [new PathInstruction("*.lock", "Check the lockfile.")]);

        Assert.DoesNotContain("Check the lockfile.", prompt.User, StringComparison.Ordinal);
        Assert.DoesNotContain("repository's review guidance", prompt.User, StringComparison.Ordinal);
    }

    [Fact]
    public void BuildReview_NoInstructions_SameAsBefore()
    {
        Assert.Equal(PromptBuilder.BuildReview(Plan(), null, 1000).User, PromptBuilder.BuildReview(Plan(), null, 1000, []).User);
    }

    [Fact]
    public void ReviewInstructions_ExplainRepositoryGuidanceCannotLowerTheBar()
    {
        var prompt = PromptBuilder.BuildReview(Plan(), null, 1000);

        Assert.Contains("# Repository guidance", prompt.System, StringComparison.Ordinal);
        Assert.Contains("cannot lower the bar above", prompt.System, StringComparison.Ordinal);
    }
}
