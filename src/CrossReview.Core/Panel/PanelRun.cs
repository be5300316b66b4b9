using CrossReview.Configuration;
using CrossReview.Engine;
using CrossReview.Planning;

namespace CrossReview.Panel;

/// <summary>Everything one panel needs, decided before any model is called.</summary>
/// <param name="Review">Change, plan, reviewers, time limits and prices; its prompt's output budget is every round's.</param>
/// <param name="Rounds">Rounds at most, the independent first round included (<c>--rounds</c>, at least 1).</param>
/// <param name="Quorum">Distinct supporting reviewers a confirmed finding needs (<c>--quorum</c>, at least 1).</param>
/// <param name="CallSites">Call sites of the changed symbols; only the <c>callers</c> role's prompt carries them.</param>
public sealed record PanelRun(ReviewRun Review, int Rounds, int Quorum, IReadOnlyList<CallSite> CallSites)
{
    /// <summary>The user's <c>--focus</c>, added to every role's prompt.</summary>
    public string? Focus { get; init; }

    /// <summary>The config's <c>path_instructions</c>.</summary>
    public IReadOnlyList<PathInstruction> PathInstructions { get; init; } = [];
}
