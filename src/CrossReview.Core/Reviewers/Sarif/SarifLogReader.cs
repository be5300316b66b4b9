using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CrossReview.Configuration;
using CrossReview.Findings;

namespace CrossReview.Reviewers.Sarif;

/// <summary>
/// Reads a SARIF 2.1.0 log (Roslyn's <c>/errorlog</c>, Semgrep's <c>--sarif</c>, CodeQL's <c>database analyze</c>) into
/// <see cref="SarifResult"/>s, with System.Text.Json only. Every run is read; a result's rule is found by index (in the
/// driver or, for CodeQL query packs, in an extension) or by id. Results that are suppressed, absent from the baseline or
/// passes are not open problems and are left out.
/// </summary>
internal static partial class SarifLogReader
{
    public const string SupportedVersion = "2.1.0";

    /// <summary>The category of a result whose rule says nothing more specific than that an analyzer found it.</summary>
    public const string GenericCategory = "analyzer";

    /// <summary>CodeQL's largest logs are tens of megabytes; more is not a log, and is not read into memory.</summary>
    public const long MaxFileBytes = 64L * 1024 * 1024;

    private const int MaxTitleLength = 160;
    private const int MaxTextLength = 4000;

    /// <exception cref="InputException">The file is missing or unreadable, is not JSON, or is not a SARIF 2.1.0 log.</exception>
    public static SarifLog Read(string path, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new InputException(Directory.Exists(path) ? $"SARIF log {path} is a directory, not a file" : $"SARIF log not found: {path}");
        }

        // Checked before opening: a FIFO would hang the read and a device (a symlink to /dev/zero) never end.
        if (!RegularFile.Is(path))
        {
            throw new InputException($"SARIF log {path} is not a regular file (a FIFO, device or socket); refusing to read it");
        }

