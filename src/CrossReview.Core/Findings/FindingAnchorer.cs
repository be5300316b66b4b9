using System.Text.RegularExpressions;
using CrossReview.Diffs;
using CrossReview.Planning;

namespace CrossReview.Findings;

/// <summary>
/// Validates a reviewer's findings against the change and places each on new-side lines that exist in the diff
/// (DESIGN §4 "Anchoring"). Paths from model output are untrusted: absolute paths and <c>..</c> that climb out of the
/// repository are refused, and only files of the change are ever named. Lines are placed in this order:
/// <list type="number">
/// <item>the cited line's content tag (or quoted code) matches: kept (<c>exact</c>);</item>
/// <item>it does not, but another line's does: moved there, same hunk first, then the nearest (<c>hash</c>);</item>
/// <item>the cited line is inside a hunk: kept (<c>exact</c>), the range cut at the hunk's end;</item>
/// <item>else the nearest added line within <see cref="MaxNearestDistance"/> lines (<c>nearest</c>), or the new-side
/// line next to removed lines when those are nearer (<c>deleted_line</c>);</item>
/// <item>else dropped.</item>
/// </list>
/// Deleted, binary and content-less files have no new-side lines, so findings on them are dropped: a report line
/// number always means a line of the file after the change. An analyzer's findings (<see cref="AnchorPolicy.ChangedLinesOnly"/>)
/// are never moved: kept where they include an added line, else dropped (<see cref="NotOnChangedLine"/>).
/// </summary>
public sealed partial class FindingAnchorer
{
    /// <summary>How far (in lines) a finding outside the change may be moved to a changed line before it is dropped instead.</summary>
    public const int MaxNearestDistance = 30;

    public const string MissingTitle = "missing title";
    public const string MissingFile = "missing file";
    public const string FileNotInChange = "file not in change";
    public const string PathEscapesRepository = "path escapes repository";
    public const string LineOutsideChange = "line outside change";
    /// <summary>Why <see cref="AnchorPolicy.ChangedLinesOnly"/> drops a finding whose lines hold no added line (or that names no line).</summary>
    public const string NotOnChangedLine = "not on a changed line";

    private const string Exact = "exact";
    private const string Hash = "hash";
    private const string Nearest = "nearest";
    private const string DeletedLine = "deleted_line";

    private readonly Dictionary<string, FileIndex> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _skipped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _renamedFrom = new(StringComparer.Ordinal);
    private readonly string? _repositoryRoot;

    /// <param name="files">The files reviewers were shown.</param>
    /// <param name="repositoryRoot">When given, absolute paths inside it are accepted as relative ones (agent CLIs cite absolute paths).</param>
    public FindingAnchorer(IReadOnlyList<FileChange> files, string? repositoryRoot = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        _repositoryRoot = repositoryRoot?.Replace('\\', '/').TrimEnd('/');
        foreach (var file in files)
        {
            Add(file, skipReason: null);
        }
    }

    /// <summary>Anchors against a plan: findings on files the plan skipped are dropped with the skip reason.</summary>
    public FindingAnchorer(ReviewPlan plan)
        : this([], (plan ?? throw new ArgumentNullException(nameof(plan))).Change.RepositoryRoot)
    {
        foreach (var planned in plan.Files)
        {
            Add(planned.File, planned.Reviewed ? null : planned.SkipReason);
        }
    }

    public AnchorOutcome Anchor(string reviewerName, IReadOnlyList<ModelFinding> findings) =>
        Anchor(reviewerName, findings, AnchorPolicy.Reanchor);

    /// <param name="policy">
    /// <see cref="AnchorPolicy.Reanchor"/> for models; <see cref="AnchorPolicy.ChangedLinesOnly"/> for analyzers, whose
    /// findings keep their lines (cut to the hunk of their first added line) or are dropped.
    /// </param>
    public AnchorOutcome Anchor(string reviewerName, IReadOnlyList<ModelFinding> findings, AnchorPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(reviewerName);
        ArgumentNullException.ThrowIfNull(findings);

        var placed = new List<Finding>();
        var dropped = new List<DroppedFinding>();
        foreach (var finding in findings)
        {
            var (result, reason) = Place(reviewerName, finding, policy);
            if (result is null)
            {
                dropped.Add(new DroppedFinding(finding, reason!));
            }
            else
            {
                placed.Add(result);
            }
        }

        return new AnchorOutcome(placed, dropped, placed.Count(f => f.Anchor != Exact));
    }

