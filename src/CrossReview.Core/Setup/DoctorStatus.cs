namespace CrossReview.Setup;

public enum DoctorStatus
{
    /// <summary>Works.</summary>
    Ok,

    /// <summary>Not set up (a CLI not installed, a key not set): one reviewer fewer, nothing broken.</summary>
    Warning,

    /// <summary>Broken for every review (git missing, an invalid config): <c>review</c> would fail whatever reviewer it used.</summary>
    Problem,
}
