using CrossReview.Diffs;
using CrossReview.Findings;
using CrossReview.Planning;

namespace CrossReview.Tests.Findings;

public class FindingAnchorerTests
{
    private static ModelFinding At(string file, int? start, int? end = null) => new()
    {
        Title = "Wrong sum",
        Body = "c is computed from the wrong operands.",
        Severity = "major",
        Category = "correctness",
        File = file,
        StartLine = start,
        EndLine = end,
        Confidence = 0.7,
    };

    private static AnchorOutcome AnchorOne(ModelFinding finding, params FileChange[] files) =>
        new FindingAnchorer(files.Length == 0 ? [TestChanges.Calc()] : files).Anchor("gpt", [finding]);

    [Fact]
    public void Anchor_LinesInsideHunk_KeptExact()
    {
        var outcome = AnchorOne(At("src/calc.cs", 12, 13));

        var finding = Assert.Single(outcome.Findings);
        Assert.Equal(("src/calc.cs", 12, 13, "exact"), (finding.File, finding.StartLine, finding.EndLine, finding.Anchor));
        Assert.Equal(Severity.Major, finding.Severity);
        Assert.Equal(["gpt"], finding.Reviewers);
        Assert.Equal("", finding.Id);
        Assert.Equal(0, outcome.Reanchored);
        Assert.Empty(outcome.Dropped);
    }

