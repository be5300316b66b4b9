using System.Text;
using CrossReview.Diffs;
using CrossReview.Git;
using CrossReview.Prompts;

namespace CrossReview.Planning;

/// <summary>
/// Decides which files of a change reviewers see and estimates what the prompt costs. The plan is a pure function of
/// the change and the options: same input, same plan, same prompt (reviews are compared across runs and cached).
/// </summary>
public static class ReviewPlanner
{
    public const string Binary = "binary";
    public const string Deleted = "deleted";
    public const string NoContentChange = "no content change";
    public const string TooLarge = "too large";

    /// <summary>The skip reason of a file a config <c>path_filters</c> glob matched, followed by the glob.</summary>
    public const string ConfigFiltered = "filtered by config: ";

    public static ReviewPlan Plan(AcquiredChange change, PlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        options ??= PlanOptions.Default;

        var excludes = options.ExcludeGlobs
            .Where(g => !string.IsNullOrWhiteSpace(g) && g.Trim() != "!")
            .Select(g => g.Trim())
            .Select(g => (Glob: new PathGlob(g.TrimStart('!')), Keep: g.StartsWith('!')))
            .ToList();

        var files = change.Files
            .Select(file => PlanFile(file, options, excludes))
            .ToList();

        var plan = new ReviewPlan(change, files, 0);
        var prompt = PromptBuilder.BuildReview(plan, focus: null, maxOutputTokens: 0);
        return plan with { EstimatedInputTokens = TokenEstimator.Count(prompt.System) + TokenEstimator.Count(prompt.User) };
    }

    private static PlannedFile PlanFile(FileChange file, PlanOptions options, List<(PathGlob Glob, bool Keep)> excludes)
    {
        var hasLines = file.Hunks.Any(h => h.Lines.Count > 0);
        var additions = hasLines ? file.Hunks.Sum(h => h.Lines.Count(l => l.Kind == DiffLineKind.Added)) : file.Additions;
        var deletions = hasLines ? file.Hunks.Sum(h => h.Lines.Count(l => l.Kind == DiffLineKind.Removed)) : file.Deletions;
        var bytes = DiffBytes(file);

        var reason = SkipReason(file, hasLines, additions + deletions, bytes, options, excludes);
        return new PlannedFile(file, reason is null, reason, additions, deletions, bytes);
    }

    private static string? SkipReason(FileChange file, bool hasLines, int changedLines, int bytes, PlanOptions options, List<(PathGlob Glob, bool Keep)> excludes)
    {
        if (file.IsBinary)
        {
            return Binary;
        }

        // A deleted file has no new side: no line a finding could be anchored to (DESIGN §3 numbers new-side lines).
        if (file.Status == FileStatus.Deleted)
        {
            return Deleted;
        }

        if (!hasLines)
        {
            return NoContentChange;
        }

        // gitignore order: the last matching pattern decides, so a later "!" keeps what an earlier pattern skipped.
        var decisive = excludes.Where(g => g.Glob.IsMatch(file.Path)).Select(g => ((PathGlob Glob, bool Keep)?)g).LastOrDefault();
        if (decisive is { Keep: false } exclude)
        {
            return ConfigFiltered + exclude.Glob.Pattern;
        }

        if (options.UseDefaultFilters && decisive is null)
        {
            foreach (var (glob, reason) in DefaultPathFilters.All)
            {
                if (glob.IsMatch(file.Path))
                {
                    return reason;
                }
            }

            if (HasGeneratedMarker(file))
            {
                return DefaultPathFilters.Generated;
            }
        }

        return changedLines > options.MaxFileChangedLines || bytes > options.MaxFileDiffBytes ? TooLarge : null;
    }

    private static bool HasGeneratedMarker(FileChange file) =>
        file.Hunks
            .SelectMany(h => h.Lines)
            .Where(l => l.NewNumber is <= DefaultPathFilters.MarkerLines)
            .Any(l => DefaultPathFilters.GeneratedMarkers.Any(m => l.Text.Contains(m, StringComparison.Ordinal)));

    private static int DiffBytes(FileChange file)
    {
        var bytes = 0;
        foreach (var hunk in file.Hunks)
        {
            bytes += Encoding.UTF8.GetByteCount(DiffRenderer.HunkHeader(hunk)) + 1;
            foreach (var line in hunk.Lines)
            {
                bytes += Encoding.UTF8.GetByteCount(line.Text) + 2;
                if (line.NoNewlineAtEnd)
                {
                    bytes += "\\ No newline at end of file\n".Length;
                }
            }
        }

        return bytes;
    }
}
