namespace CrossReview.Findings;

/// <summary>The findings of one reviewer after validation against the change.</summary>
/// <param name="Findings">Findings placed on new-side lines of reviewed files; ids are empty until <see cref="FindingNumbering"/> numbers them.</param>
/// <param name="Reanchored">How many of <paramref name="Findings"/> were moved from the lines the model cited (<see cref="Finding.Anchor"/> other than <c>exact</c>).</param>
public sealed record AnchorOutcome(IReadOnlyList<Finding> Findings, IReadOnlyList<DroppedFinding> Dropped, int Reanchored)
{
    public int DroppedCount => Dropped.Count;
}
