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
/// root is gone (which also closes the stdout they hold) and again on <see cref="DisposeAsync"/>, which returns only
/// once all of them have exited. Elsewhere the root's tree kill is all there is.
/// </summary>
internal sealed class ProcessTreeGuard : IAsyncDisposable
{
    /// <summary>Set in the environment of every run to a value unique to it.</summary>
    public const string MarkerVariable = "CROSSREVIEW_AGENT_RUN";

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
        _marker = Encoding.UTF8.GetBytes($"{MarkerVariable}={marker}");
        _timeProvider = timeProvider;
        _rootStart = OperatingSystem.IsLinux() ? ProcStat.Read(rootId)?.StartTime : null;
        _polling = OperatingSystem.IsLinux() ? PollRootAsync(_stop.Token) : Task.CompletedTask;
    }

    /// <summary>A fresh value for <see cref="MarkerVariable"/>.</summary>
    public static string NewMarker() => Guid.NewGuid().ToString("N");

    /// <summary>Starts guarding the run whose root is <paramref name="rootId"/> and whose processes carry <paramref name="marker"/>.</summary>
    public static ProcessTreeGuard Watch(int rootId, string marker, TimeProvider timeProvider) => new(rootId, marker, timeProvider);

    /// <summary>Kills every marked process still alive and returns once they have all exited (or <see cref="ExitWait"/> passed).</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        await _polling.ConfigureAwait(false);
        _stop.Dispose();
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var alive = KillMarked();
        var started = _timeProvider.GetTimestamp();
        while (alive.Count > 0 && _timeProvider.GetElapsedTime(started) < ExitWait)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), _timeProvider, CancellationToken.None).ConfigureAwait(false);
            alive.RemoveAll(p => !IsAlive(p.Id, p.StartTime));
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
            return environment.AsSpan().IndexOf(_marker) >= 0;
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
