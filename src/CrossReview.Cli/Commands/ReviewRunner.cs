using System.CommandLine;
using CrossReview.Cli.Rendering;
using CrossReview.Configuration;
using CrossReview.Engine;
using CrossReview.Git;
using CrossReview.Panel;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Reports;
using CrossReview.Reviewers;
using CrossReview.Reviewers.Detection;

namespace CrossReview.Cli.Commands;

/// <summary>
/// The one run path of the reviewing commands (<c>review</c>, <c>adversarial</c>, <c>panel</c>): acquire the change, load
/// the config, pick reviewers, plan, prompt with the invocation's stance, run side by side (or as a panel) and write the report.
/// </summary>
internal static class ReviewRunner
{
    /// <summary>Above this, most models' context windows are exceeded (chunking a change is later work).</summary>
    private const int LargePromptTokens = 400_000;

    public static async Task<int> RunAsync(ParseResult parse, ReviewOptions options, ReviewInvocation invocation, CliEnvironment env, CancellationToken ct)
    {
        var target = options.Target(parse);
        var directory = options.WorkingDirectory(parse, env.CurrentDirectory);
        var timeout = options.TimeLimit(parse);
        // A --timeout typed on the command line (a CI's limit) wins over any config timeout, which the repository may set.
        var explicitTimeout = parse.GetResult(options.Timeout) is { Implicit: false };
        var format = parse.GetValue(options.Format)!;
        var outputFile = parse.GetValue(options.Output);
        var failOn = ReviewOptions.Threshold(parse.GetValue(options.FailOn)!);
        var maxOutputTokens = parse.GetValue(options.MaxOutputTokens);
        if (maxOutputTokens <= 0)
        {
            throw new InputException("--max-output-tokens must be positive");
        }

        if (parse.GetValue(options.Author) is { } authorOption)
        {
            // Checked before the change is read, so a typo is the one error reported.
            AuthorFamily.Normalize(authorOption);
        }

        // The config is loaded after the change is read: the repository's file is read as committed at the change's
        // base revision, never as the change leaves it in the working tree.
        var change = await new ChangeAcquirer().AcquireAsync(target, directory, env.In, ct).ConfigureAwait(false);
        var config = await ConfigLoader.LoadForChangeAsync(directory, change, env.GetEnvironmentVariable, ct).ConfigureAwait(false);
        env.RedactKeysOf(config.Config);
        var status = StatusWriter.For(env);
        if (config.Note is { } configNote)
        {
            status.Line(configNote);
        }

        var lineup = ReviewerLineup.Create(config.Config, [.. parse.GetValue(options.Reviewer) ?? [], .. invocation.Panel?.Reviewers ?? []], parse.GetValue(options.Profile));
        var specs = lineup.Specs.ToList();
        if (lineup.Note is { } note)
        {
            status.Line(note);
        }

        var plan = ReviewPlanner.Plan(change, new PlanOptions { ExcludeGlobs = lineup.Config.PathFilters });

        var author = await AuthorFamily.DetectAsync(parse.GetValue(options.Author), change, env.GetEnvironmentVariable, ct).ConfigureAwait(false);
        var selection = await new ReviewerDetector(env.GetEnvironmentVariable).SelectAsync(specs, author, ct).ConfigureAwait(false);
        specs = [.. selection.Specs.Select(lineup.Adopt)];
        if (selection.Reason is not null)
        {
            status.Line(selection.Reason);
        }

        if (selection.Warning is not null)
        {
            status.Line($"warning: {selection.Warning}");
        }

        specs = options.WithAnalyzers(parse, specs, directory, status.Line);
        lineup.CheckProgramsOutside(specs, change, env.CurrentDirectory);

        if (plan.EstimatedInputTokens > LargePromptTokens)
        {
            status.Line($"the prompt is about {plan.EstimatedInputTokens:N0} input tokens per reviewer, more than most models accept; review a smaller target (--commit, --range, --diff)");
        }

        // Agent CLIs start in the repository they review (a patch from --diff has none: the current folder).
        var workingDirectory = change.RepositoryRoot ?? directory;
        var dryRun = parse.GetValue(options.DryRun);
        var mode = invocation.Mode;
        ReportOutput.CheckWritable(outputFile, env);
        if (specs.Count == 0)
        {
            var planReport = ReviewEngine.Planned(change, plan, mode, [], dryRun);
            await ReportOutput.WriteAsync(planReport, format, outputFile, env, ct).ConfigureAwait(false);
            status.SetupAdvice(ReviewerDetector.SetupAdvice, toStdout: format == "text" && outputFile is null);
            // Without --fail-on this is a first look at the plan; a gate that asked for a verdict got none, and that is no pass.
            if (failOn is not null && !dryRun)
            {
                status.Line($"no reviewer ran, so --fail-on {parse.GetValue(options.FailOn)} cannot pass (exit {ExitCodes.CouldNotComplete})");
                return ExitCodes.CouldNotComplete;
            }

            return ExitCodes.Completed;
        }

        (int Rounds, int Quorum)? panel = invocation.Panel is { } panelSettings ? PanelShape(panelSettings, lineup.Selection.Profile, specs.Count) : null;
        var names = UniqueNames(specs.Select(s => lineup.Resolve(s).Name).ToList());
        if (dryRun)
        {
            var skipped = specs.Select((spec, i) => Skipped(spec, names[i], "dry run: no model was called", ReviewerProblem(lineup.Resolve(spec), Settings(env, maxOutputTokens, timeout, names[i], null, workingDirectory)))).ToList();
            await ReportOutput.WriteAsync(WithFamily(ReviewEngine.Planned(change, plan, mode, skipped, dryRun: true), selection), format, outputFile, env, ct).ConfigureAwait(false);
            return ExitCodes.Completed;
        }

        if (plan.ReviewedFileCount == 0)
        {
            // Checked before keys: a hook on a clean tree has nothing to do, whatever is configured.
            status.Line("no file of the change can be sent to a reviewer, so no model was called");
            var skipped = specs.Select((spec, i) => Skipped(spec, names[i], "nothing to review", null)).ToList();
            var empty = WithFamily(ReviewEngine.NothingToReview(change, plan, mode, skipped), selection);
            await ReportOutput.WriteAsync(empty, format, outputFile, env, ct).ConfigureAwait(false);
            return ReviewOutcome.ExitCode(empty, failOn);
        }

        var relay = new ReviewProgressRelay();
        var reviewers = specs.Select((spec, i) =>
        {
            var resolved = lineup.Resolve(spec);
            var limit = explicitTimeout ? timeout : resolved.Timeout ?? timeout;
            return ReviewerFactory.Create(spec, resolved.Apply(Settings(env, maxOutputTokens, limit, names[i], relay, workingDirectory)));
        }).ToList();

        var prompt = PromptBuilder.Build(invocation.Prompt, plan, invocation.Focus, maxOutputTokens, lineup.Config.PathInstructions);
        var run = lineup.Configure(new ReviewRun(change, plan, prompt, reviewers, timeout, mode), specs, names, explicitTimeout);
        // Only the callers role reads call sites, so git grep runs only when a reviewer has that role.
        var needsCallers = panel is not null && PanelRole.Assign(reviewers.Select(r => r.Role).ToList()).Contains(PanelRole.Callers);
        var panelRun = panel is { } shape
            ? new PanelRun(run, shape.Rounds, shape.Quorum, needsCallers ? await new CallerFinder(new GitCli()).FindAsync(plan, ct).ConfigureAwait(false) : [])
            {
                Focus = invocation.Focus,
                PathInstructions = lineup.Config.PathInstructions,
            }
            : null;
        var report = await ProgressDisplay.RunAsync(env, reviewers.Select(r => r.Name).ToList(),
            progress =>
            {
                relay.Target = progress;
                return panelRun is null
                    ? new ReviewEngine(env.TimeProvider).RunAsync(run, relay, ct)
                    : new PanelEngine(env.TimeProvider).RunAsync(panelRun, relay, ct);
            }).ConfigureAwait(false);
        report = WithFamily(report, selection);
        await ReportOutput.WriteAsync(report, format, outputFile, env, ct).ConfigureAwait(false);
        return ReviewOutcome.ExitCode(report, failOn);
    }

