using System.Text.RegularExpressions;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace CrossReview.Configuration.Toml;

/// <summary>
/// Reads TOML text into <see cref="TomlNodeTable"/>s that remember where every key and value was written. Tomlyn's
/// syntax tree carries the positions (its model objects do not), so the tree is walked here: tables, arrays of
/// tables, dotted keys and inline tables all end up as nested <see cref="TomlNodeTable"/>s.
/// </summary>
internal static partial class TomlTree
{
    /// <exception cref="InputException">A syntax or TOML validation error, as <c>FILE:LINE:COLUMN: message</c>.</exception>
    /// <param name="quoteText">
    /// Whether the message may quote the text it stumbled on. Not for a repository's file: it may be a symlink to a
    /// secret, whose first token would otherwise land in a CI log; punctuation TOML expects is still named.
    /// </param>
    public static TomlNodeTable Parse(string text, string file, bool quoteText = true)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = SyntaxParser.Parse(text, file, validate: true);
        if (document.Diagnostics.FirstOrDefault(d => d.Kind == DiagnosticMessageKind.Error) is { } error)
        {
            var message = quoteText ? error.Message : Quoted().Replace(error.Message, m => m.Value.Length <= 4 && !m.Value.Any(char.IsLetterOrDigit) ? m.Value : "(text not shown)");
            throw At(file, error.Span).Error($"invalid TOML: {message}");
        }

        var root = new TomlNodeTable(new TomlLocation(file, 1, 1));
        foreach (var keyValue in document.KeyValues)
        {
            AddKeyValue(root, keyValue, file);
        }

        foreach (var table in document.Tables)
        {
            if (table.Name is not { } name)
            {
                continue;
            }

            var keys = Keys(name, file);
            var parent = Navigate(root, keys.SkipLast(1));
            var (last, lastAt) = keys[^1];
            var at = At(file, table.Span);
            TomlNodeTable target;
            if (table is TableArraySyntax)
            {
                if (parent.Find(last) is { Item.Value: List<TomlItem> tables })
                {
                    target = new TomlNodeTable(at);
                    tables.Add(new TomlItem(target, at));
                }
                else
                {
                    target = new TomlNodeTable(at);
                    parent.Add(new TomlEntry(last, lastAt, new TomlItem(new List<TomlItem> { new(target, at) }, at)));
                }
            }
            else
            {
                target = parent.Find(last) is { } existing
                    ? existing.Item.Value as TomlNodeTable ?? throw lastAt.Error($"'{last}' is already defined at line {existing.KeyAt.Line} as {existing.Item.TypeName}")
                    : AddTable(parent, last, lastAt);
            }

            foreach (var keyValue in table.Items)
            {
                AddKeyValue(target, keyValue, file);
            }
        }

        return root;
    }

    private static void AddKeyValue(TomlNodeTable table, KeyValueSyntax keyValue, string file)
    {
        if (keyValue.Key is not { } key || keyValue.Value is not { } value)
        {
            return;
        }

        var keys = Keys(key, file);
        var target = Navigate(table, keys.SkipLast(1));
        var (last, lastAt) = keys[^1];
        target.Add(new TomlEntry(last, lastAt, Value(value, file)));
    }

    private static TomlItem Value(ValueSyntax value, string file)
    {
        var at = At(file, value.Span);
        object converted = value switch
        {
            StringValueSyntax s => s.Value ?? "",
            IntegerValueSyntax i => i.Value,
            FloatValueSyntax f => f.Value,
            BooleanValueSyntax b => b.Value,
            ArraySyntax a => a.Items.Where(i => i.Value is not null).Select(i => Value(i.Value!, file)).ToArray(),
            InlineTableSyntax t => Inline(t, at, file),
            _ => value.ToString().Trim(),
        };
        return new TomlItem(converted, at);
    }

    private static TomlNodeTable Inline(InlineTableSyntax syntax, TomlLocation at, string file)
    {
        var table = new TomlNodeTable(at);
        foreach (var item in syntax.Items)
        {
            if (item.KeyValue is { } keyValue)
            {
                AddKeyValue(table, keyValue, file);
            }
        }

        return table;
    }

    /// <summary>Walks down dotted keys, creating the tables they imply; into an array of tables means its last table.</summary>
    private static TomlNodeTable Navigate(TomlNodeTable table, IEnumerable<(string Key, TomlLocation At)> keys)
    {
        foreach (var (key, at) in keys)
        {
            table = table.Find(key) switch
            {
                null => AddTable(table, key, at),
                { Item.Value: TomlNodeTable child } => child,
                { Item.Value: List<TomlItem> { Count: > 0 } tables } when tables[^1].Value is TomlNodeTable last => last,
                { } other => throw at.Error($"'{key}' is already defined at line {other.KeyAt.Line} as {other.Item.TypeName}, not a table"),
            };
        }

        return table;
    }

    private static TomlNodeTable AddTable(TomlNodeTable parent, string key, TomlLocation at)
    {
        var table = new TomlNodeTable(at);
        parent.Add(new TomlEntry(key, at, new TomlItem(table, at)));
        return table;
    }

    private static List<(string Key, TomlLocation At)> Keys(KeySyntax key, string file)
    {
        var keys = new List<(string, TomlLocation)> { KeyPart(key.Key, file) };
        foreach (var dotted in key.DotKeys)
        {
            keys.Add(KeyPart(dotted.Key, file));
        }

        return keys;
    }

    private static (string Key, TomlLocation At) KeyPart(BareKeyOrStringValueSyntax? part, string file) => part switch
    {
        BareKeySyntax bare => (bare.Key?.Text ?? "", At(file, bare.Span)),
        StringValueSyntax quoted => (quoted.Value ?? "", At(file, quoted.Span)),
        _ => ("", new TomlLocation(file, 1, 1)),
    };

    private static TomlLocation At(string file, SourceSpan span) => new(file, span.Start.Line + 1, span.Start.Column + 1);

    /// <summary>A span Tomlyn quotes in a message, in backticks or quotes.</summary>
    [GeneratedRegex(@"`[^`]*`|'[^']*'|""[^""]*""")]
    private static partial Regex Quoted();
}
