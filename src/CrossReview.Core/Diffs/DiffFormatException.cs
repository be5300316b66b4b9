namespace CrossReview.Diffs;

/// <summary>The input is not a unified diff (or is one cut in a way git would refuse).</summary>
public sealed class DiffFormatException : InputException
{
    public DiffFormatException(string message) : base(message) { }
    public DiffFormatException(string message, Exception inner) : base(message, inner) { }
    public DiffFormatException() { }
}
