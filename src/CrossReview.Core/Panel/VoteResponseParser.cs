using System.Text.Json;
using CrossReview.Findings;
using static CrossReview.Findings.ReviewResponseParser;

namespace CrossReview.Panel;

/// <summary>
/// Reads a <c>crossreview_vote</c> answer out of whatever a voter printed, as defensively as
/// <see cref="ReviewResponseParser"/> reads reviews: the whole text as JSON, then fenced JSON, then the first JSON object
/// in prose that holds votes. Models drift: camelCase keys, <c>id</c> for <c>finding_id</c>, yes/no or agree/disagree
/// for confirm/dismiss, votes as a map from id to vote. A vote on an id the request did not list is ignored and counted
/// as a warning, never credited to some other finding; an answer with no vote object at all is a failure.
/// </summary>
internal static class VoteResponseParser
{
    public const string NoVotesFound = "no JSON vote object found in the voter's output";

    private const int MaxSearchDepth = 4;

    private static readonly Dictionary<string, VoteKind> VoteWords = new(StringComparer.Ordinal)
    {
        ["confirm"] = VoteKind.Confirm,
        ["confirmed"] = VoteKind.Confirm,
        ["yes"] = VoteKind.Confirm,
        ["agree"] = VoteKind.Confirm,
        ["agreed"] = VoteKind.Confirm,
        ["valid"] = VoteKind.Confirm,
        ["true"] = VoteKind.Confirm,
        ["real"] = VoteKind.Confirm,
        ["accept"] = VoteKind.Confirm,
        ["accepted"] = VoteKind.Confirm,
        ["correct"] = VoteKind.Confirm,
        ["truepositive"] = VoteKind.Confirm,
        ["dismiss"] = VoteKind.Dismiss,
        ["dismissed"] = VoteKind.Dismiss,
        ["no"] = VoteKind.Dismiss,
        ["disagree"] = VoteKind.Dismiss,
        ["invalid"] = VoteKind.Dismiss,
        ["false"] = VoteKind.Dismiss,
        ["reject"] = VoteKind.Dismiss,
        ["rejected"] = VoteKind.Dismiss,
        ["incorrect"] = VoteKind.Dismiss,
        ["falsepositive"] = VoteKind.Dismiss,
        ["notabug"] = VoteKind.Dismiss,
        ["unsure"] = VoteKind.Unsure,
        ["uncertain"] = VoteKind.Unsure,
        ["unknown"] = VoteKind.Unsure,
        ["maybe"] = VoteKind.Unsure,
        ["abstain"] = VoteKind.Unsure,
        ["notsure"] = VoteKind.Unsure,
        ["cannottell"] = VoteKind.Unsure,
        ["undecided"] = VoteKind.Unsure,
    };

    /// <param name="askedIds">The ids the request listed (<see cref="VoteRequest.FindingIds"/>); matched ignoring case and a leading <c>#</c>.</param>
    public static VoteParseOutcome Parse(string? text, IReadOnlyCollection<string> askedIds)
    {
        ArgumentNullException.ThrowIfNull(askedIds);
        if (string.IsNullOrWhiteSpace(text))
        {
            return VoteParseOutcome.Failure("the voter's output is empty");
        }

        foreach (var candidate in ReviewResponseParser.Candidates(text))
        {
            using var document = ReviewResponseParser.TryParseJson(candidate);
            if (document is not null && FindVoteObject(document.RootElement, 0) is { } votes)
            {
                return Map(votes, askedIds);
            }
        }

        return VoteParseOutcome.Failure(NoVotesFound);
    }

    /// <summary>An object with <c>votes</c>, possibly nested (<c>{"result": {...}}</c>), or a bare array of votes.</summary>
    private static JsonElement? FindVoteObject(JsonElement element, int depth)
    {
        if (depth > MaxSearchDepth)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.EnumerateObject().Any(p => NormalizeKey(p.Name) is "votes" or "newfindings"))
            {
                return element;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (FindVoteObject(property.Value, depth + 1) is { } nested)
                {
                    return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array && element.GetArrayLength() > 0
                 && element.EnumerateArray().All(i => i.ValueKind == JsonValueKind.Object && Properties(i).ContainsKey("vote")))
        {
            return element;
        }

        return null;
    }

