namespace CrossReview.Configuration.Toml;

/// <summary>
/// A TOML value with where it was written: <see cref="Value"/> is a <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/>, a date-time (kept as its text), a <see cref="TomlNodeTable"/>, or an
/// <see cref="IReadOnlyList{T}"/> of items (arrays, and arrays of tables).
/// </summary>
internal sealed record TomlItem(object Value, TomlLocation At)
{
    /// <summary>The TOML type name, for "expected a string, got an integer" messages.</summary>
    public string TypeName => Value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        TomlNodeTable => "a table",
        IReadOnlyList<TomlItem> => "an array",
        _ => "a date-time",
    };
}
