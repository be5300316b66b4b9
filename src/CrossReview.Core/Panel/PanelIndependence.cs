namespace CrossReview.Panel;

/// <summary>
/// The report's independence figure (DESIGN §4): of the confirmed findings, how many at least quorum reviewers raised
/// on their own in round 1, and how many reached quorum only after reviewers saw each other's findings.
/// </summary>
public sealed record PanelIndependence(int Confirmed, int RaisedIndependently, int ConfirmedAfterVotes);
