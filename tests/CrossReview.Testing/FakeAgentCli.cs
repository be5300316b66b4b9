using System.Text;
using FakeAgentProgram = CrossReview.FakeAgent.Program;

namespace CrossReview.Testing;

/// <summary>
/// Puts the fake agent (tests/CrossReview.FakeAgent) on disk under any name (<c>codex</c>, <c>claude</c>,
/// <c>my-reviewer</c>), so a test can put that directory first on PATH and the code under test starts it as if it were
/// the real tool. Its behaviour is chosen with the <c>FAKE_AGENT_*</c> variables (see <see cref="FakeAgentProgram"/>).
/// </summary>
public static class FakeAgentCli
{
    /// <summary>The fake's entry assembly, run with <c>dotnet DLL</c>.</summary>
    public static string DllPath { get; } = typeof(FakeAgentProgram).Assembly.Location;

    /// <summary>
    /// The dotnet host running the tests: the wrapper names it by full path, so a test may give the code under test a
    /// PATH without dotnet on it.
    /// </summary>
    private static string DotnetPath { get; } =
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    /// <summary>
    /// Writes an executable <paramref name="name"/> into <paramref name="directory"/> that execs the fake with all its
    /// arguments, after setting <paramref name="environment"/>. The wrapper execs, so the fake keeps the wrapper's
    /// process id. Returns the wrapper's full path.
    /// </summary>
    public static string WriteExecutable(string directory, string name, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(name);
        Directory.CreateDirectory(directory);
        var script = new StringBuilder();
        if (OperatingSystem.IsWindows())
        {
            var path = Path.Combine(directory, name + ".cmd");
            script.Append("@echo off\r\n");
            foreach (var (key, value) in environment ?? new Dictionary<string, string>())
            {
                script.Append(System.Globalization.CultureInfo.InvariantCulture, $"set \"{key}={value}\"\r\n");
            }

            script.Append(System.Globalization.CultureInfo.InvariantCulture, $"\"{DotnetPath}\" \"{DllPath}\" %*\r\n");
            File.WriteAllText(path, script.ToString());
            return path;
        }

        var file = Path.Combine(directory, name);
        script.Append("#!/bin/sh\n");
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            script.Append(System.Globalization.CultureInfo.InvariantCulture, $"export {key}={Quote(value)}\n");
        }

        script.Append(System.Globalization.CultureInfo.InvariantCulture, $"exec {Quote(DotnetPath)} {Quote(DllPath)} \"$@\"\n");
        File.WriteAllText(file, script.ToString(), new UTF8Encoding(false));
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        return file;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