    private (Finding? Finding, string? Reason) Place(string reviewerName, ModelFinding finding, AnchorPolicy policy)
    {
        if (string.IsNullOrWhiteSpace(finding.Title))
        {
            return (null, MissingTitle);
        }

        if (string.IsNullOrWhiteSpace(finding.File))
        {
            return (null, MissingFile);
        }

        if (NormalizePath(finding.File) is not { } path)
        {
            return (null, PathEscapesRepository);
        }

        var (index, skipReason) = Lookup(path);
        if (index is null)
        {
            return (null, skipReason is null ? FileNotInChange : $"file not reviewed ({skipReason})");
        }

        var place = policy == AnchorPolicy.ChangedLinesOnly ? OnChangedLines(index, finding) : PlaceLines(index, finding);
        if (place is null)
        {
            return (null, policy == AnchorPolicy.ChangedLinesOnly ? NotOnChangedLine : LineOutsideChange);
        }

        var (start, end, anchor) = place.Value;

        var category = string.IsNullOrWhiteSpace(finding.Category) ? "other" : finding.Category.Trim().ToLowerInvariant();
        var title = finding.Title.Trim();
        var code = index.Lines.Where(l => l.Number >= start && l.Number <= end).Select(l => l.Text);
        return (new Finding
        {
            Id = "",
            Fingerprint = FindingFingerprint.Compute(index.File.Path, category, title, code),
            Severity = SeverityParser.TryParse(finding.Severity, out var severity) ? severity : Severity.Minor,
            Category = category,
            Title = title,
            Body = finding.Body?.Trim() ?? "",
            Recommendation = string.IsNullOrWhiteSpace(finding.Recommendation) ? null : finding.Recommendation.Trim(),
            File = index.File.Path,
            StartLine = start,
            EndLine = end,
            Confidence = finding.Confidence is { } c && !double.IsNaN(c) ? Math.Clamp(c, 0, 1) : null,
            Reviewers = [reviewerName],
            Anchor = anchor,
        }, null);
    }

    private static (int Start, int End, string Anchor)? PlaceLines(FileIndex index, ModelFinding finding)
    {
        if ((finding.StartLine ?? finding.EndLine) is not { } cited)
        {
            // A finding about the file as a whole: put it on the first change.
            return NearestChange(index, 1, int.MaxValue);
        }

        var start = cited;
        var end = Math.Max(finding.EndLine ?? start, start);
        var span = end - start;

        var quoteKeys = QuoteKeys(finding.Quote);
        if (finding.LineHash is not null || quoteKeys.Count > 0)
        {
            bool Matches(string text, string hash) =>
                (finding.LineHash is not null && hash == finding.LineHash) ||
                quoteKeys.Contains(LineHash.CollapseWhitespace(text));

            if (index.LineAt.TryGetValue(start, out var atCited) && Matches(atCited.Text, atCited.Hash))
            {
                return (start, Math.Min(end, index.HunkEnds[atCited.Hunk]), Exact);
            }

            // A three-character tag collides with some line of a large change (a new file is one large hunk): a match
            // far from the cited line is trusted only when the cited line is not in the change at all and the match is
            // the only one in the file.
            var citedHunk = index.HunkOf(start);
            var matches = index.Lines.Where(l => Matches(l.Text, l.Hash)).ToList();
            var moved = matches
                .Where(l => Math.Abs(l.Number - start) <= MaxNearestDistance)
                .OrderBy(l => l.Hunk == citedHunk ? 0 : 1)
                .ThenBy(l => Math.Abs(l.Number - start))
                .ThenBy(l => l.Number)
                .FirstOrDefault() ?? (citedHunk is null && matches.Count == 1 ? matches[0] : null);
            if (moved is not null)
            {
                return (moved.Number, Math.Min(moved.Number + span, index.HunkEnds[moved.Hunk]), Hash);
            }

            var removed = index.Removed
                .Where(r => quoteKeys.Contains(LineHash.CollapseWhitespace(r.Text)))
                .OrderBy(r => Math.Abs(r.AnchorNumber - start))
                .FirstOrDefault();
            if (removed is not null)
            {
                return (removed.AnchorNumber, removed.AnchorNumber, DeletedLine);
            }
        }

        if (index.HunkOf(start) is { } hunk)
        {
            return (start, Math.Min(end, index.HunkEnds[hunk]), Exact);
        }

        return NearestChange(index, start, MaxNearestDistance);
    }

