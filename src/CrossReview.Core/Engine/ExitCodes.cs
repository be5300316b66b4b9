namespace CrossReview.Engine;

/// <summary>The process exit codes of DESIGN §2: a contract for scripts and CI.</summary>
public static class ExitCodes
{
    public const int Completed = 0;
    public const int FindingsAtOrAboveThreshold = 1;
    public const int UsageError = 2;
    public const int CouldNotComplete = 3;
    public const int Cancelled = 130;
}
