namespace CrossReview.Setup;

/// <summary>One line of <c>crossreview doctor</c>.</summary>
/// <param name="Area"><c>git</c>, <c>cli</c>, <c>key</c>, <c>server</c>, <c>config</c> or <c>reviewer</c>.</param>
/// <param name="Name">What was checked (<c>codex</c>, <c>OPENAI_API_KEY</c>, <c>OLLAMA_HOST</c>).</param>
/// <param name="Detail">What was found. Never a key or any part of one.</param>
/// <param name="Fix">The command that fixes it; null when <see cref="Status"/> is <see cref="DoctorStatus.Ok"/>.</param>
public sealed record DoctorCheck(string Area, string Name, DoctorStatus Status, string Detail, string? Fix);
