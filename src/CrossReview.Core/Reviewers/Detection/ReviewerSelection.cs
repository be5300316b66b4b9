namespace CrossReview.Reviewers.Detection;

/// <summary>The reviewers a review runs, and what to tell the user about the choice.</summary>
/// <param name="Specs">Empty when none was named and none could be detected.</param>
/// <param name="SameFamily">Every reviewer is of the author's own family (see <c>Report.SameFamily</c>).</param>
/// <param name="Reason">One line for stderr saying which reviewer was detected and why; null when the user named them.</param>
/// <param name="Warning">For the report's warnings and stderr when <paramref name="SameFamily"/>; else null.</param>
public sealed record ReviewerSelection(IReadOnlyList<ReviewerSpec> Specs, bool SameFamily, string? Reason, string? Warning)
{
    public static ReviewerSelection None { get; } = new([], false, null, null);
}
