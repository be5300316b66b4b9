using System.Globalization;
using System.Text.RegularExpressions;
using CrossReview.Diffs;
using CrossReview.Git;

namespace CrossReview.Planning;

/// <summary>
/// Finds where the repository uses what a change defines or modifies, for the panel's <c>callers</c> role. Symbols
/// are read from the change with a language-agnostic heuristic (definition keywords, method shapes, the enclosing
/// function git names in each hunk header); each is searched as a fixed whole word with <c>git grep</c>, so a name
/// is never read as a pattern. Both searches are bounded: the prompt gets evidence, not an index of the repository.
/// </summary>
internal sealed partial class CallerFinder
{
    public const int DefaultMaxSymbols = 12;
    public const int DefaultMaxSitesPerSymbol = 8;

    /// <summary>Shorter names match too much unrelated text to be worth a search.</summary>
    private const int MinSymbolLength = 3;

    /// <summary>Words the shapes below can capture that are keywords or calls, not names a change defines.</summary>
    private static readonly HashSet<string> NotSymbols = new(StringComparer.Ordinal)
    {
        "if", "for", "foreach", "while", "switch", "catch", "return", "new", "using", "lock", "fixed", "function", "sizeof",
        "typeof", "nameof", "await", "else", "try", "with", "yield", "not", "and", "var", "let", "const", "this", "self",
        "super", "null", "true", "false", "def", "class", "struct", "interface", "enum", "record", "void", "static", "public",
        "private", "protected", "internal", "async", "get", "set", "init", "value", "base", "throw", "delete", "import",
        "export", "from", "default", "case", "when", "where", "select", "print", "echo", "object", "string", "int", "bool",
    };

    private readonly GitCli _git;
    private readonly int _maxSymbols;
    private readonly int _maxSitesPerSymbol;

