using System.Globalization;
using System.Text;
using CrossReview.Configuration;
using CrossReview.Panel;
using CrossReview.Planning;
using CrossReview.Reviewers;

namespace CrossReview.Prompts;

/// <summary>
/// The first-round prompt of a panel member. Each role has its own stance file (<c>role-*.md</c>; <c>security</c>
/// reuses the security audit) and shares with every other prompt the rules, the fenced change and the
/// <c>crossreview_review</c> schema, through <see cref="PromptBuilder"/>.
/// </summary>
public static class RolePromptBuilder
{
    /// <summary>Heading of the call-site section inside the fence.</summary>
    public const string CallSitesHeading = "CALL SITES OF CHANGED SYMBOLS";

    /// <param name="role">The reviewer's panel role.</param>
    /// <param name="plan">The planned change, as for <see cref="PromptBuilder.Build"/>.</param>
    /// <param name="focus">The user's <c>--focus</c>; trusted, outside the fence.</param>
    /// <param name="maxOutputTokens">Passed through to the reviewer.</param>
    /// <param name="pathInstructions">The config's <c>path_instructions</c>.</param>
    /// <param name="callSites">
    /// Call sites of the changed symbols (from the caller search). Only the <c>callers</c> role gets them, so that the
    /// other roles' prompts stay the size of a plain review; none, or an empty list, adds no section.
    /// </param>
    public static ReviewPrompt Build(
        PanelRole role,
        ReviewPlan plan,
        string? focus,
        int maxOutputTokens,
        IReadOnlyList<PathInstruction>? pathInstructions = null,
        IReadOnlyList<CallSite>? callSites = null)
    {
        ArgumentNullException.ThrowIfNull(role);
        if (role == PanelRole.Security)
        {
            return PromptBuilder.Build(ReviewPromptKind.Security, plan, focus, maxOutputTokens, pathInstructions);
        }

        var (stanceFile, opening) = role.Name switch
        {
            PanelRole.GeneralName => ("role-general.md", "Review the logic of the change below"),
            PanelRole.CallersName => ("role-callers.md", "Review how the change below affects the code that uses what it modifies"),
            PanelRole.ContractsName => ("role-contracts.md", "Review the change below for broken contracts and backward compatibility"),
            PanelRole.ImpactName => ("role-impact.md", "Review the change below for integration risks in build, CI, versions and configuration"),
            _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown panel role"),
        };
        var context = role == PanelRole.Callers && callSites is { Count: > 0 } ? CallSiteContext(callSites) : null;
        return PromptBuilder.BuildWithStance(stanceFile, opening, plan, focus, maxOutputTokens, pathInstructions, context);
    }

    private static PromptContext CallSiteContext(IReadOnlyList<CallSite> callSites)
    {
        var data = new StringBuilder();
        data.Append(CallSitesHeading).Append(" (repository lines outside the change that contain a changed symbol's name)\n");
        foreach (var group in callSites.GroupBy(c => c.Symbol, StringComparer.Ordinal))
        {
            data.Append(CultureInfo.InvariantCulture, $"SYMBOL {group.Key}\n");
            foreach (var site in group)
            {
                data.Append(CultureInfo.InvariantCulture, $"{site.File}:{site.Line}: {site.Text}\n");
            }
        }

        var note = $"After the change, the untrusted data also lists {callSites.Count} call site(s) of symbols the change defines or "
            + $"modifies, under {CallSitesHeading}, found by searching the repository for each name as a whole word. They are "
            + "not part of the change: do not cite them as finding locations, cite the changed line that breaks them.";
        return new PromptContext(note, data.ToString());
    }
}
