namespace CrossReview.Tests.Engine;

internal static class ScriptedReviewerAnswers
{
    public const string Approve = """{"verdict":"approve","summary":"Nothing to report.","findings":[]}""";
}
