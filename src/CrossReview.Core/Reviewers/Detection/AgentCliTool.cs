namespace CrossReview.Reviewers.Detection;

/// <summary>An agent CLI crossreview can review through, and how a user gets and logs into it.</summary>
/// <param name="Name">The executable and the reviewer spec's provider (<c>codex</c>).</param>
/// <param name="Install">The command that installs it.</param>
/// <param name="Login">The command that logs it in (or the key that stands in for a login).</param>
public sealed record AgentCliTool(string Name, string Family, string Install, string Login);
