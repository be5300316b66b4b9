namespace CrossReview.Panel;

/// <summary>
/// What a panel member is asked to look at (DESIGN §5). The names are fixed: they appear in config
/// (<c>[reviewers.NAME] role</c>) and in reports. Each role has its own stance prompt; all answer the same
/// <c>crossreview_review</c> schema, so their findings cluster and vote together.
/// </summary>
public sealed record PanelRole
{
    public const string GeneralName = "general";
    public const string CallersName = "callers";
    public const string ContractsName = "contracts";
    public const string ImpactName = "impact";
    public const string SecurityName = "security";

    private PanelRole(string name)
    {
        Name = name;
    }

    /// <summary>Logic, correctness and patterns of the change itself.</summary>
    public static PanelRole General { get; } = new(GeneralName);

    /// <summary>Who uses the changed code and how; its prompt carries the call sites found with <c>git grep</c>.</summary>
    public static PanelRole Callers { get; } = new(CallersName);

    /// <summary>API contracts, backward compatibility, serialization formats, public signatures, config and CLI contracts.</summary>
    public static PanelRole Contracts { get; } = new(ContractsName);

    /// <summary>Versions, CI, build and ignore files, config and deployment; its findings are integration findings.</summary>
    public static PanelRole Impact { get; } = new(ImpactName);

    /// <summary>A security audit, with the same prompt as <c>review --mode security</c>.</summary>
    public static PanelRole Security { get; } = new(SecurityName);

    /// <summary>Every role, in the order <see cref="DefaultAssignment"/> hands them out.</summary>
    public static IReadOnlyList<PanelRole> All { get; } = [General, Callers, Contracts, Impact, Security];

    public string Name { get; }

    /// <summary>The impact role's findings are resolved as integration findings rather than confirmed or unconfirmed ones.</summary>
    public bool ReportsIntegrationFindings => this == Impact;

    /// <summary>The role named <paramref name="name"/> (case and surrounding spaces ignored).</summary>
    /// <exception cref="InputException">The name is not one of the five roles.</exception>
    public static PanelRole Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var trimmed = name.Trim();
        return All.FirstOrDefault(r => string.Equals(r.Name, trimmed, StringComparison.OrdinalIgnoreCase))
            ?? throw new InputException($"unknown panel role '{trimmed}': expected one of {string.Join(", ", All.Select(r => r.Name))}");
    }

    /// <summary>
    /// Roles for <paramref name="reviewerCount"/> reviewers that have none configured: <c>general</c> first, so that a
    /// panel of one is an ordinary review, then <c>callers</c>, <c>contracts</c>, <c>impact</c>, <c>security</c>, and
    /// round again from <c>general</c> for a sixth reviewer onwards.
    /// </summary>
    public static IReadOnlyList<PanelRole> DefaultAssignment(int reviewerCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(reviewerCount);
        return [.. Enumerable.Range(0, reviewerCount).Select(i => All[i % All.Count])];
    }

    /// <summary>
    /// The role of each reviewer: its configured role where it has one, else the default for its position. A
    /// configured role does not shift the defaults of the others, so adding a role to one reviewer changes only it.
    /// </summary>
    /// <param name="configured">Each reviewer's configured role name, or null.</param>
    public static IReadOnlyList<PanelRole> Assign(IReadOnlyList<string?> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var defaults = DefaultAssignment(configured.Count);
        return [.. configured.Select((name, i) => string.IsNullOrWhiteSpace(name) ? defaults[i] : Parse(name))];
    }

    public override string ToString() => Name;
}
