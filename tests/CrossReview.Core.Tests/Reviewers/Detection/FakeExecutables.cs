namespace CrossReview.Tests.Reviewers.Detection;

/// <summary>A temporary folder of executables that print a line and exit, to stand in for agent CLIs on PATH.</summary>
internal sealed class FakeExecutables : IDisposable
{
    public FakeExecutables()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("crossreview-bin-").FullName;
    }

    public string Directory { get; }

    /// <summary>
    /// Adds an executable: a shell script whose body after the shebang is <paramref name="script"/>, or on Windows a
    /// <c>.cmd</c> shim (found through PATHEXT, as npm installs agent CLIs there) that prints a version.
    /// </summary>
    public string Add(string name, string script = "echo \"$0 1.0.0\"")
    {
        if (OperatingSystem.IsWindows())
        {
            var shim = Path.Combine(Directory, name + ".cmd");
            File.WriteAllText(shim, $"@echo {name} 1.0.0\r\n");
            return shim;
        }

        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
