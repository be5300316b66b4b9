namespace CrossReview.Findings;

/// <summary>How <see cref="FindingAnchorer"/> treats a finding whose lines are not where the change is.</summary>
public enum AnchorPolicy
{
    /// <summary>A model's finding: checked against its content tag or quote, moved to the matching or nearest changed line, else dropped.</summary>
    Reanchor,

    /// <summary>
    /// An analyzer's result: its lines are exact, so it is kept only when they include an added line of the change,
    /// and never moved. Anything else is dropped as <see cref="FindingAnchorer.NotOnChangedLine"/>.
    /// </summary>
    ChangedLinesOnly,
}
