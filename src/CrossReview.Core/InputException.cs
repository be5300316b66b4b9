namespace CrossReview;

/// <summary>A usage, configuration or input error: the CLI prints its message on one line and exits 2.</summary>
public class InputException : Exception
{
    public InputException(string message) : base(message) { }
    public InputException(string message, Exception inner) : base(message, inner) { }
    public InputException() { }
}