    [Fact]
    public void Anchor_ContextLineInsideHunk_KeptExact()
    {
        var finding = Assert.Single(AnchorOne(At("src/calc.cs", 14)).Findings);

        Assert.Equal((14, 14, "exact"), (finding.StartLine, finding.EndLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_EndBeyondHunk_CutAtHunkEnd()
    {
        var finding = Assert.Single(AnchorOne(At("src/calc.cs", 15, 40)).Findings);

        Assert.Equal((15, 16), (finding.StartLine, finding.EndLine));
    }

    [Fact]
    public void Anchor_HashOfAnotherLine_ReanchoredToMatchingLine()
    {
        var cited = At("src/calc.cs", 11, 12) with { LineHash = LineHash.Of("int d = c * 2;") };

        var outcome = AnchorOne(cited);

        var finding = Assert.Single(outcome.Findings);
        Assert.Equal((13, 14, "hash"), (finding.StartLine, finding.EndLine, finding.Anchor));
        Assert.Equal(1, outcome.Reanchored);
    }

    [Fact]
    public void Anchor_HashMatchesCitedLine_KeptExact()
    {
        var cited = At("src/calc.cs", 13) with { LineHash = LineHash.Of("int d = c * 2;") };

        var finding = Assert.Single(AnchorOne(cited).Findings);

        Assert.Equal((13, "exact"), (finding.StartLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_HashInOtherHunk_PrefersCitedHunkThenNearest()
    {
        // "Log(d);" occurs in both hunks; the model cited line 99, nearer to the second.
        var file = TestChanges.File("src/log.cs",
            TestChanges.Hunk(1, 1, " a();", "+Log(d);", " b();"),
            TestChanges.Hunk(90, 90, " c();", "+Log(d);", " e();"));
        var cited = At("src/log.cs", 101) with { LineHash = LineHash.Of("Log(d);") };

        var finding = Assert.Single(AnchorOne(cited, file).Findings);

        Assert.Equal((91, "hash"), (finding.StartLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_TagMatchesOnlyAFarHunk_CitedChangedLineKept()
    {
        // The model cited a changed line with a wrong tag that happens to be the tag of a line 500 lines away:
        // a three-character tag collides too often to move a finding that far from a line that is in the change.
        var file = TestChanges.File("src/far.cs",
            TestChanges.Hunk(1, 1, " a();", "+Open(path);", " b();"),
            TestChanges.Hunk(500, 500, " c();", "+Close(handle);", " e();"));
        var cited = At("src/far.cs", 2) with { LineHash = LineHash.Of("Close(handle);") };

        var finding = Assert.Single(AnchorOne(cited, file).Findings);

        Assert.Equal((2, "exact"), (finding.StartLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_TagMatchesFarLineOfSameNewFile_CitedLineKept()
    {
        // A new file is one hunk: a wrong tag on line 10 must not jump to a colliding line 1,000 lines further down.
        var lines = Enumerable.Range(1, 1200).Select(i => $"+line{i}();").ToArray();
        var file = TestChanges.File("src/new.cs", FileStatus.Added, TestChanges.Hunk(0, 1, lines));
        var cited = At("src/new.cs", 10) with { LineHash = LineHash.Of("line1100();") };

        var finding = Assert.Single(AnchorOne(cited, file).Findings);

        Assert.Equal((10, "exact"), (finding.StartLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_LineOutsideChangeWithUniqueFarTag_MovedToIt()
    {
        var file = TestChanges.File("src/far.cs",
            TestChanges.Hunk(1, 1, " a();", "+Open(path);", " b();"),
            TestChanges.Hunk(500, 500, " c();", "+Close(handle);", " e();"));
        var cited = At("src/far.cs", 250) with { LineHash = LineHash.Of("Close(handle);") };

        var finding = Assert.Single(AnchorOne(cited, file).Findings);

        Assert.Equal((501, "hash"), (finding.StartLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_QuotedCodeOfAnotherLine_Reanchored()
    {
        var cited = At("src/calc.cs", 10) with { Quote = "  +  Save(d);\n" };

        var finding = Assert.Single(AnchorOne(cited).Findings);

        Assert.Equal((15, "hash"), (finding.StartLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_QuotedCodeWithPromptPrefix_Reanchored()
    {
        var cited = At("src/calc.cs", 3) with { Quote = $"12#{LineHash.Of("int c = a + b;")}| +int c = a + b;" };

        var finding = Assert.Single(AnchorOne(cited).Findings);

        Assert.Equal((12, "hash"), (finding.StartLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_QuotedRemovedLine_NearestNewSideLineMarkedDeleted()
    {
        var cited = At("src/calc.cs", 3) with { Quote = "int e = 5;" };

        var outcome = AnchorOne(cited);

        var finding = Assert.Single(outcome.Findings);
        Assert.Equal((14, 14, "deleted_line"), (finding.StartLine, finding.EndLine, finding.Anchor));
        Assert.Equal(1, outcome.Reanchored);
    }

    [Fact]
    public void Anchor_LineOutsideChangeWithinDistance_MovedToNearestAddedLine()
    {
        var finding = Assert.Single(AnchorOne(At("src/calc.cs", 40, 42)).Findings);

        Assert.Equal((15, 15, "nearest"), (finding.StartLine, finding.EndLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_LineOutsideChangeNearerToSecondHunk_MovedThere()
    {
        var finding = Assert.Single(AnchorOne(At("src/calc.cs", 80)).Findings);

        Assert.Equal((101, "nearest"), (finding.StartLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_LineTooFarFromAnyChange_Dropped()
    {
        var outcome = AnchorOne(At("src/calc.cs", 60));

        Assert.Empty(outcome.Findings);
        Assert.Equal(FindingAnchorer.LineOutsideChange, Assert.Single(outcome.Dropped).Reason);
        Assert.Equal(1, outcome.DroppedCount);
    }

    [Fact]
    public void Anchor_PureDeletionHunk_MarkedDeletedLine()
    {
        var file = TestChanges.File("src/gone.cs",
            TestChanges.Hunk(20, 19, "-Validate(input);", "-Audit(input);"));

        var finding = Assert.Single(AnchorOne(At("src/gone.cs", 20), file).Findings);

        Assert.Equal((19, "deleted_line"), (finding.StartLine, finding.Anchor));
    }

    [Fact]
    public void Anchor_NoLineCited_PlacedOnFirstChange()
    {
        var finding = Assert.Single(AnchorOne(At("src/calc.cs", null)).Findings);

        Assert.Equal((12, "nearest"), (finding.StartLine, finding.Anchor));
    }

    [Theory]
    [InlineData("../etc/passwd")]
    [InlineData("src/../../etc/passwd")]
    [InlineData("/etc/passwd")]
    [InlineData("C:\\Windows\\win.ini")]
    [InlineData("~/.ssh/id_rsa")]
    public void Anchor_PathOutsideRepository_Dropped(string path)
    {
        var outcome = AnchorOne(At(path, 12));

        Assert.Empty(outcome.Findings);
        Assert.Equal(FindingAnchorer.PathEscapesRepository, Assert.Single(outcome.Dropped).Reason);
    }

    [Theory]
    [InlineData("src/calc.cs")]
    [InlineData("b/src/calc.cs")]
    [InlineData("a/src/calc.cs")]
    [InlineData("./src/calc.cs")]
    [InlineData("src\\calc.cs")]
    [InlineData("src/./lib/../calc.cs")]
    [InlineData("calc.cs")]
    [InlineData("SRC/Calc.cs")]
    [InlineData("/repo/root/src/calc.cs")]
    public void Anchor_PathSpellings_ResolveToChangedFile(string path)
    {
        var outcome = new FindingAnchorer([TestChanges.Calc()], "/repo/root").Anchor("gpt", [At(path, 12)]);

        Assert.Equal("src/calc.cs", Assert.Single(outcome.Findings).File);
    }

    [Fact]
    public void Anchor_RenamedFileCitedByOldPath_ResolvesToNewPath()
    {
        var renamed = TestChanges.Calc() with { Path = "src/math.cs", OldPath = "src/calc.cs", Status = FileStatus.Renamed };

        var finding = Assert.Single(AnchorOne(At("src/calc.cs", 12), renamed).Findings);

        Assert.Equal("src/math.cs", finding.File);
    }

    [Fact]
    public void Anchor_FileNotInChange_Dropped()
    {
        var outcome = AnchorOne(At("src/other.cs", 12));

        Assert.Equal(FindingAnchorer.FileNotInChange, Assert.Single(outcome.Dropped).Reason);
    }

    [Fact]
    public void Anchor_AmbiguousSuffix_Dropped()
    {
        var outcome = AnchorOne(At("calc.cs", 12), TestChanges.Calc(), TestChanges.Calc() with { Path = "test/calc.cs" });

        Assert.Equal(FindingAnchorer.FileNotInChange, Assert.Single(outcome.Dropped).Reason);
    }

    [Fact]
    public void Anchor_DeletedFile_DroppedAsNotReviewed()
    {
        var deleted = TestChanges.File("src/old.cs", FileStatus.Deleted, TestChanges.Hunk(1, 0, "-a();", "-b();"));

        var outcome = AnchorOne(At("src/old.cs", 1), deleted);

        Assert.Equal("file not reviewed (deleted)", Assert.Single(outcome.Dropped).Reason);
    }

    [Fact]
    public void Anchor_FileSkippedByPlan_DroppedWithSkipReason()
    {
        var lockfile = TestChanges.File("package-lock.json", TestChanges.Hunk(1, 1, "+{}"));
        var plan = ReviewPlanner.Plan(TestChanges.Change(TestChanges.Calc(), lockfile));

        var outcome = new FindingAnchorer(plan).Anchor("gpt", [At("package-lock.json", 1), At("src/calc.cs", 12)]);

        Assert.Single(outcome.Findings);
        Assert.Equal("file not reviewed (filtered: lockfile)", Assert.Single(outcome.Dropped).Reason);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Anchor_MissingTitle_Dropped(string? title)
    {
        var outcome = AnchorOne(At("src/calc.cs", 12) with { Title = title });

        Assert.Equal(FindingAnchorer.MissingTitle, Assert.Single(outcome.Dropped).Reason);
    }

    [Fact]
    public void Anchor_MissingSeverityAndCategory_DefaultsToMinorAndOther()
    {
        var finding = Assert.Single(AnchorOne(At("src/calc.cs", 12) with { Severity = null, Category = null, Confidence = 4 }).Findings);

        Assert.Equal((Severity.Minor, "other", 1.0), (finding.Severity, finding.Category, finding.Confidence));
    }

    [Fact]
    public void Anchor_MixedFindings_CountsPlacedDroppedAndReanchored()
    {
        var outcome = new FindingAnchorer([TestChanges.Calc()]).Anchor("gpt",
        [
            At("src/calc.cs", 12),
            At("src/calc.cs", 40),
            At("src/calc.cs", 60),
            At("../x.cs", 1),
        ]);

        Assert.Equal(2, outcome.Findings.Count);
        Assert.Equal(2, outcome.DroppedCount);
        Assert.Equal(1, outcome.Reanchored);
    }
}
