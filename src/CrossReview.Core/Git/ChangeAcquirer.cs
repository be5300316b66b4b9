using CrossReview.Diffs;

namespace CrossReview.Git;

/// <summary>
/// Turns a review target into a parsed change by asking git (DESIGN §2 TARGET). Working-tree targets include
/// untracked files: they are staged into a throw-away copy of the index, so the user's real index is never touched.
/// </summary>
public sealed class ChangeAcquirer
{
    /// <summary>
    /// Options that make git's output depend on the change only, not on the user's diff configuration: no external
    /// diff drivers or textconv filters, no colour, the usual a/ b/ prefixes, whole-repository paths, rename detection.
    /// </summary>
    private static readonly string[] DiffOptions =
    [
        "--no-ext-diff", "--no-textconv", "--no-color", "--no-relative", "--submodule=short",
        "--src-prefix=a/", "--dst-prefix=b/", "-M",
    ];

    private readonly GitCli _git;

    public ChangeAcquirer()
        : this(new GitCli())
    {
    }

    internal ChangeAcquirer(GitCli git)
    {
        _git = git;
    }

    /// <param name="workingDirectory">The folder the command runs in (<c>-C DIR</c>).</param>
    /// <param name="stdin">Where <c>--diff -</c> reads the patch from.</param>
    /// <exception cref="InputException">Not a repository, an unknown revision, an unreadable patch, or git missing.</exception>
    /// <exception cref="DiffFormatException">A patch given with <c>--diff</c> is not a diff.</exception>
    public async Task<AcquiredChange> AcquireAsync(TargetSpec target, string workingDirectory, TextReader stdin, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(workingDirectory);
        ArgumentNullException.ThrowIfNull(stdin);
        workingDirectory = Path.GetFullPath(workingDirectory);

        if (target.Kind == TargetKind.Diff)
        {
            return await AcquirePatchAsync(target, workingDirectory, stdin, cancellationToken);
        }

        var root = await FindRootAsync(workingDirectory, cancellationToken)
            ?? throw new InputException($"not a git repository: {workingDirectory}");

        return target.Kind switch
        {
            TargetKind.Uncommitted => await AcquireUncommittedAsync(root, cancellationToken),
            TargetKind.Base => await AcquireBaseAsync(root, RequireValue(target, "--base"), cancellationToken),
            TargetKind.Commit => await AcquireCommitAsync(root, RequireValue(target, "--commit"), cancellationToken),
            TargetKind.Range => await AcquireRangeAsync(root, RequireValue(target, "--range"), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(target), target.Kind, "unknown target kind"),
        };
    }

    private async Task<AcquiredChange> AcquireUncommittedAsync(string root, CancellationToken cancellationToken)
    {
        var head = await TryResolveCommitAsync(root, "HEAD", cancellationToken);
        var against = head ?? await EmptyTreeAsync(root, cancellationToken);
        var diff = await DiffWorkingTreeAsync(root, against, cancellationToken);
        return Build(TargetKind.Uncommitted, head, null, root, diff);
    }

    private async Task<AcquiredChange> AcquireBaseAsync(string root, string reference, CancellationToken cancellationToken)
    {
        var resolved = await ResolveCommitAsync(root, reference, cancellationToken);
        var head = await TryResolveCommitAsync(root, "HEAD", cancellationToken)
            ?? throw new InputException($"HEAD has no commit yet: nothing to compare with '{reference}'");
        var mergeBase = await MergeBaseAsync(root, resolved, head, reference, "HEAD", cancellationToken);
        var diff = await DiffWorkingTreeAsync(root, mergeBase, cancellationToken);
        return Build(TargetKind.Base, mergeBase, null, root, diff);
    }

    private async Task<AcquiredChange> AcquireCommitAsync(string root, string commit, CancellationToken cancellationToken)
    {
        var resolved = await ResolveCommitAsync(root, commit, cancellationToken);

        // A root commit has no parent: it added everything to the empty tree. A merge is shown against its first parent.
        var parent = await TryResolveCommitAsync(root, resolved + "^1", cancellationToken);
        var against = parent ?? await EmptyTreeAsync(root, cancellationToken);
        var diff = await _git.RunCheckedAsync(root, ["diff", .. DiffOptions, against, resolved, "--"], cancellationToken);
        return Build(TargetKind.Commit, parent, resolved, root, diff);
    }

    private async Task<AcquiredChange> AcquireRangeAsync(string root, string range, CancellationToken cancellationToken)
    {
        var symmetric = range.Contains("...", StringComparison.Ordinal);
        var separator = symmetric ? "..." : "..";
        var at = range.IndexOf(separator, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InputException($"--range expects A..B or A...B, got '{range}'");
        }

        // As in git, an empty side of the range means HEAD.
        var from = at == 0 ? "HEAD" : range[..at];
        var to = at + separator.Length == range.Length ? "HEAD" : range[(at + separator.Length)..];
        var fromId = await ResolveCommitAsync(root, from, cancellationToken);
        var toId = await ResolveCommitAsync(root, to, cancellationToken);
        var baseId = symmetric ? await MergeBaseAsync(root, fromId, toId, from, to, cancellationToken) : fromId;
        var diff = await _git.RunCheckedAsync(root, ["diff", .. DiffOptions, baseId, toId, "--"], cancellationToken);
        return Build(TargetKind.Range, baseId, toId, root, diff);
    }

