using System.Diagnostics;
using System.Text;

namespace CrossReview.Testing;

/// <summary>
/// A git repository in a temporary folder, deleted on dispose. Its git calls ignore the machine's global and system
/// configuration; the identity and line-ending settings are written to the repository's own config, so other code
/// running git in it (the code under test) sees the same settings.
/// </summary>
public sealed class TempGitRepo : IDisposable
{
    private static readonly string EmptyGlobalConfig = CreateEmptyConfig();

    private TempGitRepo(string root)
    {
        Root = root;
    }

    /// <summary>The repository's top-level folder, as <c>git rev-parse --show-toplevel</c> names it.</summary>
    public string Root { get; private set; }

    /// <param name="objectFormat">The hash git uses (<c>sha1</c> or <c>sha256</c>); git's default when null.</param>
    public static async Task<TempGitRepo> CreateAsync(string? objectFormat = null)
    {
        var repo = new TempGitRepo(Directory.CreateTempSubdirectory("crossreview-repo-").FullName);
        try
        {
            await repo.GitAsync(objectFormat is null ? ["init", "-q", "-b", "main"] : ["init", "-q", "-b", "main", "--object-format=" + objectFormat]);
            await repo.GitAsync("config", "user.name", "CrossReview Tests");
            await repo.GitAsync("config", "user.email", "tests@crossreview.invalid");
            await repo.GitAsync("config", "commit.gpgsign", "false");
            await repo.GitAsync("config", "core.autocrlf", "false");
            repo.Root = Path.GetFullPath((await repo.GitAsync("rev-parse", "--show-toplevel")).Trim());
            return repo;
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    /// <summary>Writes <paramref name="content"/> byte for byte as UTF-8 (no BOM, no newline translation).</summary>
    public string WriteFile(string relativePath, string content) =>
        WriteFile(relativePath, new UTF8Encoding(false).GetBytes(content));

    public string WriteFile(string relativePath, byte[] content)
    {
        var path = FullPath(relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public void DeleteFile(string relativePath) => File.Delete(FullPath(relativePath));

    public string FullPath(string relativePath) => Path.Combine(Root, relativePath);

    /// <summary>Runs git in <see cref="Root"/> and returns its stdout; a non-zero exit throws with git's stderr.</summary>
    public async Task<string> GitAsync(params string[] args)
    {
        var (exitCode, stdout, stderr) = await RunAsync("git", args);
        return exitCode == 0
            ? stdout
            : throw new InvalidOperationException($"git {string.Join(' ', args)} exited with {exitCode}: {stderr.Trim()}");
    }

    /// <summary>
    /// Runs any program in <see cref="Root"/> with the same isolated git environment and returns what it did, for
    /// commands whose non-zero exit means something (<c>diff</c> and <c>git diff --no-index</c> exit 1 on differences).
    /// </summary>
    public async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, params string[] args)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["GIT_CONFIG_GLOBAL"] = EmptyGlobalConfig;
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["LC_ALL"] = "C";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{fileName} did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Stages everything and commits it; returns the new commit's full id.</summary>
    public async Task<string> CommitAllAsync(string message)
    {
        await GitAsync("add", "-A");
        await GitAsync("commit", "-q", "--allow-empty", "--no-verify", "-m", message);
        return (await GitAsync("rev-parse", "HEAD")).Trim();
    }

    public void Dispose()
    {
        if (!Directory.Exists(Root))
        {
            return;
        }

        // Git writes its objects read-only, which Windows refuses to delete.
        if (OperatingSystem.IsWindows())
        {
            foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal);
            }
        }

        Directory.Delete(Root, recursive: true);
    }

    private static string CreateEmptyConfig()
    {
        var path = Path.Combine(Path.GetTempPath(), "crossreview-empty-gitconfig");
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, []);
        }

        return path;
    }
}
