namespace CrossReview.Cli.Commands;

/// <summary>One reviewer in <c>crossreview reviewers --format json</c>.</summary>
/// <param name="Name">What <c>--reviewer</c> takes.</param>
/// <param name="Spec">The inline spec, without secrets.</param>
/// <param name="Picked">The reviewer <c>review</c> would run with no <c>--reviewer</c> given.</param>
internal sealed record ReviewerRow(
    string Name,
    string Spec,
    string Provider,
    string? Model,
    string? Role,
    string? Family,
    bool Configured,
    bool Available,
    string Detail,
    string? Fix,
    bool Picked);
