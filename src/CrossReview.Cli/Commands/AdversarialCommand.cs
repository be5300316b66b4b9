using System.CommandLine;
using System.CommandLine.Parsing;
using CrossReview.Prompts;

namespace CrossReview.Cli.Commands;

/// <summary>
/// <c>crossreview adversarial</c>: a devil's-advocate review that starts from "do not ship" and approves only when no
/// defensible finding remains. Free text after the options is the user's focus, as typed.
/// </summary>
internal static class AdversarialCommand
{
    public static Command Create(CliEnvironment env)
    {
        var options = new ReviewOptions();
        var focusText = new Argument<string[]>("FOCUS")
        {
            Description = "What to press on, in plain words after the options (\"Focus on security and error handling\"); sent to the reviewers as your guidance; words that start with - go after --",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command("adversarial",
            "Challenge a change as a devil's advocate: design trade-offs, hidden assumptions, failure modes, auth, data loss, races, rollback; " +
            "approves only when no defensible finding remains");
        options.AddTo(command, includeMode: false);
        command.Add(focusText);
        command.SetAction((parse, ct) =>
        {
            RejectOptionLikeWords(parse, focusText);
            var focus = Focus(parse.GetValue(options.Focus), parse.GetValue(focusText) ?? []);
            return ReviewRunner.RunAsync(parse, options, new ReviewInvocation("adversarial", ReviewPromptKind.Adversarial, focus), env, ct);
        });
        return command;
    }

    /// <summary>
    /// The focus argument takes any word, so a mistyped or foreign option (<c>--fial-on</c>, <c>--mode</c>) would otherwise
    /// be sent to the reviewers as text and silently do nothing. A word that starts with '-' is focus text only after <c>--</c>.
    /// </summary>
    private static void RejectOptionLikeWords(ParseResult parse, Argument<string[]> focusText)
    {
        var focusTokens = parse.GetResult(focusText)?.Tokens ?? [];
        var afterDoubleDash = false;
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                afterDoubleDash = true;
            }
            else if (!afterDoubleDash && token.Value.Length > 1 && token.Value[0] == '-' && focusTokens.Any(t => ReferenceEquals(t, token)))
            {
                var hint = token.Value == "--mode" ? "; for a security audit use 'crossreview review --mode security'" : "; focus text that starts with '-' goes after --";
                throw new InputException($"adversarial: unknown option {token.Value}{hint}");
            }
        }
    }

    /// <summary><c>--focus</c> and the trailing words together, so neither way of saying it is lost.</summary>
    private static string? Focus(string? option, IReadOnlyList<string> words)
    {
        var parts = new[] { option?.Trim(), string.Join(' ', words).Trim() }.Where(p => !string.IsNullOrEmpty(p)).ToList();
        return parts.Count == 0 ? null : string.Join('\n', parts);
    }
}
