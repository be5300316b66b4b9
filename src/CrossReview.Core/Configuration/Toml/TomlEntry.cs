namespace CrossReview.Configuration.Toml;

/// <summary>One <c>key = value</c> of a table, with where the key was written (unknown keys are reported there).</summary>
internal sealed record TomlEntry(string Key, TomlLocation KeyAt, TomlItem Item);
