namespace CrossReview.Cli.Commands;

/// <summary>What <c>crossreview panel</c> adds to the shared run path.</summary>
/// <param name="Reviewers">Reviewers from <c>--reviewers a,b,c</c>, after those of <c>--reviewer</c>.</param>
/// <param name="Rounds"><c>--rounds</c> when given; else the profile's, else <see cref="DefaultRounds"/>.</param>
/// <param name="Quorum"><c>--quorum</c> when given; else the profile's, else <see cref="DefaultQuorum"/>.</param>
internal sealed record PanelSettings(IReadOnlyList<string> Reviewers, int? Rounds, int? Quorum)
{
    public const int DefaultRounds = 3;
    public const int DefaultQuorum = 2;
}
