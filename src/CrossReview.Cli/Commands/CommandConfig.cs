using CrossReview.Configuration;

namespace CrossReview.Cli.Commands;

/// <summary>The configuration <c>reviewers</c> and <c>doctor</c> show; the one place the config loader is called from them.</summary>
internal static class CommandConfig
{
    /// <exception cref="InputException">The configuration is invalid (the message names the file and line).</exception>
    public static CrossReviewConfig Load(CliEnvironment env, string directory)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(directory);
        var config = ConfigLoader.Load(directory, env.GetEnvironmentVariable);
        env.RedactKeysOf(config);
        return config;
    }
}
