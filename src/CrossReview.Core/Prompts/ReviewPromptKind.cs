namespace CrossReview.Prompts;

/// <summary>
/// The stance of a prompt that asks for a <c>crossreview_review</c> answer. Each kind has its own opening and
/// focus (an embedded resource named after it); the rules on findings, severity, locations, untrusted data and the
/// answer are shared, so that every kind is parsed, anchored and fenced the same way.
/// </summary>
public enum ReviewPromptKind
{
    /// <summary>A standard review for defects the change introduces (<c>review.md</c>).</summary>
    Review,

    /// <summary>A security audit: injection, authn/authz, secrets, deserialization, SSRF, path traversal and more (<c>security.md</c>).</summary>
    Security,

    /// <summary>A devil's-advocate review that starts from "do not ship" (<c>adversarial.md</c>).</summary>
    Adversarial,
}
