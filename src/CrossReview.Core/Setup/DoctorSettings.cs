using CrossReview.Configuration;

namespace CrossReview.Setup;

/// <summary>What <see cref="Doctor"/> reads and how long it waits; injectable so that tests leave the machine alone.</summary>
public sealed record DoctorSettings
{
    /// <summary>PATH (where the CLIs are looked up), HOME, the keys (checked for presence only) and the base URL variables.</summary>
    public Func<string, string?> GetEnvironmentVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>Loads the configuration; an <see cref="InputException"/> from it is reported as an invalid config.</summary>
    public Func<CrossReviewConfig> LoadConfig { get; init; } = () => CrossReviewConfig.Empty;

    /// <summary>Where git runs (the repository to review); null means the current directory.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>
    /// Variables set (a null value removes one) for the <c>--version</c> and login-status commands on top of the
    /// inherited environment: tests point <c>HOME</c>, <c>CODEX_HOME</c> and <c>CLAUDE_CONFIG_DIR</c> at empty folders.
    /// </summary>
    public IReadOnlyDictionary<string, string?> ChildEnvironment { get; init; } = new Dictionary<string, string?>();

    /// <summary>Time limit for each <c>--version</c> and login-status command.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Time limit for each HTTP reachability probe.</summary>
    public TimeSpan ProbeTimeout { get; init; } = TimeSpan.FromSeconds(3);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
