using System.CommandLine;
using CrossReview.Prompts;

namespace CrossReview.Cli.Commands;

/// <summary><c>crossreview review</c>: one pass by one or more reviewers, side by side; <c>--mode security</c> audits instead.</summary>
internal static class ReviewCommand
{
    public static Command Create(CliEnvironment env)
    {
        var options = new ReviewOptions();
        var command = new Command("review", "Review a change with one or more models of another family");
        options.AddTo(command, includeMode: true);
        command.SetAction((parse, ct) =>
        {
            var prompt = parse.GetValue(options.Mode) == "security" ? ReviewPromptKind.Security : ReviewPromptKind.Review;
            return ReviewRunner.RunAsync(parse, options, new ReviewInvocation("review", prompt, parse.GetValue(options.Focus)), env, ct);
        });
        return command;
    }
}
