using System.Net;
using System.Net.Sockets;
using CrossReview.Reviewers.AgentCli;

namespace CrossReview.Tests;

/// <summary>
/// An environment for the CLI process with nothing of the real machine in it: PATH holds only git and the fake agent
/// CLIs a test adds, HOME is an empty temporary folder, OLLAMA_HOST a port nobody listens on.
/// </summary>
internal sealed class IsolatedMachine : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("crossreview-machine-").FullName;

    public IsolatedMachine()
    {
        Directory.CreateDirectory(Bin);
        Directory.CreateDirectory(Home);
        var git = ExecutableLocator.Find("git", System.Environment.GetEnvironmentVariable) ?? throw new InvalidOperationException("git is not on PATH");
        File.CreateSymbolicLink(Path.Combine(Bin, Path.GetFileName(git)), git);
        Environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["PATH"] = Bin,
            ["HOME"] = Home,
            ["OLLAMA_HOST"] = ClosedPort(),
        };
    }

    public string Bin => Path.Combine(_root, "bin");

    public string Home => Path.Combine(_root, "home");

    /// <summary>Appended to by every fake agent CLI when it starts: a dry run must leave it absent.</summary>
    public string StartedLog => Path.Combine(_root, "started.log");

    public Dictionary<string, string?> Environment { get; }

    /// <summary>A fake agent CLI that logs its start and prints a version (a <c>.cmd</c> shim on Windows).</summary>
    public void AddAgent(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(Path.Combine(Bin, name + ".cmd"), $"@echo {name} %* >> \"{StartedLog}\"\r\n@echo {name} 1.0.0\r\n");
            return;
        }

        var path = Path.Combine(Bin, name);
        File.WriteAllText(path, $"#!/bin/sh\necho \"{name} $*\" >> '{StartedLog}'\necho '{name} 1.0.0'\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public Dictionary<string, string?> With(params (string Name, string? Value)[] variables)
    {
        var copy = new Dictionary<string, string?>(Environment, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            copy[name] = value;
        }

        return copy;
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}";
    }
}