    private async Task<AcquiredChange> AcquirePatchAsync(TargetSpec target, string workingDirectory, TextReader stdin, CancellationToken cancellationToken)
    {
        var source = RequireValue(target, "--diff");
        string text;
        if (source == "-")
        {
            text = await stdin.ReadToEndAsync(cancellationToken);
        }
        else
        {
            var path = Path.GetFullPath(source, workingDirectory);
            try
            {
                text = await File.ReadAllTextAsync(path, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InputException($"cannot read diff file {source}: {ex.Message}", ex);
            }
        }

        var files = UnifiedDiffParser.Parse(text);
        string? root;
        try
        {
            root = await FindRootAsync(workingDirectory, cancellationToken);
        }
        catch (InputException)
        {
            // A patch stands on its own: without git, or in a repository git refuses to read, it simply has no repository.
            root = null;
        }

        return new AcquiredChange(TargetKind.Diff, null, null, root, text, files);
    }

    /// <summary>
    /// Diffs <paramref name="against"/> with the working tree, untracked files included and .gitignore respected:
    /// <c>git add -A</c> into a copy of the index, then <c>git diff --cached</c>. Staging is what gets renames of
    /// untracked files and binary detection right, and the copy keeps the user's staging area as it was.
    /// </summary>
    private async Task<string> DiffWorkingTreeAsync(string root, string against, CancellationToken cancellationToken)
    {
        var indexPath = (await _git.RunCheckedAsync(root, ["rev-parse", "--git-path", "index"], cancellationToken)).TrimEnd('\n', '\r');
        indexPath = Path.GetFullPath(indexPath, root);

        var scratch = Directory.CreateTempSubdirectory("crossreview-index-");
        try
        {
            var tempIndex = Path.Combine(scratch.FullName, "index");
            if (File.Exists(indexPath))
            {
                File.Copy(indexPath, tempIndex);
            }

            // safecrlf=true would make "add" refuse files whose line endings autocrlf converts; we only read them.
            await _git.RunCheckedAsync(root, ["-c", "core.safecrlf=false", "add", "-A", "--", "."], cancellationToken, tempIndex);
            return await _git.RunCheckedAsync(root, ["diff", "--cached", .. DiffOptions, against, "--"], cancellationToken, tempIndex);
        }
        finally
        {
            scratch.Delete(recursive: true);
        }
    }

    private async Task<string?> FindRootAsync(string workingDirectory, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(workingDirectory))
        {
            return null;
        }

        var result = await _git.RunAsync(workingDirectory, ["rev-parse", "--show-toplevel"], cancellationToken);
        if (!result.Succeeded)
        {
            return result.Stderr.Contains("not a git repository", StringComparison.OrdinalIgnoreCase)
                ? null
                : throw new InputException(GitCli.Describe(["rev-parse"], result));
        }

        var top = result.Stdout.TrimEnd('\n', '\r');
        return top.Length == 0 ? null : Path.GetFullPath(top);
    }

    private async Task<string> ResolveCommitAsync(string root, string revision, CancellationToken cancellationToken) =>
        await TryResolveCommitAsync(root, revision, cancellationToken)
        ?? throw new InputException($"unknown revision '{revision}'");

    private async Task<string?> TryResolveCommitAsync(string root, string revision, CancellationToken cancellationToken)
    {
        // A leading '-' would be read as an option; no branch, tag or id starts with one.
        if (revision.Length == 0 || revision.StartsWith('-'))
        {
            return null;
        }

        var result = await _git.RunAsync(root, ["rev-parse", "--verify", "--quiet", revision + "^{commit}"], cancellationToken);
        var id = result.Stdout.Trim();
        return result.Succeeded && id.Length > 0 ? id : null;
    }

    private async Task<string> MergeBaseAsync(string root, string a, string b, string aName, string bName, CancellationToken cancellationToken)
    {
        var result = await _git.RunAsync(root, ["merge-base", a, b], cancellationToken);
        var id = result.Stdout.Trim();
        return result.Succeeded && id.Length > 0 ? id : throw new InputException($"'{aName}' and '{bName}' have no common ancestor");
    }

    /// <summary>The id of the empty tree in this repository's hash (SHA-1 or SHA-256).</summary>
    private async Task<string> EmptyTreeAsync(string root, CancellationToken cancellationToken) =>
        (await _git.RunCheckedAsync(root, ["hash-object", "-t", "tree", "--stdin"], cancellationToken)).Trim();

    private static AcquiredChange Build(TargetKind kind, string? baseId, string? headId, string root, string diff) =>
        new(kind, baseId, headId, root, diff, UnifiedDiffParser.Parse(diff));

    private static string RequireValue(TargetSpec target, string option) =>
        string.IsNullOrEmpty(target.Value) ? throw new InputException($"{option} needs a value") : target.Value;
}