    private static VoteParseOutcome Map(JsonElement root, IReadOnlyCollection<string> askedIds)
    {
        var warnings = new List<string>();
        var asked = askedIds.ToDictionary(NormalizeId, id => id, StringComparer.Ordinal);
        var votes = new Dictionary<string, ModelVote>(StringComparer.Ordinal);

        var list = root.ValueKind == JsonValueKind.Array ? root : Get(Properties(root), "votes");
        foreach (var (id, value, reason) in Entries(list, warnings))
        {
            if (id is null || !asked.TryGetValue(NormalizeId(id), out var askedId))
            {
                warnings.Add($"vote on unknown finding id \"{id}\" was ignored");
                continue;
            }

            if (ReadVote(value) is not { } kind)
            {
                warnings.Add($"vote on {askedId} is not confirm, dismiss or unsure and was ignored");
                continue;
            }

            if (!votes.TryAdd(askedId, new ModelVote(askedId, kind, reason)))
            {
                warnings.Add($"second vote on {askedId} was ignored");
            }
        }

        foreach (var id in askedIds.Where(id => !votes.ContainsKey(id)))
        {
            warnings.Add($"no vote on {id}");
        }

        var newFindings = new List<ModelFinding>();
        if (root.ValueKind == JsonValueKind.Object && Get(Properties(root), "newfindings", "findings", "additionalfindings") is { ValueKind: JsonValueKind.Array } found)
        {
            var number = 0;
            foreach (var item in found.EnumerateArray())
            {
                number++;
                if (item.ValueKind == JsonValueKind.Object)
                {
                    newFindings.Add(ReviewResponseParser.MapFinding(item, number, warnings));
                }
                else
                {
                    warnings.Add($"new finding {number} is not an object and was ignored");
                }
            }
        }

        // Votes come back in the order the request listed them, whatever order the model used.
        var ordered = askedIds.Where(votes.ContainsKey).Select(id => votes[id]).ToList();
        return new VoteParseOutcome(ordered, newFindings, null, warnings);
    }

    /// <summary>Votes as a list of objects, or as a map from finding id to a vote word or a vote object.</summary>
    private static IEnumerable<(string? Id, JsonElement? Vote, string? Reason)> Entries(JsonElement? list, List<string> warnings)
    {
        if (list is { ValueKind: JsonValueKind.Array } array)
        {
            var number = 0;
            foreach (var item in array.EnumerateArray())
            {
                number++;
                if (item.ValueKind != JsonValueKind.Object)
                {
                    warnings.Add($"vote {number} is not an object and was ignored");
                    continue;
                }

                var properties = Properties(item);
                yield return (Text(Get(properties, "findingid", "id", "finding", "clusterid")), Get(properties, "vote", "verdict", "decision", "judgement", "judgment"), Reason(properties));
            }
        }
        else if (list is { ValueKind: JsonValueKind.Object } map)
        {
            foreach (var property in map.EnumerateObject())
            {
                if (property.Value.ValueKind == JsonValueKind.Object)
                {
                    var properties = Properties(property.Value);
                    yield return (property.Name, Get(properties, "vote", "verdict", "decision", "judgement", "judgment"), Reason(properties));
                }
                else
                {
                    yield return (property.Name, property.Value, null);
                }
            }
        }
    }

    private static VoteKind? ReadVote(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.True } => VoteKind.Confirm,
        { ValueKind: JsonValueKind.False } => VoteKind.Dismiss,
        { ValueKind: JsonValueKind.String } s when VoteWords.TryGetValue(NormalizeKey(s.GetString()!), out var kind) => kind,
        _ => null,
    };

    private static string? Reason(Dictionary<string, JsonElement> properties) =>
        Text(Get(properties, "reason", "rationale", "explanation", "justification", "comment", "because"));

    private static string NormalizeId(string id) => id.Trim().TrimStart('#').ToUpperInvariant();
}
