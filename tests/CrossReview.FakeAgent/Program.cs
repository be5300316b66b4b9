using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace CrossReview.FakeAgent;

/// <summary>
/// A fake agent CLI. It is started under any name through a wrapper script (the dialect decides the arguments), so its
/// behaviour comes from environment variables:
/// <list type="bullet">
/// <item><c>FAKE_AGENT_MODE</c>: <c>review</c> (default), <c>hang</c>, <c>hang-with-child</c>, <c>exit-leaving-child</c>,
/// <c>crash</c>, <c>throw</c>, <c>garbage</c>, <c>huge</c>, <c>claude-no-structured-output</c>, <c>print</c>,
/// <c>exit-leaving-unmarked-child</c>.</item>
/// <item><c>print</c>: prints the files <c>FAKE_AGENT_STDOUT_FILE</c> and <c>FAKE_AGENT_STDERR_FILE</c> (each optional) and
/// exits with <c>FAKE_AGENT_EXIT</c> (0 by default): a recorded run of a real CLI, replayed.</item>
/// <item><c>exit-leaving-unmarked-child</c>: like <c>exit-leaving-child</c>, but the child's environment lacks every
/// <c>CROSSREVIEW_*</c> variable, as after <c>env -i</c>.</item>
/// <item><c>FAKE_AGENT_REVIEW</c> / <c>FAKE_AGENT_REVIEW_FILE</c>: what <c>review</c> prints.</item>
/// <item><c>FAKE_AGENT_RECORD</c>: a file that receives the argv, stdin, working directory and the variables named in
/// <c>FAKE_AGENT_RECORD_ENV</c> (comma-separated; a name ending in <c>*</c> is a prefix) as JSON, before the mode runs.</item>
/// <item><c>FAKE_AGENT_PIDS</c>: a file that receives the process ids this run started, one a line, once all are running.</item>
/// <item><c>FAKE_AGENT_IGNORE_SIGNALS=1</c>: SIGINT and SIGTERM are ignored, so only a forceful kill ends a hang.</item>
/// <item><c>FAKE_AGENT_HUGE_MIB</c>: how much <c>huge</c> prints (50 MiB by default).</item>
/// </list>
/// <c>--version</c> alone prints <see cref="Version"/>.
/// </summary>
public static class Program
{
    public const string Version = "fake-agent 1.2.3";

    public const string ModeVariable = "FAKE_AGENT_MODE";
    public const string ReviewVariable = "FAKE_AGENT_REVIEW";
    public const string ReviewFileVariable = "FAKE_AGENT_REVIEW_FILE";
    public const string RecordVariable = "FAKE_AGENT_RECORD";
    public const string RecordEnvironmentVariable = "FAKE_AGENT_RECORD_ENV";
    public const string PidsVariable = "FAKE_AGENT_PIDS";
    public const string IgnoreSignalsVariable = "FAKE_AGENT_IGNORE_SIGNALS";
    public const string HugeMibVariable = "FAKE_AGENT_HUGE_MIB";
    public const string StdoutFileVariable = "FAKE_AGENT_STDOUT_FILE";
    public const string StderrFileVariable = "FAKE_AGENT_STDERR_FILE";
    public const string ExitVariable = "FAKE_AGENT_EXIT";

