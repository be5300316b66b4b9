using Spectre.Console;

namespace CrossReview.Cli.Rendering;

/// <summary>A Spectre console on stdout: colours and borders on a terminal, plain aligned text in a pipe or under NO_COLOR.</summary>
internal static class OutputConsole
{
    public static IAnsiConsole Create(CliEnvironment env, TextWriter writer)
    {
        var fancy = IsFancy(env);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = fancy ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = fancy ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        if (!fancy)
        {
            // A pipe has no width: wide enough that a path or a fix command stays on one line for grep.
            console.Profile.Width = 1000;
        }

        return console;
    }

    public static bool IsFancy(CliEnvironment env) => env.OutputIsTerminal && !env.Plain;
}
