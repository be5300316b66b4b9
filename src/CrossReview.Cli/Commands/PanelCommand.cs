using System.CommandLine;
using CrossReview.Prompts;

namespace CrossReview.Cli.Commands;

/// <summary>
/// <c>crossreview panel</c>: reviewers review independently by role, then vote blind on each other's findings; what
/// reaches the report is confirmed, integration, unconfirmed or dismissed with reasons.
/// </summary>
internal static class PanelCommand
{
    public static Command Create(CliEnvironment env)
    {
        var options = new ReviewOptions();
        var reviewers = new Option<string[]>("--reviewers")
        {
            Description = "The panel's reviewers as a comma-separated list (a,b,c,d), each as for --reviewer; adds to --reviewer",
            HelpName = "A,B,C",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var rounds = new Option<int?>("--rounds")
        {
            Description = $"Rounds at most, the independent first round included (default: the profile's, else {PanelSettings.DefaultRounds})",
            HelpName = "N",
        };
        var quorum = new Option<int?>("--quorum")
        {
            Description = $"Reviewers that must raise or confirm a finding for it to be confirmed (default: the profile's, else {PanelSettings.DefaultQuorum})",
            HelpName = "N",
        };
        var command = new Command("panel",
            "Review a change with a panel: each reviewer reviews by role (general, callers, contracts, impact, security), then votes " +
            "blind on the findings of the others; --fail-on applies to confirmed and integration findings");
        options.AddTo(command, includeMode: false);
        command.Add(reviewers);
        command.Add(rounds);
        command.Add(quorum);
        command.SetAction((parse, ct) =>
        {
            var listed = (parse.GetValue(reviewers) ?? [])
                .SelectMany(text => text.Split(',', StringSplitOptions.TrimEntries))
                .ToList();
            if (listed.Any(string.IsNullOrEmpty))
            {
                throw new InputException("--reviewers: empty name in the list; write a,b,c");
            }

            var panel = new PanelSettings(listed, parse.GetValue(rounds), parse.GetValue(quorum));
            return ReviewRunner.RunAsync(parse, options, new ReviewInvocation("panel", ReviewPromptKind.Review, parse.GetValue(options.Focus)) { Panel = panel }, env, ct);
        });
        return command;
    }
}
