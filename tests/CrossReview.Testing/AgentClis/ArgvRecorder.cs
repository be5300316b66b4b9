using System.Globalization;
using System.Text;

namespace CrossReview.Testing.AgentClis;

/// <summary>
/// A temporary folder of wrapper scripts named like the real CLIs (<c>codex</c>, <c>claude</c>) that record the
/// arguments they were started with and <c>exec</c> the real binary. Put <see cref="Directory"/> first on PATH and the
/// code under test starts the wrapper as it would the CLI: the test then asserts on the real argv.
/// </summary>
/// <remarks>
/// Each run appends its argument count and then every argument, each ended by a NUL byte (the one byte no argument can
/// hold), so prompts, JSON and newlines in arguments come back intact. POSIX shells only.
/// </remarks>
public sealed class ArgvRecorder : IDisposable
{
    private ArgvRecorder(string directory)
    {
        Directory = directory;
    }

    /// <summary>The folder to put first on PATH.</summary>
    public string Directory { get; }

    /// <summary>Wrappers for <paramref name="names"/>, each exec-ing <see cref="AgentClis.PathOf"/> of the same name.</summary>
    public static ArgvRecorder Create(params string[] names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var recorder = new ArgvRecorder(System.IO.Directory.CreateTempSubdirectory("crossreview-argv-").FullName);
        foreach (var name in names)
        {
            recorder.Wrap(name, AgentClis.PathOf(name));
        }

        return recorder;
    }

    /// <summary>Writes a wrapper <paramref name="name"/> that records its argv and execs <paramref name="target"/>.</summary>
    public void Wrap(string name, string target)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("argv recording uses POSIX shell wrappers");
        }

        var script = $"""
            #!/bin/sh
            printf '%s\0' "$#" "$@" >> {Quote(LogPath(name))}
            exec {Quote(target)} "$@"

            """;
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, script.ReplaceLineEndings("\n"), new UTF8Encoding(false));
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary>PATH with <see cref="Directory"/> in front of <paramref name="path"/>.</summary>
    public string PathWith(string? path) =>
        string.IsNullOrEmpty(path) ? Directory : Directory + System.IO.Path.PathSeparator + path;

    /// <summary>Every argument list <paramref name="name"/> was started with, in order (without the program name).</summary>
    public IReadOnlyList<IReadOnlyList<string>> Invocations(string name)
    {
        var log = LogPath(name);
        if (!File.Exists(log))
        {
            return [];
        }

        var fields = File.ReadAllText(log, Encoding.UTF8).Split('\0');
        var runs = new List<IReadOnlyList<string>>();
        var index = 0;
        while (index < fields.Length - 1)
        {
            var count = int.Parse(fields[index], CultureInfo.InvariantCulture);
            runs.Add(fields[(index + 1)..(index + 1 + count)]);
            index += 1 + count;
        }

        return runs;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A wrapper still running keeps its log open on some systems; the temp folder is cleaned up later.
        }
    }

    private string LogPath(string name) => Path.Combine(Directory, name + ".argv");

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
