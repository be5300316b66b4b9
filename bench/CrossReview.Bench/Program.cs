// Acquiring a change: git alone against git + our parsing, side by side in one run, on a generated change of
// 2,000 files and 100,000 changed lines; then one reviewer against three side by side. Run with: dotnet run -c Release --project bench/CrossReview.Bench
using System.Diagnostics;
using System.Globalization;
using System.Text;
using CrossReview.Diffs;
using CrossReview.Git;

const int FileCount = 2000;
const int LinesPerFile = 120;
const int ChangedLinesPerFile = 25;
const int Iterations = 7;

var git = new GitCli();
var ct = CancellationToken.None;
var root = Directory.CreateTempSubdirectory("crossreview-bench-").FullName;
try
{
    Console.WriteLine($"generating {FileCount} files in {root}");
    await Git("init", "-q", "-b", "main");
    await Git("config", "user.name", "bench");
    await Git("config", "user.email", "bench@crossreview.invalid");
    await Git("config", "commit.gpgsign", "false");
    await Git("config", "core.autocrlf", "false");
    WriteFiles(changed: false);
    await Git("add", "-A");
    await Git("commit", "-q", "-m", "base");
    WriteFiles(changed: true);

    string[] diffOptions = ["--no-ext-diff", "--no-textconv", "--no-color", "-M"];
    var acquirer = new ChangeAcquirer();

    var uncommitted = await acquirer.AcquireAsync(TargetSpec.Uncommitted, root, TextReader.Null, ct);
    var changedLines = uncommitted.Files.Sum(f => f.Additions + f.Deletions);
    Console.WriteLine($"change: {uncommitted.Files.Count} files, {changedLines} changed lines, {uncommitted.DiffText.Length / 1024} KiB of diff");
    Console.WriteLine();

    var gitWorkTree = await MeasureAsync(() => RunGitDiscardingAsync(["diff", .. diffOptions, "HEAD"]));
    var oursWorkTree = await MeasureAsync(() => acquirer.AcquireAsync(TargetSpec.Uncommitted, root, TextReader.Null, ct));
    var parseOnly = await MeasureAsync(() => Task.FromResult(UnifiedDiffParser.Parse(uncommitted.DiffText)));
    var allocated = AllocatedBy(() => acquirer.AcquireAsync(TargetSpec.Uncommitted, root, TextReader.Null, ct).GetAwaiter().GetResult());
    var parseAllocated = AllocatedBy(() => UnifiedDiffParser.Parse(uncommitted.DiffText));

    await Git("add", "-A");
    await Git("commit", "-q", "-m", "change");
    var gitCommit = await MeasureAsync(() => RunGitDiscardingAsync(["diff", .. diffOptions, "HEAD^", "HEAD"]));
    var commitTarget = new TargetSpec(TargetKind.Commit, "HEAD");
    var oursCommit = await MeasureAsync(() => acquirer.AcquireAsync(commitTarget, root, TextReader.Null, ct));

    Console.WriteLine($"median of {Iterations} runs after one warm-up:");
    Console.WriteLine($"  uncommitted  git diff HEAD (to a pipe, discarded)   {Ms(gitWorkTree),9}");
    Console.WriteLine($"               ChangeAcquirer (git add -A to a scratch index + git diff --cached + parse)  {Ms(oursWorkTree),9}   ours/git = {Ratio(oursWorkTree, gitWorkTree)}");
    Console.WriteLine($"  commit       git diff HEAD^ HEAD (to a pipe, discarded)   {Ms(gitCommit),9}");
    Console.WriteLine($"               ChangeAcquirer (rev-parse + git diff + parse)   {Ms(oursCommit),9}   ours/git = {Ratio(oursCommit, gitCommit)}");
    Console.WriteLine($"  parse only   UnifiedDiffParser.Parse   {Ms(parseOnly),9}   ({changedLines / parseOnly.TotalSeconds / 1e6:F1} M changed lines/s)");
    Console.WriteLine();
    Console.WriteLine($"managed allocation, one uncommitted acquisition: {allocated / (1024.0 * 1024):F1} MiB (parse alone {parseAllocated / (1024.0 * 1024):F1} MiB)");
    Console.WriteLine($"peak working set of this process: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024):F0} MiB");
    Console.WriteLine();
    await CrossReview.Bench.ParallelReviewersBench.RunAsync(TimeSpan.FromSeconds(1));
}
finally
{
    Directory.Delete(root, recursive: true);
}

// Deterministic content: file i has LinesPerFile lines; the change rewrites ChangedLinesPerFile of them in place.
void WriteFiles(bool changed)
{
    var text = new StringBuilder();
    for (var i = 0; i < FileCount; i++)
    {
        text.Clear();
        var stride = LinesPerFile / ChangedLinesPerFile;
        for (var line = 0; line < LinesPerFile; line++)
        {
            var rewritten = changed && line % stride == (i % stride) && line / stride < ChangedLinesPerFile;
            text.Append(CultureInfo.InvariantCulture, $"    value_{i}_{line} = compute({line}, \"{(rewritten ? "changed" : "original")}\");\n");
        }

        var path = Path.Combine(root, $"module{i % 40:D2}", $"file{i:D4}.cs");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ToString());
    }
}

async Task Git(params string[] args) => await git.RunCheckedAsync(root, args, ct);

async Task RunGitDiscardingAsync(string[] args)
{
    var start = new ProcessStartInfo("git") { WorkingDirectory = root, RedirectStandardOutput = true, UseShellExecute = false };
    foreach (var arg in args)
    {
        start.ArgumentList.Add(arg);
    }

    using var process = Process.Start(start)!;
    await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, ct);
    await process.WaitForExitAsync(ct);
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"git {string.Join(' ', args)} exited with {process.ExitCode}");
    }
}

static async Task<TimeSpan> MeasureAsync(Func<Task> run)
{
    await run();
    var times = new List<TimeSpan>();
    for (var i = 0; i < Iterations; i++)
    {
        var watch = Stopwatch.StartNew();
        await run();
        times.Add(watch.Elapsed);
    }

    times.Sort();
    return times[times.Count / 2];
}

static long AllocatedBy(Action run)
{
    var before = GC.GetTotalAllocatedBytes(precise: true);
    run();
    return GC.GetTotalAllocatedBytes(precise: true) - before;
}

static string Ms(TimeSpan time) => $"{time.TotalMilliseconds:F1} ms";

static string Ratio(TimeSpan ours, TimeSpan theirs) => (ours / theirs).ToString("F2", CultureInfo.InvariantCulture);
