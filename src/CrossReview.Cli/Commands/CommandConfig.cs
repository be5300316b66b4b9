using CrossReview.Cli.Rendering;
using CrossReview.Configuration;

namespace CrossReview.Cli.Commands;

/// <summary>The configuration <c>reviewers</c> and <c>doctor</c> show; the one place the config loader is called from them.</summary>
internal static class CommandConfig
{
    /// <summary>
    /// Inside a repository its <c>.crossreview.toml</c> as committed at HEAD, what a review would use; a working tree
    /// whose file differs gets a line on stderr saying so.
    /// </summary>
    /// <exception cref="InputException">The configuration is invalid (the message names the file and line).</exception>
    public static async Task<CrossReviewConfig> LoadAsync(CliEnvironment env, string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(env);
        ArgumentNullException.ThrowIfNull(directory);
        var loaded = await ConfigLoader.LoadAtHeadAsync(directory, env.GetEnvironmentVariable, cancellationToken).ConfigureAwait(false);
        env.RedactKeysOf(loaded.Config);
        if (loaded.Note is { } note)
        {
            StatusWriter.For(env).Line(note);
        }

        return loaded.Config;
    }
}
