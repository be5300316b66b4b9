using System.Text.Json.Serialization;

namespace CrossReview.Findings;

public sealed record Vote(string Reviewer, [property: JsonPropertyName("vote")] VoteKind Value, string? Reason);
