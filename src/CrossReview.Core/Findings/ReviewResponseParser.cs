using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CrossReview.Findings;

/// <summary>
/// Reads a <c>crossreview_review</c> answer out of whatever a reviewer printed (DESIGN §4): the whole text as JSON, then
/// JSON inside code fences, then the first balanced JSON object in prose that has <c>findings</c> or <c>verdict</c>.
/// Models drift from the schema in predictable ways (camelCase keys, <c>line</c> for <c>start_line</c>, numbers as
/// strings, P0–P3 severities), so those are accepted; anything without a recognisable review object is a failure, never a pass.
/// </summary>
public static partial class ReviewResponseParser
{
    public const string NoReviewFound = "no JSON review object found in the reviewer's output";

    public const string Approve = "approve";
    public const string RequestChanges = "request_changes";

    private const int MaxSearchDepth = 4;

    private static readonly JsonDocumentOptions Lenient = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
    };

    public static ParseOutcome Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseOutcome.Failure("the reviewer's output is empty");
        }

        string? firstError = null;
        foreach (var candidate in Candidates(text))
        {
            using var document = TryParseJson(candidate);
            if (document is null)
            {
                continue;
            }

            var review = FindReviewObject(document.RootElement, 0);
            if (review is null)
            {
                continue;
            }

            var outcome = Map(review.Value);
            if (outcome.IsSuccess)
            {
                return outcome;
            }

            firstError ??= outcome.Error;
        }

        return ParseOutcome.Failure(firstError ?? NoReviewFound);
    }

    /// <summary>The texts to try, most trustworthy first; lazily, so a clean answer costs one parse.</summary>
    internal static IEnumerable<string> Candidates(string text)
    {
        yield return text.Trim();

        foreach (Match fence in FencePattern().Matches(text))
        {
            yield return fence.Groups["body"].Value.Trim();
        }

        var index = 0;
        while ((index = text.IndexOf('{', index)) >= 0)
        {
            var end = FindBalancedEnd(text, index);
            if (end < 0)
            {
                index++;
                continue;
            }

            var candidate = text[index..(end + 1)];
            yield return candidate;

            // A well-formed object was searched as a whole tree (FindReviewObject), so its inner braces need no second
            // look; a malformed one may still contain a good object.
            using var probe = TryParseJson(candidate);
            index = probe is null ? index + 1 : end + 1;
        }
    }

    /// <summary>Index of the brace that closes the object opened at <paramref name="start"/>, skipping braces inside strings.</summary>
    private static int FindBalancedEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }

                    break;
            }
        }

        return -1;
    }

    internal static JsonDocument? TryParseJson(string candidate)
    {
        if (candidate.Length == 0 || (candidate[0] != '{' && candidate[0] != '['))
        {
            return null;
        }

        try
        {
            return JsonDocument.Parse(candidate, Lenient);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The object itself when it has <c>findings</c> or <c>verdict</c>, else the first such object nested in it (<c>{"review": {...}}</c>).</summary>
    private static JsonElement? FindReviewObject(JsonElement element, int depth)
    {
        if (depth > MaxSearchDepth)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            var keys = element.EnumerateObject().Select(p => NormalizeKey(p.Name)).ToHashSet(StringComparer.Ordinal);
            if (keys.Contains("findings") || keys.Contains("verdict"))
            {
                return element;
            }

            foreach (var property in element.EnumerateObject())
            {
                if (FindReviewObject(property.Value, depth + 1) is { } nested)
                {
                    return nested;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                if (FindReviewObject(item, depth + 1) is { } nested)
                {
                    return nested;
                }
            }
        }

        return null;
    }

    private static ParseOutcome Map(JsonElement review)
    {
        var properties = Properties(review);
        var warnings = new List<string>();

        var findings = new List<ModelFinding>();
        if (Get(properties, "findings", "issues", "comments") is { } list)
        {
            if (list.ValueKind == JsonValueKind.Array)
            {
                var number = 0;
                foreach (var item in list.EnumerateArray())
                {
                    number++;
                    if (item.ValueKind != JsonValueKind.Object)
                    {
                        warnings.Add($"finding {number} is not an object and was ignored");
                        continue;
                    }

                    findings.Add(MapFinding(item, number, warnings));
                }
            }
            else if (list.ValueKind != JsonValueKind.Null)
            {
                return ParseOutcome.Failure("the review's \"findings\" is not an array");
            }
        }

        var verdict = ReadVerdict(Get(properties, "verdict", "decision", "status"));
        if (verdict is null)
        {
            // Any finding the author should act on means the change is not approved; only info-level notes are compatible
            // with approval.
            verdict = findings.Any(f => f.Severity != "info") ? RequestChanges : Approve;
            warnings.Add($"no recognisable verdict; derived \"{verdict}\" from the findings");
        }

        var summary = Text(Get(properties, "summary", "overview", "overallexplanation", "explanation"));
        return ParseOutcome.Success(new ModelReview(verdict, summary, findings), warnings);
    }

    internal static ModelFinding MapFinding(JsonElement item, int number, List<string> warnings)
    {
        var properties = Properties(item);

        // Some models nest the place: "location": {"file": ..., "start_line": ...} or "location": "src/a.cs:12-14".
        var location = Get(properties, "location", "position");
        if (location is { ValueKind: JsonValueKind.Object })
        {
            foreach (var (key, value) in Properties(location.Value))
            {
                properties.TryAdd(key, value);
            }
        }

        var file = Text(Get(properties, "file", "path", "filename", "filepath"));
        var startValue = Get(properties, "startline", "line", "linestart", "start", "fromline", "linenumber", "lineno", "lines", "linerange");
        var start = ReadLine(startValue);
        var end = ReadLine(Get(properties, "endline", "lineend", "end", "toline"));

        if (file is null && location is { ValueKind: JsonValueKind.String } && LocationPattern().Match(location.Value.GetString()!) is { Success: true } place)
        {
            file = place.Groups["file"].Value;
            start ??= ReadLine(place.Groups["lines"].Value);
        }

        var hash = Text(Get(properties, "startlinehash", "linehash", "hash"))?.Trim().TrimStart('#').ToLowerInvariant();
        if (hash is null && start?.Hash is { } cited)
        {
            hash = cited;
        }

        var startLine = start?.Start;
        var endLine = end?.Start ?? start?.End ?? startLine;

        return new ModelFinding
        {
            Title = Text(Get(properties, "title", "name", "headline", "issue", "summary")),
            Body = Text(Get(properties, "body", "description", "details", "detail", "message", "explanation", "rationale")),
            Severity = ReadSeverity(Get(properties, "severity", "priority", "level", "impact"), number, warnings),
            Category = ReadCategory(Get(properties, "category", "type", "kind", "area")),
            File = file,
            StartLine = startLine,
            EndLine = endLine,
            Confidence = ReadConfidence(Get(properties, "confidence", "confidencescore", "certainty")),
            Recommendation = Text(Get(properties, "recommendation", "suggestion", "fix", "suggestedfix", "remediation")),
            LineHash = LineHash.IsTag(hash) ? hash : null,
            Quote = Text(Get(properties, "code", "quote", "snippet", "quotedcode", "codesnippet", "evidence")),
        };
    }

    private static string ReadSeverity(JsonElement? value, int number, List<string> warnings)
    {
        var text = value switch
        {
            { ValueKind: JsonValueKind.Number } n when n.TryGetInt32(out var priority) => "p" + priority.ToString(CultureInfo.InvariantCulture),
            { ValueKind: JsonValueKind.String } s => s.GetString(),
            _ => null,
        };

        if (SeverityParser.TryParse(text, out var severity))
        {
            return SeverityParser.ToName(severity);
        }

        // Dropping a finding over a word would lose a real issue, and calling it info would hide it: minor is the middle.
        warnings.Add(text is null
            ? $"finding {number} has no severity; read as minor"
            : $"finding {number} has unknown severity \"{text}\"; read as minor");
        return SeverityParser.ToName(Severity.Minor);
    }

    private static string? ReadCategory(JsonElement? value)
    {
        var text = Text(value);
        if (text is null)
        {
            return null;
        }

        var words = text.Trim().ToLowerInvariant().Split([' ', '-', '/', '_'], StringSplitOptions.RemoveEmptyEntries);
        return words.Length == 0 ? null : string.Join('_', words);
    }

    private static string? ReadVerdict(JsonElement? value)
    {
        if (value is { ValueKind: JsonValueKind.True })
        {
            return Approve;
        }

        if (value is { ValueKind: JsonValueKind.False })
        {
            return RequestChanges;
        }

        var text = Text(value);
        if (text is null)
        {
            return null;
        }

        var word = new string([.. text.ToLowerInvariant().Where(char.IsAsciiLetter)]);
        return word switch
        {
            "approve" or "approved" or "approval" or "accept" or "accepted" or "pass" or "passed" or "lgtm" or "ship" or "ok" => Approve,
            "requestchanges" or "changesrequested" or "requestchange" or "reject" or "rejected" or "fail" or "failed"
                or "block" or "blocked" or "needswork" or "needschanges" or "noship" or "revise" => RequestChanges,
            _ => null,
        };
    }

    private static double? ReadConfidence(JsonElement? value)
    {
        double? raw = value switch
        {
            { ValueKind: JsonValueKind.Number } n => n.GetDouble(),
            { ValueKind: JsonValueKind.String } s => ReadConfidenceText(s.GetString()!),
            _ => null,
        };

        if (raw is not { } number || double.IsNaN(number))
        {
            return null;
        }

        // "85" and "85%" are percentages; a value in 0..1 is already a probability.
        if (number > 1 && number <= 100)
        {
            number /= 100;
        }

        return Math.Clamp(number, 0, 1);
    }

    private static double? ReadConfidenceText(string text)
    {
        var trimmed = text.Trim().TrimEnd('%');
        if (double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        return trimmed.ToLowerInvariant() switch
        {
            "very high" or "certain" => 0.95,
            "high" => 0.8,
            "medium" or "moderate" => 0.5,
            "low" => 0.3,
            _ => null,
        };
    }

    private static CitedLines? ReadLine(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.Number } n when n.TryGetDouble(out var d) && d >= 1 && d <= int.MaxValue =>
            new CitedLines((int)d, null, null),
        { ValueKind: JsonValueKind.String } s => ReadLine(s.GetString()!),
        { ValueKind: JsonValueKind.Array } a when a.GetArrayLength() > 0 && ReadLine(a[0]) is { } first =>
            first with { End = ReadLine(a[a.GetArrayLength() - 1])?.Start ?? first.End },
        _ => null,
    };

    private static CitedLines? ReadLine(string text)
    {
        var match = LinePattern().Match(text);
        if (!match.Success || !int.TryParse(match.Groups["start"].Value, CultureInfo.InvariantCulture, out var start) || start < 1)
        {
            return null;
        }

        int? end = match.Groups["end"].Success && int.TryParse(match.Groups["end"].Value, CultureInfo.InvariantCulture, out var e) ? e : null;
        var hash = match.Groups["hash"].Success ? match.Groups["hash"].Value.ToLowerInvariant() : null;
        return new CitedLines(start, end, hash);
    }

    internal static string? Text(JsonElement? value) => value switch
    {
        { ValueKind: JsonValueKind.String } s when !string.IsNullOrWhiteSpace(s.GetString()) => s.GetString()!.Trim(),
        { ValueKind: JsonValueKind.Number } n => n.GetRawText(),
        _ => null,
    };

    internal static JsonElement? Get(Dictionary<string, JsonElement> properties, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
        {
            if (properties.TryGetValue(key, out var value) && value.ValueKind != JsonValueKind.Null)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>Properties by normalized name; the first of duplicate keys wins, as most JSON readers do.</summary>
    internal static Dictionary<string, JsonElement> Properties(JsonElement element)
    {
        var properties = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var property in element.EnumerateObject())
        {
            properties.TryAdd(NormalizeKey(property.Name), property.Value);
        }

        return properties;
    }

    /// <summary><c>start_line</c>, <c>startLine</c>, <c>StartLine</c> and <c>start-line</c> are one key.</summary>
    internal static string NormalizeKey(string key) =>
        new([.. key.Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);

    private sealed record CitedLines(int Start, int? End, string? Hash);

    [GeneratedRegex(@"```[A-Za-z0-9_+-]*[ \t]*\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex FencePattern();

    // "12", "L12", "12#a3f", "12-15", "L12-L15", "12:15", "12–15".
    [GeneratedRegex(@"^\s*[Ll]?(?<start>\d+)(?:\s*#\s*(?<hash>[0-9A-Fa-f]{3}))?(?:\s*(?:-|–|:|\.\.)\s*[Ll]?(?<end>\d+))?")]
    private static partial Regex LinePattern();

    [GeneratedRegex(@"^(?<file>[^:]+?):(?<lines>\d.*)$")]
    private static partial Regex LocationPattern();
}
