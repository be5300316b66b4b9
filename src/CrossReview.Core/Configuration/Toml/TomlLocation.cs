namespace CrossReview.Configuration.Toml;

/// <summary>A 1-based line and column in a config file, for <c>FILE:LINE:COLUMN: message</c> errors.</summary>
internal readonly record struct TomlLocation(string File, int Line, int Column)
{
    public InputException Error(string message) => new($"{File}:{Line}:{Column}: {message}");
}