        string json;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length > MaxFileBytes)
            {
                throw new InputException($"SARIF log {path} is larger than {MaxFileBytes / (1024 * 1024)} MiB; refusing to read it");
            }

            using var reader = new StreamReader(stream);
            json = reader.ReadToEnd();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"cannot read SARIF log {path}: {ex.Message}", ex);
        }

        return Parse(json, path, repositoryRoot);
    }

    /// <param name="path">Where <paramref name="json"/> came from, for error messages.</param>
    /// <exception cref="InputException">Not JSON, or not a SARIF 2.1.0 log.</exception>
    public static SarifLog Parse(string json, string path, string repositoryRoot)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw new InputException($"SARIF log {path} is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new InputException($"SARIF log {path} is not a SARIF log: its top level is not a JSON object");
            }

            CheckVersion(root, path);
            if (SarifJson.Property(root, "runs") is not { ValueKind: JsonValueKind.Array } runs)
            {
                throw new InputException($"SARIF log {path} is not a SARIF log: it has no \"runs\" array");
            }

            var tools = new List<SarifTool>();
            var results = new List<SarifResult>();
            var ignored = 0;
            foreach (var run in runs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            {
                var rules = new SarifRuleCatalog(run);
                var tool = rules.Tool;
                if (!tools.Contains(tool))
                {
                    tools.Add(tool);
                }

                var resolver = new SarifUriResolver(repositoryRoot, run);
                foreach (var result in SarifJson.Array(run, "results").Where(r => r.ValueKind == JsonValueKind.Object))
                {
                    if (IsClosed(result))
                    {
                        ignored++;
                        continue;
                    }

                    results.Add(ReadResult(result, rules, resolver));
                }
            }

            var unlocated = results.Count(r => r.File is { } file && !InRepository(file, repositoryRoot));
            return new SarifLog(path, tools, results, ignored, unlocated);
        }
    }

    private static bool InRepository(string file, string repositoryRoot) =>
        !Path.IsPathRooted(file) && !file.StartsWith("../", StringComparison.Ordinal) && file != ".." && File.Exists(Path.Combine(repositoryRoot, file));

    private static void CheckVersion(JsonElement root, string path)
    {
        var version = SarifJson.Property(root, "version") is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
        if (version == SupportedVersion)
        {
            return;
        }

        if (version is null)
        {
            throw new InputException($"SARIF log {path} is not a SARIF {SupportedVersion} log: it has no \"version\" (expected \"{SupportedVersion}\")");
        }

        var hint = version.StartsWith('1')
            ? "; Roslyn writes 2.1.0 with -errorlog:FILE;version=2.1 (MSBuild: -p:ErrorLog=FILE%2Cversion=2.1)"
            : "";
        throw new InputException($"SARIF log {path} is SARIF version \"{version}\", not {SupportedVersion}{hint}");
    }

    /// <summary>Suppressed (every suppression accepted), fixed (<c>baselineState: absent</c>), or not a failure (<c>kind: pass|notApplicable</c>).</summary>
    private static bool IsClosed(JsonElement result)
    {
        var suppressions = SarifJson.Array(result, "suppressions").ToList();
        if (suppressions.Count > 0 && suppressions.All(s => SarifJson.String(s, "status") is null or "accepted"))
        {
            return true;
        }

        return SarifJson.String(result, "baselineState") == "absent"
            || SarifJson.String(result, "kind") is "pass" or "notApplicable";
    }

    private static SarifResult ReadResult(JsonElement result, SarifRuleCatalog rules, SarifUriResolver resolver)
    {
        var rule = rules.Find(result);
        var ruleId = SarifJson.String(result, "ruleId")
            ?? (SarifJson.Object(result, "rule") is { } reference ? SarifJson.String(reference, "id") : null)
            ?? (rule is { } r ? SarifJson.String(r, "id") : null)
            ?? "unknown-rule";

        var message = Message(result, rule) ?? ruleId;
        var level = SarifJson.String(result, "level")
            ?? (rule is { } withConfig && SarifJson.Object(withConfig, "defaultConfiguration") is { } config ? SarifJson.String(config, "level") : null)
            ?? (SarifJson.String(result, "kind") is { } kind && kind != "fail" ? "none" : SarifSeverity.DefaultLevel);
        var securitySeverity = SecuritySeverity(result) ?? (rule is { } scored ? SecuritySeverity(scored) : null);

        var (file, start, end) = Location(result, resolver);
        return new SarifResult(
            ruleId,
            SarifSeverity.From(level, securitySeverity),
            IsSecurity(rule, securitySeverity) ? "security" : GenericCategory,
            Title(ruleId, message),
            Body(ruleId, message, rule, rules.Tool),
            Recommendation(rule, message),
            file,
            start,
            end);
    }

    /// <summary>
    /// <c>message.text</c>, else the rule's <c>messageStrings[message.id]</c> with <c>{0}</c>-style arguments filled, else the
    /// rule's short or full description. CodeQL's embedded links (<c>[user-provided value](1)</c>) become their text.
    /// </summary>
    private static string? Message(JsonElement result, JsonElement? rule)
    {
        if (SarifJson.Object(result, "message") is not { } message)
        {
            return RuleDescription(rule);
        }

        var text = SarifJson.String(message, "text") ?? SarifJson.String(message, "markdown");
        if (text is null
            && SarifJson.String(message, "id") is { } id
            && rule is { } r
            && SarifJson.Object(r, "messageStrings") is { } strings
            && SarifJson.Object(strings, id) is { } template)
        {
            text = SarifJson.String(template, "text") ?? SarifJson.String(template, "markdown");
            if (text is not null)
            {
                var arguments = SarifJson.Array(message, "arguments")
                    .Select(a => a.ValueKind == JsonValueKind.String ? a.GetString() ?? "" : a.GetRawText())
                    .ToList();
                text = Placeholder().Replace(text, m =>
                    int.TryParse(m.Groups[1].Value, CultureInfo.InvariantCulture, out var i) && i < arguments.Count ? arguments[i] : m.Value);
            }
        }

        text ??= RuleDescription(rule);
        return text is null ? null : Cap(EmbeddedLink().Replace(text, "$1").Trim());
    }

    private static string? RuleDescription(JsonElement? rule) =>
        rule is { } r ? SarifJson.Text(r, "shortDescription") ?? SarifJson.Text(r, "fullDescription") : null;

    private static double? SecuritySeverity(JsonElement element) =>
        SarifJson.Object(element, "properties") is { } properties ? SarifJson.Number(properties, "security-severity") : null;

    /// <summary>A CVSS-like score, a <c>security</c> tag (CodeQL, Semgrep) or Roslyn's <c>Security</c> category.</summary>
    private static bool IsSecurity(JsonElement? rule, double? securitySeverity)
    {
        if (securitySeverity is not null)
        {
            return true;
        }

        if (rule is not { } r || SarifJson.Object(r, "properties") is not { } properties)
        {
            return false;
        }

        return string.Equals(SarifJson.String(properties, "category"), "security", StringComparison.OrdinalIgnoreCase)
            || SarifJson.Array(properties, "tags").Any(t =>
                t.ValueKind == JsonValueKind.String && string.Equals(t.GetString(), "security", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The rule id stays visible in the title, so a finding merged with a model's keeps naming the analyzer rule.</summary>
    private static string Title(string ruleId, string message)
    {
        var firstLine = message.Split('\n', 2)[0].Trim();
        var title = $"{ruleId}: {firstLine}";
        return title.Length <= MaxTitleLength ? title : title[..(MaxTitleLength - 1)].TrimEnd() + "…";
    }

    private static string Body(string ruleId, string message, JsonElement? rule, SarifTool tool)
    {
        var about = $"Rule {ruleId} of {tool.Display}";
        if (rule is { } r)
        {
            // Semgrep's description is only "Semgrep Finding: <rule id>", and a message often begins with the description.
            if (SarifJson.Text(r, "shortDescription") is { } description
                && !description.Contains(ruleId, StringComparison.Ordinal)
                && !message.StartsWith(description.TrimEnd('.'), StringComparison.Ordinal))
            {
                about += $": {description.Trim().TrimEnd('.')}.";
            }

            if (SarifJson.String(r, "helpUri") is { } helpUri)
            {
                about += $" ({helpUri})";
            }
        }

        return $"{message}\n\n{about}";
    }

    /// <summary>The rule's help text, unless it only repeats the message (Semgrep's often does).</summary>
    private static string? Recommendation(JsonElement? rule, string message)
    {
        if (rule is not { } r || SarifJson.Text(r, "help") is not { } help)
        {
            return null;
        }

        var trimmed = help.Trim();
        return trimmed.Length == 0 || trimmed == message ? null : Cap(trimmed);
    }

    /// <summary>The first location with a file; lines come from its region (<c>endLine</c> defaults to <c>startLine</c>).</summary>
    private static (string? File, int? Start, int? End) Location(JsonElement result, SarifUriResolver resolver)
    {
        foreach (var location in SarifJson.Array(result, "locations"))
        {
            if (SarifJson.Object(location, "physicalLocation") is not { } physical
                || SarifJson.Object(physical, "artifactLocation") is not { } artifact
                || resolver.Resolve(artifact) is not { } file)
            {
                continue;
            }

            var region = SarifJson.Object(physical, "region");
            var start = region is { } reg ? SarifJson.Int(reg, "startLine") : null;
            if (start is not > 0)
            {
                return (file, null, null);
            }

            var end = SarifJson.Int(region!.Value, "endLine") is { } e && e >= start ? e : start;
            return (file, start, end);
        }

        return (null, null, null);
    }

    private static string Cap(string text) =>
        text.Length <= MaxTextLength ? text : text[..MaxTextLength] + "…";

    [GeneratedRegex(@"\{(\d+)\}")]
    private static partial Regex Placeholder();

    /// <summary>SARIF embedded links point at related locations by number: <c>[text](3)</c>.</summary>
    [GeneratedRegex(@"\[([^\]]*)\]\(\d+\)")]
    private static partial Regex EmbeddedLink();
}
