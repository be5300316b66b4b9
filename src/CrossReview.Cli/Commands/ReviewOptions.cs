using System.CommandLine;
using CrossReview.Findings;
using CrossReview.Git;
using CrossReview.Reviewers;

namespace CrossReview.Cli.Commands;

/// <summary>The options every reviewing command shares (DESIGN §2: TARGET, REVIEWERS, OUTPUT and the common ones).</summary>
internal sealed class ReviewOptions
{
    public Option<bool> Uncommitted { get; } = new("--uncommitted") { Description = "Review staged + unstaged + untracked changes against HEAD (the default)" };
    public Option<string?> Base { get; } = new("--base") { Description = "Review the working tree against the merge-base of REF and HEAD", HelpName = "REF" };
    public Option<string?> Commit { get; } = new("--commit") { Description = "Review one commit against its parent", HelpName = "SHA" };
    public Option<string?> Range { get; } = new("--range") { Description = "Review a range of commits (A..B, or A...B from their merge-base)", HelpName = "A..B" };
    public Option<string?> Diff { get; } = new("--diff") { Description = "Review a unified diff from FILE, or from stdin with '-'", HelpName = "FILE" };
    public Option<string?> Directory { get; } = new("-C") { Description = "Run as if crossreview was started in DIR", HelpName = "DIR" };

    public Option<string[]> Reviewer { get; } = new("--reviewer", "-r")
    {
        Description = "A reviewer named in .crossreview.toml, or a spec PROVIDER[:MODEL][@BASE_URL] (openai, openai-chat, anthropic, ollama, codex, claude, gemini), command:NAME or sarif:FILE; repeat for several, run side by side",
        HelpName = "SPEC",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string[]> Sarif { get; } = new("--sarif")
    {
        Description = "A static analyzer's SARIF 2.1.0 log (Roslyn -errorlog, Semgrep --sarif, CodeQL) as one more reviewer: its results on changed lines are findings, merged with a model's finding on the same lines; repeatable; relative to -C",
        HelpName = "FILE",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Profile { get; } = new("--profile") { Description = "Use the reviewers of a profile from .crossreview.toml or ~/.config/crossreview/config.toml (default: default_profile)", HelpName = "NAME" };
    public Option<string?> Author { get; } = new("--author") { Description = "Family of the model that wrote the change (openai, anthropic, google, local); reviewers of another family are preferred", HelpName = "FAMILY" };

    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Time limit per reviewer in seconds, retries included",
        HelpName = "SECONDS",
        DefaultValueFactory = _ => 300,
    };

    public Option<string> Mode { get; } = new Option<string>("--mode")
    {
        Description = "standard, or security for a security audit (injection, authn/authz, secrets, unsafe deserialization, SSRF, path traversal, leaking errors, crypto misuse)",
        DefaultValueFactory = _ => "standard",
    }.AcceptOnlyFromAmong("standard", "security");

    public Option<string?> Focus { get; } = new("--focus") { Description = "Extra guidance for the reviewers (\"focus on error handling\")", HelpName = "TEXT" };
    public Option<bool> DryRun { get; } = new("--dry-run") { Description = "Acquire and plan the change, call no model, write the report with every reviewer skipped" };

    public Option<string> Format { get; } = new Option<string>("--format")
    {
        Description = "Report format",
        DefaultValueFactory = _ => "text",
    }.AcceptOnlyFromAmong("text", "json", "markdown");

    public Option<string?> Output { get; } = new("--output", "-o") { Description = "Write the report to FILE instead of stdout", HelpName = "FILE" };

    public Option<string> FailOn { get; } = new Option<string>("--fail-on")
    {
        Description = "Exit 1 when a finding is at or above this severity",
        DefaultValueFactory = _ => "none",
    }.AcceptOnlyFromAmong("critical", "major", "minor", "info", "none");

    public Option<int> MaxOutputTokens { get; } = new("--max-output-tokens")
    {
        Description = "Output token limit sent with every model request",
        HelpName = "N",
        DefaultValueFactory = _ => 8192,
    };

    /// <param name="command">The command that takes these options.</param>
    /// <param name="includeMode">Whether the command offers <c>--mode</c> (<c>review</c> does; <c>adversarial</c> has its own stance).</param>
    public void AddTo(Command command, bool includeMode = true)
    {
        foreach (var option in new Option[]
                 {
                     Uncommitted, Base, Commit, Range, Diff, Directory, Reviewer, Sarif, Profile, Author, Timeout, Mode, Focus,
                     DryRun, Format, Output, FailOn, MaxOutputTokens,
                 })
        {
            if (includeMode || option != Mode)
            {
                command.Add(option);
            }
        }
    }

    public TargetSpec Target(ParseResult parse)
    {
        var chosen = new List<TargetSpec>();
        if (parse.GetValue(Uncommitted))
        {
            chosen.Add(TargetSpec.Uncommitted);
        }

        AddIfSet(chosen, TargetKind.Base, parse.GetValue(Base));
        AddIfSet(chosen, TargetKind.Commit, parse.GetValue(Commit));
        AddIfSet(chosen, TargetKind.Range, parse.GetValue(Range));
        AddIfSet(chosen, TargetKind.Diff, parse.GetValue(Diff));
        return chosen.Count switch
        {
            0 => TargetSpec.Uncommitted,
            1 => chosen[0],
            _ => throw new InputException("choose one target: --uncommitted, --base, --commit, --range or --diff"),
        };
    }

    public string WorkingDirectory(ParseResult parse, string current)
    {
        var dir = parse.GetValue(Directory);
        if (dir is null)
        {
            return current;
        }

        var full = Path.GetFullPath(dir, current);
        return System.IO.Directory.Exists(full) ? full : throw new InputException($"-C: no such directory: {dir}");
    }

    /// <summary>
    /// <paramref name="specs"/> and then a <c>sarif:FILE</c> spec per <c>--sarif</c>, every SARIF path resolved against
    /// <paramref name="directory"/> (the <c>-C</c> folder). Called after reviewer detection, so <c>--sarif</c> alone still
    /// gets a model to cross-check the analyzer; when none is available the analyzers review alone, and
    /// <paramref name="note"/> says so.
    /// </summary>
    public List<ReviewerSpec> WithAnalyzers(ParseResult parse, IReadOnlyList<ReviewerSpec> specs, string directory, Action<string> note)
    {
        var analyzers = (parse.GetValue(Sarif) ?? []).Select(ReviewerSpec.ForSarif).ToList();
        if (specs.Count == 0 && analyzers.Count > 0)
        {
            note("no model reviewer is available, so the SARIF log(s) review alone and no model cross-checks them");
        }

        return [.. specs.Concat(analyzers).Select(s =>
            s.Provider == ReviewerProviders.Sarif && s.Model is { } file ? s with { Model = Path.GetFullPath(file, directory) } : s)];
    }

    public TimeSpan TimeLimit(ParseResult parse)
    {
        var seconds = parse.GetValue(Timeout);
        return seconds > 0 ? TimeSpan.FromSeconds(seconds) : throw new InputException("--timeout must be a positive number of seconds");
    }

    public static Severity? Threshold(string failOn) => failOn switch
    {
        "none" => null,
        "critical" => Severity.Critical,
        "major" => Severity.Major,
        "minor" => Severity.Minor,
        _ => Severity.Info,
    };

    private static void AddIfSet(List<TargetSpec> chosen, TargetKind kind, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (value.Length == 0)
        {
            throw new InputException($"--{kind.ToString().ToLowerInvariant()} needs a value");
        }

        chosen.Add(new TargetSpec(kind, value));
    }
}