    /// <summary>The result <c>claude -p --output-format json --json-schema</c> prints when the model answered in text: no <c>structured_output</c>.</summary>
    public const string ClaudeResultWithoutStructuredOutput = """
        {"type":"result","subtype":"success","is_error":false,"duration_ms":1200,"num_turns":2,"result":"The change looks fine to me.","stop_reason":"end_turn","session_id":"00000000-0000-0000-0000-000000000000","total_cost_usd":0.01,"usage":{"input_tokens":1200,"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"output_tokens":80},"modelUsage":{},"permission_denials":[]}
        """;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["--version"])
        {
            Console.WriteLine(Version);
            return 0;
        }

        // Kept alive for the whole run: disposing a registration restores the default action.
        using var sigint = IgnoreSignals() ? PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true) : null;
        using var sigterm = IgnoreSignals() ? PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => c.Cancel = true) : null;

        await RecordAsync(args);
        var mode = Environment.GetEnvironmentVariable(ModeVariable) ?? "review";
        switch (mode)
        {
            case "review":
                await Console.Out.WriteAsync(Review());
                return 0;
            case "hang":
                WritePids(Environment.ProcessId);
                return Hang();
            case "hang-with-child":
            {
                using var child = StartChild("hang");
                WritePids(Environment.ProcessId, child.Id);
                return Hang();
            }

            case "exit-leaving-child":
            {
                using var child = StartChild("hang");
                WritePids(Environment.ProcessId, child.Id);
                await Console.Out.WriteAsync(Review());
                return 0;
            }

            case "exit-leaving-unmarked-child":
            {
                using var child = StartChild("hang", unmarked: true);
                WritePids(Environment.ProcessId, child.Id);
                await Console.Out.WriteAsync(Review());
                return 0;
            }

            case "print":
                return await PrintAsync();
            case "crash":
                await Console.Error.WriteLineAsync("starting review");
                await Console.Error.WriteLineAsync("error: the model endpoint refused the request");
                await Console.Error.WriteLineAsync("fatal: giving up");
                return 3;
            case "throw":
                throw new InvalidOperationException("fake agent crashed on purpose");
            case "garbage":
                await Console.Out.WriteAsync("Sure! Here is my review: everything looks {great} but ]]] not json at all");
                return 0;
            case "huge":
                return PrintHuge();
            case "claude-no-structured-output":
                await Console.Out.WriteAsync(ClaudeResultWithoutStructuredOutput);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"fake agent: unknown {ModeVariable} '{mode}'");
                return 64;
        }
    }

    private static bool IgnoreSignals() => Environment.GetEnvironmentVariable(IgnoreSignalsVariable) == "1";

    private static string Review() =>
        Environment.GetEnvironmentVariable(ReviewFileVariable) is { Length: > 0 } file
            ? File.ReadAllText(file)
            : Environment.GetEnvironmentVariable(ReviewVariable) ?? """{"verdict":"approve","summary":"fake","findings":[]}""";

    /// <summary>Reads stdin to its end first: a reviewer that leaves stdin open makes this hang, which is what tests check.</summary>
    private static async Task RecordAsync(string[] args)
    {
        if (Environment.GetEnvironmentVariable(RecordVariable) is not { Length: > 0 } path)
        {
            return;
        }

        var stdin = await Console.In.ReadToEndAsync();
        var names = (Environment.GetEnvironmentVariable(RecordEnvironmentVariable) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
        var record = new Dictionary<string, object?>
        {
            ["argv"] = args,
            ["stdin"] = stdin,
            ["cwd"] = Directory.GetCurrentDirectory(),
            ["env"] = Recorded(names),
        };
        WriteAtomically(path, JsonSerializer.Serialize(record));
    }

    /// <summary>The named variables; for a name ending in <c>*</c>, every variable with that prefix.</summary>
    private static Dictionary<string, string?> Recorded(string[] names)
    {
        var all = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string?)e.Value);
        var recorded = new Dictionary<string, string?>();
        foreach (var name in names)
        {
            if (name.EndsWith('*'))
            {
                foreach (var (key, value) in all.Where(v => v.Key.StartsWith(name[..^1], StringComparison.Ordinal)))
                {
                    recorded[key] = value;
                }
            }
            else
            {
                recorded[name] = all.GetValueOrDefault(name);
            }
        }

        return recorded;
    }

    private static async Task<int> PrintAsync()
    {
        if (Environment.GetEnvironmentVariable(StdoutFileVariable) is { Length: > 0 } stdout)
        {
            await Console.Out.WriteAsync(await File.ReadAllTextAsync(stdout));
        }

        if (Environment.GetEnvironmentVariable(StderrFileVariable) is { Length: > 0 } stderr)
        {
            await Console.Error.WriteAsync(await File.ReadAllTextAsync(stderr));
        }

        return int.TryParse(Environment.GetEnvironmentVariable(ExitVariable), out var code) ? code : 0;
    }

    private static int Hang()
    {
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    /// <summary>A second fake in <c>hang</c> mode that inherits stdout and stderr, as an agent's tool processes do.</summary>
    private static Process StartChild(string mode, bool unmarked = false)
    {
        var info = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet") { UseShellExecute = false };
        info.ArgumentList.Add(typeof(Program).Assembly.Location);
        if (unmarked)
        {
            foreach (var name in info.Environment.Keys.Where(n => n.StartsWith("CROSSREVIEW_", StringComparison.Ordinal)).ToList())
            {
                info.Environment.Remove(name);
            }
        }

        info.Environment[ModeVariable] = mode;
        info.Environment.Remove(RecordVariable);
        info.Environment.Remove(PidsVariable);
        return Process.Start(info) ?? throw new InvalidOperationException("could not start the child process");
    }

    private static void WritePids(params int[] pids)
    {
        if (Environment.GetEnvironmentVariable(PidsVariable) is { Length: > 0 } path)
        {
            WriteAtomically(path, string.Join('\n', pids) + "\n");
        }
    }

    /// <summary>Tests poll for these files: they must never see half of one.</summary>
    private static void WriteAtomically(string path, string text)
    {
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, text, new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }

    private static int PrintHuge()
    {
        var mib = int.TryParse(Environment.GetEnvironmentVariable(HugeMibVariable), out var m) ? m : 50;
        var line = Encoding.ASCII.GetBytes(new string('x', 1023) + "\n");
        var chunk = new byte[1024 * 1024];
        for (var i = 0; i < chunk.Length; i += line.Length)
        {
            line.CopyTo(chunk, i);
        }

        using var stdout = Console.OpenStandardOutput();
        try
        {
            for (var i = 0; i < mib; i++)
            {
                stdout.Write(chunk);
            }
        }
        catch (IOException)
        {
            // The reader stopped listening (it caps what it keeps): nothing left to do.
            return 141;
        }

        return 0;
    }
}