    /// <summary>The cited lines when they include an added line, cut to that line's hunk; never moved.</summary>
    private static (int Start, int End, string Anchor)? OnChangedLines(FileIndex index, ModelFinding finding)
    {
        if (finding.StartLine is not { } start)
        {
            return null;
        }

        var end = Math.Max(finding.EndLine ?? start, start);
        var added = index.Lines.FirstOrDefault(l => l.Kind == DiffLineKind.Added && l.Number >= start && l.Number <= end);
        return added is null
            ? null
            : (Math.Max(start, index.HunkStarts[added.Hunk]), Math.Min(end, index.HunkEnds[added.Hunk]), Exact);
    }

    private static (int Start, int End, string Anchor)? NearestChange(FileIndex index, int line, int maxDistance)
    {
        var added = index.Lines.Where(l => l.Kind == DiffLineKind.Added).Select(l => (Number: l.Number, Anchor: Nearest));
        var removed = index.Removed.Select(r => (Number: r.AnchorNumber, Anchor: DeletedLine));
        var best = added.Concat(removed)
            .Where(p => Math.Abs((long)p.Number - line) <= maxDistance)
            .OrderBy(p => Math.Abs((long)p.Number - line))
            .ThenBy(p => p.Anchor == Nearest ? 0 : 1)
            .ThenBy(p => p.Number)
            .Select(p => ((int Number, string Anchor)?)p)
            .FirstOrDefault();
        return best is { } point ? (point.Number, point.Number, point.Anchor) : null;
    }

