namespace CrossReview.Reviewers.Detection;

/// <summary>A reviewer an API key in the environment makes available.</summary>
/// <param name="Variable">The key's variable (<c>OPENAI_API_KEY</c>).</param>
/// <param name="Spec">The inline spec detection uses when it is set.</param>
/// <param name="Fix">How to get and set the key.</param>
internal sealed record KeyedReviewer(string Variable, string Spec, string Fix);
