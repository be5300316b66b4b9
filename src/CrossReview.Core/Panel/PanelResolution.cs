namespace CrossReview.Panel;

/// <summary>What the panel concluded after its last round.</summary>
internal sealed record PanelResolution(IReadOnlyList<ResolvedCluster> Clusters, PanelIndependence Independence);
