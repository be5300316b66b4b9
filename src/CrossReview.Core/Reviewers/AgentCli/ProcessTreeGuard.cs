using System.Diagnostics;
using System.Globalization;

namespace CrossReview.Reviewers.AgentCli;

/// <summary>
/// Watches the descendants of one child process so that none outlives it. Agent CLIs are trees (a node shim, a native
/// binary, the tools it runs); <see cref="Process.Kill(bool)"/> only finds the descendants still attached to the root
/// when it is called, so a tool whose parent already exited (after SIGINT, or an agent that exits and leaves a
/// background process holding its stdout open) would survive. On Linux this guard therefore samples the tree from
/// <c>/proc</c> while the child runs, remembers every descendant it saw (by id and start time, so a reused id is never
/// killed), kills them as soon as the root is gone, and on <see cref="DisposeAsync"/> kills what is left and waits
/// until all of it has exited. Elsewhere it relies on the root's tree kill alone.
/// </summary>
internal sealed class ProcessTreeGuard : IAsyncDisposable
{
    private static readonly TimeSpan SamplePeriod = TimeSpan.FromMilliseconds(100);

    /// <summary>A SIGKILLed process exits at once unless stuck in the kernel; this only bounds that rare case.</summary>
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(10);

    private readonly int _rootId;
    private readonly TimeProvider _timeProvider;
    private readonly Dictionary<int, ulong> _seen = [];
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private ulong? _rootStart;

    private ProcessTreeGuard(int rootId, TimeProvider timeProvider)
    {
        _rootId = rootId;
        _timeProvider = timeProvider;
        _rootStart = ProcStat.Read(rootId)?.StartTime;
        _sampling = OperatingSystem.IsLinux() ? SampleAsync(_stop.Token) : Task.CompletedTask;
    }

    /// <summary>Starts watching <paramref name="rootId"/>, a child process this process started and has not yet waited for.</summary>
    public static ProcessTreeGuard Watch(int rootId, TimeProvider timeProvider) => new(rootId, timeProvider);

    /// <summary>Kills every descendant still alive and returns once they have all exited (or <see cref="ExitWait"/> passed).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _sampling.ConfigureAwait(false);
        _stop.Dispose();
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        Sample();
        var alive = KillSeen();
        var deadline = _timeProvider.GetTimestamp();
        while (alive.Count > 0 && _timeProvider.GetElapsedTime(deadline) < ExitWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _timeProvider, CancellationToken.None).ConfigureAwait(false);
            alive.RemoveAll(p => !IsAlive(p.Id, p.StartTime));
        }
    }

    private async Task SampleAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(SamplePeriod, _timeProvider);
        try
        {
            do
            {
                Sample();
                if (!IsAlive(_rootId, _rootStart))
                {
                    // The root is gone: whatever it left behind has no one to end it and may hold its stdout open.
                    KillSeen();
                }
            }
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Disposal stops the sampling; the final sweep follows there.
        }
    }

    /// <summary>Adds every process whose parent is the root or a descendant seen before (also one the root has since lost).</summary>
    private void Sample()
    {
        var table = ProcStat.ReadAll();
        lock (_gate)
        {
            _rootStart ??= table.FirstOrDefault(s => s.Id == _rootId)?.StartTime;
            // A root that exited may have had its id reused: children of that newcomer are not ours.
            var rootStillHere = table.Any(s => s.Id == _rootId && (_rootStart is null || s.StartTime == _rootStart));
            bool added;
            do
            {
                added = false;
                foreach (var stat in table)
                {
                    if (stat.State == 'Z' || (_seen.TryGetValue(stat.Id, out var start) && start == stat.StartTime))
                    {
                        continue;
                    }

                    var parentIsOurs = (stat.ParentId == _rootId && rootStillHere) || _seen.ContainsKey(stat.ParentId);
                    if (parentIsOurs && stat.Id != _rootId)
                    {
                        _seen[stat.Id] = stat.StartTime;
                        added = true;
                    }
                }
            }
            while (added);
        }
    }

    private List<(int Id, ulong StartTime)> KillSeen()
    {
        List<(int Id, ulong StartTime)> seen;
        lock (_gate)
        {
            seen = [.. _seen.Select(p => (p.Key, p.Value))];
        }

        var alive = new List<(int Id, ulong StartTime)>();
        foreach (var (id, start) in seen)
        {
            if (!IsAlive(id, start))
            {
                continue;
            }

            try
            {
                using var process = Process.GetProcessById(id);
                // Checked again right before the signal: the id must still name the process we saw.
                if (IsAlive(id, start))
                {
                    process.Kill();
                }
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // It exited between the check and the kill.
            }

            alive.Add((id, start));
        }

        return alive;
    }

    /// <summary>A zombie has exited; only its parent's wait (or init's) is missing, and it holds nothing open.</summary>
    private static bool IsAlive(int id, ulong? startTime) =>
        ProcStat.Read(id) is { } stat && stat.State != 'Z' && (startTime is null || stat.StartTime == startTime);

    /// <summary>The fields of <c>/proc/PID/stat</c> this guard needs.</summary>
    private sealed record ProcStat(int Id, char State, int ParentId, ulong StartTime)
    {
        public static ProcStat? Read(int id)
        {
            try
            {
                return Parse(id, File.ReadAllText($"/proc/{id.ToString(CultureInfo.InvariantCulture)}/stat"));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }

        public static List<ProcStat> ReadAll()
        {
            var all = new List<ProcStat>();
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && Read(id) is { } stat)
                {
                    all.Add(stat);
                }
            }

            return all;
        }

        /// <summary>The command name may hold spaces and parentheses, so fields are counted from the last <c>)</c>.</summary>
        private static ProcStat? Parse(int id, string text)
        {
            var close = text.LastIndexOf(')');
            if (close < 0)
            {
                return null;
            }

            var fields = text[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            // After the name: state (field 3 of proc(5)), ppid (4), …, starttime (22).
            return fields.Length > 19
                && int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
                && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start)
                ? new ProcStat(id, fields[0][0], parent, start)
                : null;
        }
    }
}
