using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// Makes sure no process of one agent-CLI run outlives it. Agent CLIs are trees (a node shim, a native binary, the tools
/// it runs), and <see cref="Process.Kill(bool)"/> only finds descendants still attached to the root when it is called:
/// a tool whose parent already exited (after SIGINT, or an agent that exits and leaves a background process holding its
/// stdout open) has been handed to init and would survive. So every process of a run carries a marker variable,
/// inherited down the tree; on Linux this guard finds the marked processes in <c>/proc</c> and kills them as soon as the
/// root is gone (which also closes the stdout they hold) and again on <see cref="DisposeAsync"/>, which sweeps until a
/// sweep finds none (a process may start another between the listing and the kill) and returns only once all have
/// exited. Each run's variable has its own name (<see cref="MarkerPrefix"/> and an id), so a review started inside
/// another agent run adds its marker to the outer one's instead of replacing it, and both guards find its processes.
/// </summary>
/// <remarks>
/// What this cannot catch: a descendant that clears its environment (<c>env -i</c>) carries no marker, and once it has
/// also left the root's tree (its parent exited) nothing names it as ours; the runner then stops waiting for the stdout
/// it may hold shortly after the root exits, but the process itself lives on. Elsewhere than Linux there is no
/// <c>/proc</c> to search, and the root's tree kill (CliWrap's, at cancellation) is all there is.
/// </remarks>
internal sealed class ProcessTreeGuard : IAsyncDisposable
{
    /// <summary>The start of each run's marker variable; the rest is unique to the run, and the value is <c>1</c>.</summary>
    public const string MarkerPrefix = "CROSSREVIEW_AGENT_RUN_";

    /// <summary>Sweeps on disposal before giving up on a tree that keeps starting processes.</summary>
    private const int MaxSweeps = 10;

    private static readonly TimeSpan RootPollPeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>A SIGKILLed process exits at once unless stuck in the kernel; this only bounds that rare case.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly int _rootId;
    private readonly ulong? _rootStart;
    private readonly byte[] _marker;
    private readonly TimeProvider _timeProvider;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;

    private ProcessTreeGuard(int rootId, string marker, TimeProvider timeProvider)
    {
        _rootId = rootId;
        // NUL-led, so it matches a whole variable name in /proc/PID/environ (whose entries each end in a NUL).
        _marker = Encoding.UTF8.GetBytes($"\0{marker}=");
        _timeProvider = timeProvider;
        _rootStart = OperatingSystem.IsLinux() ? ProcStat.Read(rootId)?.StartTime : null;
        _polling = OperatingSystem.IsLinux() ? PollRootAsync(_stop.Token) : Task.CompletedTask;
    }

    /// <summary>A fresh marker variable name for one run: <see cref="MarkerPrefix"/> and a unique id.</summary>
    public static string NewMarker() => MarkerPrefix + Guid.NewGuid().ToString("N");

    /// <summary>Starts guarding the run whose root is <paramref name="rootId"/> and whose processes carry the variable <paramref name="marker"/>.</summary>
    public static ProcessTreeGuard Watch(int rootId, string marker, TimeProvider timeProvider) => new(rootId, marker, timeProvider);

    /// <summary>
    /// Kills every marked process still alive, sweeping again until a sweep finds none (at most <see cref="MaxSweeps"/>),
    /// and returns once they have all exited (or <see cref="ExitWait"/> passed).
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _polling.ConfigureAwait(false);
        _stop.Dispose();
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var started = _timeProvider.GetTimestamp();
        for (var sweep = 0; sweep < MaxSweeps; sweep++)
        {
            var alive = KillMarked();
            if (alive.Count == 0)
            {
                return;
            }

            while (alive.Count > 0 && _timeProvider.GetElapsedTime(started) < ExitWait)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(20), _timeProvider, CancellationToken.None).ConfigureAwait(false);
                alive.RemoveAll(p => !IsAlive(p.Id, p.StartTime));
            }
        }
    }

    private async Task PollRootAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(RootPollPeriod, _timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                if (!IsAlive(_rootId, _rootStart))
                {
                    // Whatever the root left behind has no one to end it and may hold its stdout open.
                    KillMarked();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposal stops the polling; its own sweep follows.
        }
    }

    /// <summary>Sends SIGKILL to every live process carrying this run's marker; returns them with their start times.</summary>
    private List<(int Id, ulong StartTime)> KillMarked()
    {
        var killed = new List<(int Id, ulong StartTime)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                || id == Environment.ProcessId
                || ProcStat.Read(id) is not { State: not 'Z' } stat
                || !Carries(directory))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(id);
                // Checked again right before the signal: the id must still name the process that carried the marker.
                if (IsAlive(id, stat.StartTime))
                {
                    process.Kill();
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It exited between the check and the kill.
            }

            killed.Add((id, stat.StartTime));
        }

        return killed;
    }

    private bool Carries(string procDirectory)
    {
        try
        {
            var environment = File.ReadAllBytes(Path.Combine(procDirectory, "environ"));
            return environment.AsSpan().IndexOf(_marker) >= 0 || environment.AsSpan().StartsWith(_marker.AsSpan(1));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another user's process, or one that just exited: not ours.
            return false;
        }
    }

    /// <summary>A zombie has exited; only its parent's wait (or init's) is missing, and it holds nothing open.</summary>
    private static bool IsAlive(int id, ulong? startTime) =>
        ProcStat.Read(id) is { } stat && stat.State != 'Z' && (startTime is null || stat.StartTime == startTime);

    /// <summary>The fields of <c>/proc/PID/stat</c> this guard needs.</summary>
    private sealed record ProcStat(char State, ulong StartTime)
    {
        public static ProcStat? Read(int id)
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{id.ToString(CultureInfo.InvariantCulture)}/stat");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            // The command name may hold spaces and parentheses, so fields are counted from the last ')': state is
            // field 3 of proc(5), starttime field 22.
            var close = text.LastIndexOf(')');
            var fields = close < 0 ? [] : text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? new ProcStat(fields[0][0], start)
                : null;
        }
    }
}
