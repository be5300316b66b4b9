using System.Text.Json;

namespace CrossReview.Reviewers.Sarif;

/// <summary>
/// Turns a result's <c>artifactLocation</c> into a path relative to the repository root. Tools write locations three ways:
/// absolute <c>file://</c> URIs (Roslyn's <c>/errorlog</c>), relative URIs (Semgrep), and relative URIs under a
/// <c>uriBaseId</c> such as <c>%SRCROOT%</c> (CodeQL) that <c>run.originalUriBaseIds</c> may or may not define. An
/// undefined base id means the root the tool analyzed, which for a review is the repository root. URIs are
/// percent-decoded; Windows drive paths (<c>file:///C:/repo/a.cs</c>, <c>C:\repo\a.cs</c>) are compared ignoring case.
/// A log made on another machine (a CI runner's <c>/home/runner/work/…</c>, a container's <c>/src</c>) names roots that
/// are not this repository's: a base outside the repository is taken to be the repository as that machine saw it, and
/// an absolute path outside it is cut to its longest tail that names a file of the repository.
/// </summary>
internal sealed class SarifUriResolver
{
    /// <summary>Base ids may refer to other base ids; a log that loops is cut off here.</summary>
    private const int MaxBaseDepth = 8;

    private readonly string _root;
    private readonly JsonElement _run;

    /// <param name="repositoryRoot">Absolute path of the repository's top-level folder.</param>
    /// <param name="run">The run whose <c>originalUriBaseIds</c> and <c>artifacts</c> locations refer to.</param>
    public SarifUriResolver(string repositoryRoot, JsonElement run)
    {
        ArgumentNullException.ThrowIfNull(repositoryRoot);
        _root = Normalize(repositoryRoot.Replace('\\', '/')).TrimEnd('/');
        _run = run;
    }

    /// <summary>
    /// The repository-relative path (<c>/</c> separators), an absolute path for an artifact outside the repository (the
    /// anchorer refuses it), or null when the location names no file.
    /// </summary>
    public string? Resolve(JsonElement artifactLocation)
    {
        var (uri, baseId) = UriOf(artifactLocation);
        if (uri is null)
        {
            return null;
        }

        var path = ToPath(uri);
        if (path.Absolute)
        {
            return Inside(path.Value) ?? ForeignTail(path.Value) ?? Normalize(path.Value);
        }

        if (baseId is not null && ResolveBase(baseId, 0) is { } basePath)
        {
            var combined = basePath.Value.TrimEnd('/') + "/" + path.Value;
            if (!basePath.Absolute)
            {
                return Normalize(combined);
            }

            // A base outside the repository is where the tool ran elsewhere (%SRCROOT% = file:///home/runner/work/…):
            // the URI under it is the same file under this repository's root.
            return Inside(combined) ?? Normalize(path.Value);
        }

        return Normalize(path.Value);
    }

    /// <summary>
    /// The longest tail of an absolute path outside the repository that is a file of the repository
    /// (<c>/src/app/users.py</c> from a container → <c>app/users.py</c>), or null when no tail is.
    /// </summary>
    private string? ForeignTail(string absolute)
    {
        var segments = Normalize(absolute).Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var skip = 1; skip < segments.Length; skip++)
        {
            var tail = string.Join('/', segments[skip..]);
            if (File.Exists(Path.Combine(_root, tail)))
            {
                return tail;
            }
        }

        return null;
    }

    /// <summary><c>uri</c> and <c>uriBaseId</c> of a location; a location that only has an <c>index</c> borrows them from <c>run.artifacts</c>.</summary>
    private (string? Uri, string? BaseId) UriOf(JsonElement location)
    {
        if (location.ValueKind != JsonValueKind.Object)
        {
            return (null, null);
        }

        var uri = SarifJson.String(location, "uri");
        var baseId = SarifJson.String(location, "uriBaseId");
        if (uri is null
            && SarifJson.Int(location, "index") is { } index
            && SarifJson.Element(_run, "artifacts", index) is { } artifact
            && SarifJson.Property(artifact, "location") is { } artifactLocation)
        {
            uri = SarifJson.String(artifactLocation, "uri");
            baseId ??= SarifJson.String(artifactLocation, "uriBaseId");
        }

        return (uri, baseId);
    }

    private (bool Absolute, string Value)? ResolveBase(string baseId, int depth)
    {
        if (depth >= MaxBaseDepth
            || SarifJson.Property(_run, "originalUriBaseIds") is not { } bases
            || SarifJson.Property(bases, baseId) is not { } entry
            || SarifJson.String(entry, "uri") is not { } uri)
        {
            return null;
        }

        var path = ToPath(uri);
        if (path.Absolute)
        {
            return path;
        }

        if (SarifJson.String(entry, "uriBaseId") is { } parentId && ResolveBase(parentId, depth + 1) is { } parent)
        {
            return (parent.Absolute, parent.Value.TrimEnd('/') + "/" + path.Value);
        }

        return path;
    }

    /// <summary>A decoded path with <c>/</c> separators, and whether it is absolute (rooted, a drive path or a UNC share).</summary>
    private static (bool Absolute, string Value) ToPath(string uri)
    {
        var text = uri.Trim();
        if (text.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            text = text[5..];
            if (text.StartsWith("//", StringComparison.Ordinal))
            {
                // file:///path has an empty host; file://localhost/path names this machine; file://server/share is UNC.
                var afterSlashes = text[2..];
                if (afterSlashes.StartsWith('/'))
                {
                    text = afterSlashes;
                }
                else if (afterSlashes.StartsWith("localhost/", StringComparison.OrdinalIgnoreCase))
                {
                    text = afterSlashes["localhost".Length..];
                }
            }
        }

        var decoded = Uri.UnescapeDataString(text).Replace('\\', '/');
        if (decoded.Length >= 3 && decoded[0] == '/' && IsDrive(decoded.AsSpan(1)))
        {
            decoded = decoded[1..];
        }

        var absolute = decoded.StartsWith('/') || IsDrive(decoded);
        return (absolute, decoded);
    }

    /// <summary>The part of <paramref name="absolute"/> under the repository root, or null when it is outside.</summary>
    private string? Inside(string absolute)
    {
        var path = Normalize(absolute);
        var comparison = IsDrive(_root) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return _root.Length > 0 && path.StartsWith(_root + "/", comparison) ? path[(_root.Length + 1)..] : null;
    }

    /// <summary>Removes <c>.</c> segments, empty segments and <c>..</c> with their parent; a leading <c>..</c> is kept (it escapes and is refused later).</summary>
    private static string Normalize(string path)
    {
        var rooted = path.StartsWith('/');
        var unc = path.StartsWith("//", StringComparison.Ordinal);
        var segments = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == ".." && segments.Count > 0 && segments[^1] != "..")
            {
                segments.RemoveAt(segments.Count - 1);
                continue;
            }

            segments.Add(segment);
        }

        var joined = string.Join('/', segments);
        return unc ? "//" + joined : rooted ? "/" + joined : joined;
    }

    private static bool IsDrive(ReadOnlySpan<char> path) =>
        path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':' && (path.Length == 2 || path[2] == '/');
}
