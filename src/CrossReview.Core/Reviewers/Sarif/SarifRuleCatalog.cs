using System.Text.Json;

namespace CrossReview.Reviewers.Sarif;

/// <summary>
/// The rules of one run: the driver's and, for tools that ship rules in plug-ins (CodeQL query packs), each
/// extension's. A result names its rule by <c>ruleIndex</c> / <c>rule.index</c> (with <c>rule.toolComponent.index</c>
/// choosing the extension) or only by id.
/// </summary>
internal sealed class SarifRuleCatalog
{
    private readonly List<JsonElement> _driverRules;
    private readonly List<List<JsonElement>> _extensionRules;
    private readonly Dictionary<string, JsonElement> _byId = new(StringComparer.Ordinal);

    public SarifRuleCatalog(JsonElement run)
    {
        var tool = SarifJson.Object(run, "tool");
        var driver = tool is { } t ? SarifJson.Object(t, "driver") : null;
        Tool = new SarifTool(
            driver is { } d ? SarifJson.String(d, "name") ?? "unknown analyzer" : "unknown analyzer",
            driver is { } dv ? SarifJson.String(dv, "semanticVersion") ?? SarifJson.String(dv, "version") : null);

        _driverRules = driver is { } withRules ? [.. SarifJson.Array(withRules, "rules")] : [];
        _extensionRules = tool is { } withExtensions
            ? [.. SarifJson.Array(withExtensions, "extensions").Select(e => SarifJson.Array(e, "rules").ToList())]
            : [];

        foreach (var rule in _driverRules.Concat(_extensionRules.SelectMany(r => r)))
        {
            if (SarifJson.String(rule, "id") is { } id)
            {
                _byId.TryAdd(id, rule);
            }
        }
    }

    public SarifTool Tool { get; }

    public JsonElement? Find(JsonElement result)
    {
        var reference = SarifJson.Object(result, "rule");
        var index = SarifJson.Int(result, "ruleIndex") ?? (reference is { } r ? SarifJson.Int(r, "index") : null);
        if (index is { } i)
        {
            var component = reference is { } withComponent && SarifJson.Object(withComponent, "toolComponent") is { } toolComponent
                ? SarifJson.Int(toolComponent, "index")
                : null;
            var rules = component is { } c ? (c >= 0 && c < _extensionRules.Count ? _extensionRules[c] : null) : _driverRules;
            if (rules is not null && i >= 0 && i < rules.Count)
            {
                return rules[i];
            }
        }

        var id = SarifJson.String(result, "ruleId") ?? (reference is { } withId ? SarifJson.String(withId, "id") : null);
        return id is not null && _byId.TryGetValue(id, out var rule) ? rule : null;
    }
}
