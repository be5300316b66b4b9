namespace CrossReview.Reviewers.Detection;

/// <summary>What a probe got: an HTTP status and body, or why there was none.</summary>
public sealed record EndpointAnswer(int? StatusCode, string? Body, string? Error)
{
    /// <summary>Any HTTP answer, a 401 or a 404 included: something is listening and speaks HTTP.</summary>
    public bool Reachable => StatusCode is not null;
}
