namespace CrossReview.Setup;

/// <summary>Whether an agent CLI would get past its own authentication, how we know, and what fixes it when not.</summary>
/// <param name="Detail">How or why not: never the CLI's own output, which may echo part of a key.</param>
/// <param name="Fix">The command or setting that logs it in; null when <paramref name="LoggedIn"/>.</param>
internal sealed record AgentLogin(bool LoggedIn, string Detail, string? Fix);
