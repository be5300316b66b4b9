using System.Text.Json;

namespace CrossReview.Reviewers.Sarif;

/// <summary>
/// Turns a result's <c>artifactLocation</c> into a path relative to the repository root. Tools write locations three ways:
/// absolute <c>file://</c> URIs (Roslyn's <c>/errorlog</c>), relative URIs (Semgrep), and relative URIs under a
/// <c>uriBaseId</c> such as <c>%SRCROOT%</c> (CodeQL) that <c>run.originalUriBaseIds</c> may or may not define. An
/// undefined base id means the root the tool analyzed, which for a review is the repository root. URIs are
/// percent-decoded; Windows drive paths (<c>file:///C:/repo/a.cs</c>, <c>C:\repo\a.cs</c>) are compared ignoring case.
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
            return Relativize(path.Value);
        }

        if (baseId is not null && ResolveBase(baseId, 0) is { } basePath)
        {
            var combined = basePath.Value.TrimEnd('/') + "/" + path.Value;
            return basePath.Absolute ? Relativize(combined) : Normalize(combined);
        }

        return Normalize(path.Value);
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

    /// <summary>The part of <paramref name="absolute"/> under the repository root, or the normalized absolute path when it is outside.</summary>
    private string Relativize(string absolute)
    {
        var path = Normalize(absolute);
        var comparison = IsDrive(_root) ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        if (_root.Length > 0 && path.StartsWith(_root + "/", comparison))
        {
            return path[(_root.Length + 1)..];
        }

        return path;
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
