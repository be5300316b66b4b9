namespace CrossReview.Reviewers.Http;

/// <summary>
/// A model endpoint failed for good (after retries, or with a status not worth retrying). Its message is already one
/// redacted line naming the status and URL, ready for <see cref="ReviewerResponse.Failure"/>.
/// </summary>
internal sealed class ModelHttpException : Exception
{
    public ModelHttpException(string message, Exception? inner = null, int? status = null) : base(message, inner) => Status = status;

    /// <summary>The HTTP status of the final response; null when none arrived (timeout, connection error).</summary>
    public int? Status { get; }
}