    /// <summary>
    /// What the model's quoted code may match: its first non-blank line, with our prompt prefix (<c>12#a3f| </c>) and a
    /// diff marker removed when present, whitespace collapsed.
    /// </summary>
    private static HashSet<string> QuoteKeys(string? quote)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var first = quote?.Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => !string.IsNullOrWhiteSpace(l));
        if (first is null)
        {
            return keys;
        }

        var text = PromptPrefix().Replace(first, "", 1).TrimStart();
        keys.Add(LineHash.CollapseWhitespace(text));
        if (text.Length > 1 && (text[0] == '+' || text[0] == '-'))
        {
            keys.Add(LineHash.CollapseWhitespace(text[1..]));
        }

        keys.Remove("");
        return keys;
    }

    /// <summary>A repository-relative path with <c>/</c> separators, or null when the path is absolute or climbs out of the repository.</summary>
    private string? NormalizePath(string raw)
    {
        var path = raw.Trim().Trim('`', '"', '\'').Replace('\\', '/');
        if (_repositoryRoot is { Length: > 0 } root && path.StartsWith(root + "/", StringComparison.Ordinal))
        {
            path = path[(root.Length + 1)..];
        }

        if (path.StartsWith('/') || path.StartsWith('~') || (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0])))
        {
            return null;
        }

        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (segments.Count == 0)
                {
                    return null;
                }

                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        return string.Join('/', segments);
    }

    /// <summary>
    /// The file a normalized path names: exactly, by its old name, without git's <c>a/</c> <c>b/</c> prefixes, ignoring
    /// case, or as the unique file whose path ends with it. Returns the skip reason when it names a file not reviewed.
    /// </summary>
    private (FileIndex? Index, string? SkipReason) Lookup(string path)
    {
        foreach (var candidate in Spellings(path))
        {
            if (Find(candidate) is { } found)
            {
                return found;
            }
        }

        var all = _files.Keys.Concat(_skipped.Keys).ToList();
        var ignoringCase = all.Where(p => string.Equals(p, path, StringComparison.OrdinalIgnoreCase)).ToList();
        if (ignoringCase.Count == 1)
        {
            return Find(ignoringCase[0]) ?? (null, null);
        }

        var bySuffix = all.Where(p => p.EndsWith("/" + path, StringComparison.Ordinal)).ToList();
        return bySuffix.Count == 1 ? Find(bySuffix[0]) ?? (null, null) : (null, null);
    }

    private static IEnumerable<string> Spellings(string path)
    {
        yield return path;
        if (path.StartsWith("a/", StringComparison.Ordinal) || path.StartsWith("b/", StringComparison.Ordinal))
        {
            yield return path[2..];
        }
    }

    private (FileIndex? Index, string? SkipReason)? Find(string path)
    {
        if (_renamedFrom.TryGetValue(path, out var renamed))
        {
            path = renamed;
        }

        if (_files.TryGetValue(path, out var index))
        {
            return (index, null);
        }

        return _skipped.TryGetValue(path, out var reason) ? (null, reason) : null;
    }

    private void Add(FileChange file, string? skipReason)
    {
        skipReason ??= file switch
        {
            { IsBinary: true } => ReviewPlanner.Binary,
            { Status: FileStatus.Deleted } => ReviewPlanner.Deleted,
            _ when file.Hunks.All(h => h.Lines.Count == 0) => ReviewPlanner.NoContentChange,
            _ => null,
        };

        if (file.OldPath is { } old && old != file.Path)
        {
            _renamedFrom.TryAdd(old, file.Path);
        }

        if (skipReason is null)
        {
            _files[file.Path] = new FileIndex(file);
        }
        else
        {
            _skipped[file.Path] = skipReason;
        }
    }

    [GeneratedRegex(@"^\s*(?:\d+|-)\s*(?:#\s*[0-9A-Fa-f]{3})?\s*\|\s?")]
    private static partial Regex PromptPrefix();

    private sealed record IndexedLine(int Number, string Text, string Hash, int Hunk, DiffLineKind Kind);

    /// <param name="AnchorNumber">The new-side line a finding on this removed line is placed on: the next line after the removal, else the one before it.</param>
    private sealed record RemovedLine(string Text, int AnchorNumber);

    private sealed class FileIndex
    {
        public FileIndex(FileChange file)
        {
            File = file;
            for (var h = 0; h < file.Hunks.Count; h++)
            {
                var hunk = file.Hunks[h];
                HunkStarts.Add(hunk.NewStart);
                HunkEnds.Add(hunk.NewStart + hunk.NewCount - 1);

                var pendingRemoved = new List<string>();
                var previous = (int?)null;
                foreach (var line in hunk.Lines)
                {
                    var text = line.Text.TrimEnd('\r');
                    if (line.NewNumber is not { } number)
                    {
                        pendingRemoved.Add(text);
                        continue;
                    }

                    var indexed = new IndexedLine(number, text, LineHash.Of(text), h, line.Kind);
                    Lines.Add(indexed);
                    LineAt.TryAdd(number, indexed);
                    Removed.AddRange(pendingRemoved.Select(r => new RemovedLine(r, number)));
                    pendingRemoved.Clear();
                    previous = number;
                }

                var tail = previous ?? Math.Max(hunk.NewStart, 1);
                Removed.AddRange(pendingRemoved.Select(r => new RemovedLine(r, tail)));
            }
        }

        public FileChange File { get; }
        public List<IndexedLine> Lines { get; } = [];
        public Dictionary<int, IndexedLine> LineAt { get; } = [];
        public List<RemovedLine> Removed { get; } = [];
        public List<int> HunkStarts { get; } = [];
        public List<int> HunkEnds { get; } = [];

        public int? HunkOf(int line)
        {
            for (var h = 0; h < HunkStarts.Count; h++)
            {
                if (line >= HunkStarts[h] && line <= HunkEnds[h])
                {
                    return h;
                }
            }

            return null;
        }
    }
}
