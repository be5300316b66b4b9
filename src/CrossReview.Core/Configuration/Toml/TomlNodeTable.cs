namespace CrossReview.Configuration.Toml;

/// <summary>A TOML table in the order its keys were written, each with its position.</summary>
internal sealed class TomlNodeTable(TomlLocation at)
{
    private readonly List<TomlEntry> _entries = [];
    private readonly Dictionary<string, TomlEntry> _byKey = new(StringComparer.Ordinal);

    /// <summary>Where the table was opened (its header, inline brace, or the first dotted key that created it).</summary>
    public TomlLocation At { get; } = at;

    public IReadOnlyList<TomlEntry> Entries => _entries;

    public TomlEntry? Find(string key) => _byKey.GetValueOrDefault(key);

    public void Add(TomlEntry entry)
    {
        if (_byKey.TryGetValue(entry.Key, out var existing))
        {
            throw entry.KeyAt.Error($"'{entry.Key}' is already defined at line {existing.KeyAt.Line}");
        }

        _entries.Add(entry);
        _byKey.Add(entry.Key, entry);
    }
}
