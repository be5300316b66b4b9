using CrossReview.Git;

namespace CrossReview.Reviewers.Detection;

/// <summary>
/// The folder a review's relative paths are taken from, found the way the review finds it: the repository root of
/// the folder (<c>-C DIR</c>), else the folder itself (outside a repository, or without git).
/// </summary>
internal static class RepositoryRoot
{
    public static async Task<string> FindAsync(string directory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        try
        {
            var top = await new GitCli().RunAsync(directory, ["rev-parse", "--show-toplevel"], cancellationToken).ConfigureAwait(false);
            return top.Succeeded && top.Stdout.Trim() is { Length: > 0 } root ? Path.GetFullPath(root) : directory;
        }
        catch (InputException)
        {
            return directory;
        }
    }
}
