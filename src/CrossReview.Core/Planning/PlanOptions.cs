namespace CrossReview.Planning;

/// <summary>How a change is cut down before it is sent to reviewers.</summary>
public sealed record PlanOptions
{
    public static PlanOptions Default { get; } = new();

    /// <summary>
    /// The config's <c>path_filters</c>: gitignore-style globs whose files are listed but not reviewed, read as
    /// gitignore reads its lines: the last pattern that matches decides, and one starting with <c>!</c> keeps the files
    /// it matches, even those a built-in default filter would skip.
    /// </summary>
    public IReadOnlyList<string> ExcludeGlobs { get; init; } = [];

    /// <summary>Skip lockfiles, minified and generated files, and vendored folders (<see cref="DefaultPathFilters"/>).</summary>
    public bool UseDefaultFilters { get; init; } = true;

    /// <summary>A file with more added plus removed lines than this is skipped as "too large": such diffs are usually generated and drown the rest.</summary>
    public int MaxFileChangedLines { get; init; } = 3000;

    /// <summary>A file whose hunks take more UTF-8 bytes than this is skipped as "too large" (long minified lines escape the line limit).</summary>
    public int MaxFileDiffBytes { get; init; } = 256 * 1024;
}