    public CallerFinder(GitCli git, int maxSymbols = DefaultMaxSymbols, int maxSitesPerSymbol = DefaultMaxSitesPerSymbol)
    {
        ArgumentNullException.ThrowIfNull(git);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSymbols);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSitesPerSymbol);
        _git = git;
        _maxSymbols = maxSymbols;
        _maxSitesPerSymbol = maxSitesPerSymbol;
    }

    /// <summary>
    /// Call sites of the change's symbols (at most <c>maxSymbols</c> symbols, <c>maxSitesPerSymbol</c> sites each), in
    /// the tree the change produced: its head commit, else the working tree. Lines the change added are not call sites,
    /// nor are lines that define the symbol (its own definition above a changed body, for one), nor files the plan
    /// skips or the default filters exclude (lockfiles, generated, vendored). A change with no
    /// repository (a patch read from a file) has none.
    /// </summary>
    public async Task<IReadOnlyList<CallSite>> FindAsync(ReviewPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var root = plan.Change.RepositoryRoot;
        if (root is null || _maxSitesPerSymbol == 0)
        {
            return [];
        }

        var addedLines = plan.Files
            .SelectMany(f => f.File.Hunks.SelectMany(h => h.Lines)
                .Where(l => l.Kind == DiffLineKind.Added && l.NewNumber is not null)
                .Select(l => (f.File.Path, Line: l.NewNumber!.Value)))
            .ToHashSet();
        var skippedFiles = plan.Files.Where(f => !f.Reviewed).Select(f => f.File.Path).ToHashSet(StringComparer.Ordinal);

        var sites = new List<CallSite>();
        foreach (var symbol in ChangedSymbols(plan).Take(_maxSymbols))
        {
            var found = 0;
            foreach (var site in await GrepAsync(root, plan.Change.Head, symbol, cancellationToken))
            {
                if (addedLines.Contains((site.File, site.Line)) || skippedFiles.Contains(site.File) || IsFilteredByDefault(site.File)
                    || Definitions(site.Text).Contains(symbol, StringComparer.Ordinal))
                {
                    continue;
                }

                sites.Add(site);
                if (++found == _maxSitesPerSymbol)
                {
                    break;
                }
            }
        }

        return sites;
    }

    /// <summary>
    /// Names defined or modified by the change, in order of first appearance, without duplicates: definitions on
    /// added and removed lines (a removed or renamed definition is the one whose callers break) and the definition
    /// each changed line sits under (the nearest definition line above it in the hunk, else the one git's hunk
    /// header names). Files the plan skips contribute nothing, except deleted ones: their callers are exactly what
    /// breaks.
    /// </summary>
    public static IReadOnlyList<string> ChangedSymbols(ReviewPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var symbols = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in plan.Files.Where(f => f.Reviewed || f.SkipReason == ReviewPlanner.Deleted))
        {
            foreach (var hunk in file.File.Hunks)
            {
                // The enclosing definition: git's hunk header names the one above the hunk, a definition line inside
                // the hunk replaces it. A body edit changes that function's meaning for its callers.
                var enclosing = Definitions(hunk.Section).LastOrDefault();
                foreach (var line in hunk.Lines)
                {
                    var defined = Definitions(line.Text).ToList();
                    if (line.Kind != DiffLineKind.Context)
                    {
                        foreach (var name in enclosing is null ? defined : defined.Append(enclosing))
                        {
                            if (seen.Add(name))
                            {
                                symbols.Add(name);
                            }
                        }
                    }

                    enclosing = defined.LastOrDefault() ?? enclosing;
                }
            }
        }

        return symbols;
    }

    /// <summary>The names a line of code defines, by the shapes definitions take across common languages.</summary>
    internal static IEnumerable<string> Definitions(string line) =>
        new[] { KeywordDefinition(), MemberDefinition(), FunctionValue(), BlockMethod() }
            .SelectMany(shape => shape.Matches(line))
            .Select(m => m.Groups["name"].Value)
            .Where(name => name.Length >= MinSymbolLength && !NotSymbols.Contains(name))
            .Distinct(StringComparer.Ordinal);

    private async Task<IReadOnlyList<CallSite>> GrepAsync(string root, string? head, string symbol, CancellationToken cancellationToken)
    {
        // -z keeps paths unquoted and separates path, line and text with NULs; -F and -w make the name a literal
        // whole word; -I skips binary files. A head commit is searched as a tree; the working tree also includes
        // untracked (not ignored) files, since an uncommitted change can add them.
        List<string> arguments = ["grep", "-z", "-n", "-I", "-w", "-F", "--full-name", "--no-color"];
        if (head is null)
        {
            arguments.Add("--untracked");
        }

        arguments.Add("-e");
        arguments.Add(symbol);
        if (head is not null)
        {
            arguments.Add(head);
        }

        arguments.Add("--");
        var result = await _git.RunAsync(root, arguments, cancellationToken);

        // git grep exits 1 when nothing matches.
        if (result.ExitCode == 1 && result.Stderr.Length == 0)
        {
            return [];
        }

        if (!result.Succeeded)
        {
            throw new InputException(GitCli.Describe(arguments, result));
        }

        var prefix = head is null ? string.Empty : head + ":";
        var sites = new List<CallSite>();
        foreach (var record in result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = record.Split('\0', 3);
            if (parts.Length < 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var line))
            {
                continue;
            }

            var path = parts[0].StartsWith(prefix, StringComparison.Ordinal) ? parts[0][prefix.Length..] : parts[0];
            sites.Add(new CallSite(symbol, path, line, parts[2].Trim()));
        }

        return sites;
    }

    private static bool IsFilteredByDefault(string path) => DefaultPathFilters.All.Any(f => f.Glob.IsMatch(path));

    /// <summary><c>def name</c>, <c>func (r *T) Name</c>, <c>class Name</c>, <c>fn name</c>, <c>type Name</c> and the like.</summary>
    [GeneratedRegex(@"\b(?:def|function|func|fun|fn|class|struct|interface|enum|record|trait|type|module|protocol|macro|sub)\s+(?:\([^)]*\)\s*)?\*?(?<name>[A-Za-z_$][\w$]*)")]
    private static partial Regex KeywordDefinition();

    /// <summary>C#, Java, Kotlin and TypeScript members: modifiers, an optional return type, then the name and its parameters.</summary>
    [GeneratedRegex(@"^\s*(?:(?:public|private|protected|internal|static|virtual|override|abstract|sealed|final|async|export|default|readonly|partial|extern|unsafe|synchronized|native|open|suspend|inline|void)\s+)+(?:[\w<>\[\],.?]+\s+)*?(?<name>[A-Za-z_$][\w$]*)\s*(?:<[^<>()]*>)?\s*\(")]
    private static partial Regex MemberDefinition();

    /// <summary>JavaScript and TypeScript functions held in a variable: <c>const name = (a) =&gt;</c>, <c>let name = function</c>.</summary>
    [GeneratedRegex(@"\b(?:const|let|var)\s+(?<name>[A-Za-z_$][\w$]*)\s*(?::[^=]+)?=\s*(?:async\s*)?(?:function\b|\([^()]*\)\s*(?::[^=]+)?=>|[A-Za-z_$][\w$]*\s*=>)")]
    private static partial Regex FunctionValue();

    /// <summary>A method whose body opens on the same line without modifiers (JavaScript and TypeScript class methods): <c>name(a, b) {</c>.</summary>
    [GeneratedRegex(@"^\s*(?:(?:async|static|get|set)\s+)*(?<name>[A-Za-z_$][\w$]*)\s*\([^()]*\)\s*(?::\s*[^{;]+)?\{\s*$")]
    private static partial Regex BlockMethod();
}
