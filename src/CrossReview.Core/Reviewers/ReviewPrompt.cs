using System.Text.Json;

namespace CrossReview.Reviewers;

/// <summary>What a reviewer is asked: instructions, the user message (with the diff delimited as data) and the schema the answer must follow.</summary>
/// <param name="SchemaName">Wire name of the schema: <c>crossreview_review</c>, <c>crossreview_vote</c> or <c>crossreview_plan_review</c>.</param>
public sealed record ReviewPrompt(string System, string User, string SchemaName, JsonElement Schema, int MaxOutputTokens);