    /// <summary>
    /// The panel's rounds and quorum: the command line's, else the profile's, else the defaults. Checked before any
    /// model is called: a quorum larger than the panel could never confirm anything.
    /// </summary>
    /// <exception cref="InputException">Fewer than one round, a quorum below one or above the number of reviewers.</exception>
    private static (int Rounds, int Quorum) PanelShape(PanelSettings settings, ProfileConfig? profile, int reviewerCount)
    {
        var rounds = settings.Rounds ?? profile?.Rounds ?? PanelSettings.DefaultRounds;
        var quorum = settings.Quorum ?? profile?.Quorum ?? PanelSettings.DefaultQuorum;
        if (rounds < 1)
        {
            throw new InputException($"--rounds must be at least 1 (got {rounds})");
        }

        if (quorum < 1)
        {
            throw new InputException($"--quorum must be at least 1 (got {quorum})");
        }

        if (quorum > reviewerCount)
        {
            throw new InputException($"--quorum {quorum} needs at least {quorum} reviewers, but the panel has {reviewerCount}; add reviewers (--reviewers a,b,c) or lower --quorum");
        }

        return (rounds, quorum);
    }

    /// <summary>Marks a report whose reviewers are all of the author's family, so that readers and gates can see it.</summary>
    private static Report WithFamily(Report report, ReviewerSelection selection) => selection is { SameFamily: true, Warning: { } warning }
        ? report with { SameFamily = true, Warnings = [.. report.Warnings, warning] }
        : report;

    private static ReviewerSettings Settings(
        CliEnvironment env, int maxOutputTokens, TimeSpan timeout, string name, ReviewProgressRelay? relay, string workingDirectory) => new()
    {
        WorkingDirectory = workingDirectory,
        RequestTimeout = timeout,
        GetEnvironmentVariable = env.GetEnvironmentVariable,
        TimeProvider = env.TimeProvider,
        MaxOutputTokens = maxOutputTokens,
        DisplayName = name,
        OutputProgress = relay?.OutputOf(name),
    };

    private static ReviewerReport Skipped(ReviewerSpec spec, string name, string why, string? problem) => new()
    {
        Name = name,
        Provider = spec.Provider,
        Model = spec.Model ?? ReviewerProviders.DefaultModel(spec.Provider),
        Status = ReviewerStatus.Skipped,
        Error = problem is null ? why : $"{why}; a real run would stop: {problem}",
    };

    /// <summary>What would stop this reviewer from running (a missing key), checked without calling anything.</summary>
    private static string? ReviewerProblem(ResolvedReviewer reviewer, ReviewerSettings settings)
    {
        try
        {
            ReviewerFactory.Check(reviewer.Spec, reviewer.Apply(settings));
            return null;
        }
        catch (InputException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The same reviewer given twice is two reviewers; number the repeats so the report can tell them apart.</summary>
    private static List<string> UniqueNames(IReadOnlyList<string> names)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return names.Select(name =>
        {
            var n = seen[name] = seen.GetValueOrDefault(name) + 1;
            return n == 1 ? name : $"{name}#{n}";
        }).ToList();
    }
}
