using System.CommandLine;
using CrossReview.Cli.Rendering;
using CrossReview.Engine;
using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Reports;
using CrossReview.Reviewers;

namespace CrossReview.Cli.Commands;

/// <summary><c>crossreview review</c>: one pass by one or more reviewers, side by side.</summary>
internal static class ReviewCommand
{
    /// <summary>Above this, most models' context windows are exceeded (chunking a change is later work).</summary>
    private const int LargePromptTokens = 400_000;

    public static Command Create(CliEnvironment env)
    {
        var options = new ReviewOptions();
        var command = new Command("review", "Review a change with one or more models of another family");
        options.AddTo(command);
        command.SetAction((parse, ct) => RunAsync(parse, options, env, ct));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parse, ReviewOptions options, CliEnvironment env, CancellationToken ct)
    {
        var target = options.Target(parse);
        var directory = options.WorkingDirectory(parse, env.CurrentDirectory);
        var timeout = options.TimeLimit(parse);
        var format = parse.GetValue(options.Format)!;
        var outputFile = parse.GetValue(options.Output);
        var failOn = ReviewOptions.Threshold(parse.GetValue(options.FailOn)!);
        var maxOutputTokens = parse.GetValue(options.MaxOutputTokens);
        if (maxOutputTokens <= 0)
        {
            throw new InputException("--max-output-tokens must be positive");
        }

        if (parse.GetValue(options.Profile) is { } profile)
        {
            throw new InputException($"unknown profile '{profile}': no profile is configured");
        }

        var author = AuthorFamily.Detect(parse.GetValue(options.Author), env.GetEnvironmentVariable);
        var specTexts = parse.GetValue(options.Reviewer) ?? [];
        var specs = specTexts.Select(ReviewerSpec.Parse).ToList();
        var status = StatusWriter.For(env);

        var change = await new ChangeAcquirer().AcquireAsync(target, directory, env.In, ct).ConfigureAwait(false);
        var plan = ReviewPlanner.Plan(change, new PlanOptions());
        var focus = Focus(parse.GetValue(options.Focus), parse.GetValue(options.Mode)!);

        if (specs.Count == 0)
        {
            var detected = ReviewerDetector.Detect(author, env.GetEnvironmentVariable);
            specs = detected.Specs.Select(ReviewerSpec.Parse).ToList();
            if (detected.Reason is not null)
            {
                status.Line(detected.Reason);
            }
        }

        specs = options.WithAnalyzers(parse, specs, directory, status.Line);

        if (plan.EstimatedInputTokens > LargePromptTokens)
        {
            status.Line($"the prompt is about {plan.EstimatedInputTokens:N0} input tokens per reviewer, more than most models accept; review a smaller target (--commit, --range, --diff)");
        }

        var dryRun = parse.GetValue(options.DryRun);
        var mode = "review";
        ReportOutput.CheckWritable(outputFile, env);
        if (specs.Count == 0)
        {
            var planReport = ReviewEngine.Planned(change, plan, mode, [], dryRun);
            await ReportOutput.WriteAsync(planReport, format, outputFile, env, ct).ConfigureAwait(false);
            status.SetupAdvice(ReviewerDetector.SetupAdvice, toStdout: format == "text" && outputFile is null);
            return ExitCodes.Completed;
        }

        var names = UniqueNames(specs);
        if (dryRun)
        {
            var skipped = specs.Select((spec, i) => Skipped(spec, names[i], "dry run: no model was called", ReviewerProblem(spec, env))).ToList();
            await ReportOutput.WriteAsync(ReviewEngine.Planned(change, plan, mode, skipped, dryRun: true), format, outputFile, env, ct).ConfigureAwait(false);
            return ExitCodes.Completed;
        }

        if (plan.ReviewedFileCount == 0)
        {
            // Checked before keys: a hook on a clean tree has nothing to do, whatever is configured.
            status.Line("no file of the change can be sent to a reviewer, so no model was called");
            var skipped = specs.Select((spec, i) => Skipped(spec, names[i], "nothing to review", null)).ToList();
            var empty = ReviewEngine.NothingToReview(change, plan, mode, skipped);
            await ReportOutput.WriteAsync(empty, format, outputFile, env, ct).ConfigureAwait(false);
            return ReviewOutcome.ExitCode(empty, failOn);
        }

        var relay = new ReviewProgressRelay();
        var reviewers = specs.Select((spec, i) => ReviewerFactory.Create(spec, Settings(env, maxOutputTokens, timeout, names[i], relay) with { WorkingDirectory = change.RepositoryRoot ?? directory })).ToList();

        var prompt = PromptBuilder.BuildReview(plan, focus, maxOutputTokens);
        var run = new ReviewRun(change, plan, prompt, reviewers, timeout, mode);
        var report = await ProgressDisplay.RunAsync(env, reviewers.Select(r => r.Name).ToList(),
            progress =>
            {
                relay.Target = progress;
                return new ReviewEngine(env.TimeProvider).RunAsync(run, relay, ct);
            }).ConfigureAwait(false);
        await ReportOutput.WriteAsync(report, format, outputFile, env, ct).ConfigureAwait(false);
        return ReviewOutcome.ExitCode(report, failOn);
    }

    private static ReviewerSettings Settings(CliEnvironment env, int maxOutputTokens, TimeSpan timeout, string name, ReviewProgressRelay relay) => new()
    {
        RequestTimeout = timeout,
        GetEnvironmentVariable = env.GetEnvironmentVariable,
        TimeProvider = env.TimeProvider,
        MaxOutputTokens = maxOutputTokens,
        DisplayName = name,
        OutputProgress = relay.OutputOf(name),
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
    private static string? ReviewerProblem(ReviewerSpec spec, CliEnvironment env)
    {
        try
        {
            ReviewerFactory.Check(spec, env.GetEnvironmentVariable);
            return null;
        }
        catch (InputException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>The same spec given twice is two reviewers; number the repeats so the report can tell them apart.</summary>
    private static List<string> UniqueNames(IReadOnlyList<ReviewerSpec> specs)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        return specs.Select(s =>
        {
            var n = seen[s.SafeText] = seen.GetValueOrDefault(s.SafeText) + 1;
            return n == 1 ? s.SafeText : $"{s.SafeText}#{n}";
        }).ToList();
    }

    private static string? Focus(string? focus, string mode) => mode == "security"
        ? "Security review: look for injection, broken authentication or authorization, leaked secrets, unsafe deserialization, SSRF, path traversal and error messages that leak internals." +
          (focus is null ? "" : " " + focus)
        : focus;
}
