using CrossReview.Budget;
using CrossReview.Configuration.Toml;
using CrossReview.Reviewers;

namespace CrossReview.Configuration;

/// <summary>
/// Reads one config file and checks everything that file alone can show to be wrong; each error is an
/// <see cref="InputException"/> reading <c>FILE:LINE:COLUMN: what is wrong</c>.
/// </summary>
internal static class ConfigFileReader
{
    private const int MaxTimeoutSeconds = 24 * 60 * 60;

    /// <param name="fromRepository">The file is the repository's <c>.crossreview.toml</c>, which the change under review may itself edit.</param>
    /// <param name="trusted">
    /// The user trusts that repository (<c>trusted_repositories</c> or <c>CROSSREVIEW_TRUST_REPO_CONFIG=1</c>). Untrusted,
    /// its file may not define what runs a program (<c>command</c> reviewers) or moves a key (an <c>api_key_env</c> other
    /// than the usual variables, which keep their own vendors' hosts): a pull request could otherwise approve itself
    /// through <c>sh -c</c> or send <c>GITHUB_TOKEN</c> to a <c>base_url</c> of its choosing.
    /// </param>
    /// <param name="repositoryRoot">The repository, named in the message that says how to trust it.</param>
    public static ConfigFile Read(string text, string file, bool fromRepository = false, bool trusted = false, string? repositoryRoot = null)
    {
        var root = TomlTree.Parse(text, file, quoteText: !fromRepository);
        CheckKeys(root, ConfigKeys.Root, "at the top level");
        var trust = new Trust(fromRepository && !trusted, repositoryRoot);
        var trustedRepositories = TrustedRepositories(root, fromRepository);

        var reviewers = new Dictionary<string, ReviewerConfig>(StringComparer.Ordinal);
        if (Table(root, "reviewers") is { } reviewerTables)
        {
            foreach (var entry in reviewerTables.Entries)
            {
                reviewers.Add(entry.Key, Reviewer(entry, file, trust));
            }
        }

        var profiles = new Dictionary<string, ProfileConfig>(StringComparer.Ordinal);
        var profileReviewersAt = new Dictionary<string, IReadOnlyList<TomlLocation>>(StringComparer.Ordinal);
        if (Table(root, "profiles") is { } profileTables)
        {
            foreach (var entry in profileTables.Entries)
            {
                var (profile, at) = Profile(entry, file);
                profiles.Add(entry.Key, profile);
                profileReviewersAt.Add(entry.Key, at);
            }
        }

        var defaultProfile = String(root, "default_profile");
        var config = new CrossReviewConfig
        {
            Reviewers = reviewers,
            Profiles = profiles,
            DefaultProfile = defaultProfile?.Value,
            PathFilters = PathFilters(root),
            PathInstructions = PathInstructions(root),
            Sources = [file],
        };
        return new ConfigFile(config, profileReviewersAt, defaultProfile?.At) { TrustedRepositories = trustedRepositories };
    }

    /// <summary><c>trusted_repositories</c>: absolute folders, only in the user's file (a repository cannot vouch for itself).</summary>
    private static List<string> TrustedRepositories(TomlNodeTable root, bool fromRepository)
    {
        var paths = new List<string>();
        if (root.Find("trusted_repositories") is { } entry && fromRepository)
        {
            throw entry.KeyAt.Error("trusted_repositories is allowed only in your own config (~/.config/crossreview/config.toml): a repository cannot trust itself");
        }

        if (Array(root, "trusted_repositories", "a string") is not { } array)
        {
            return paths;
        }

        foreach (var item in array.Value)
        {
            if (item.Value is not string path || !Path.IsPathFullyQualified(path.Trim()))
            {
                throw item.At.Error($"trusted_repositories must hold absolute paths of repositories, not {(item.Value is string s ? $"'{s}'" : item.TypeName)}");
            }

            paths.Add(Path.TrimEndingDirectorySeparator(Path.GetFullPath(path.Trim())));
        }

        return paths;
    }

    private static ReviewerConfig Reviewer(TomlEntry entry, string file, Trust trust)
    {
        var name = entry.Key;
        var where = $"[reviewers.{name}]";
        var table = entry.Item.Value as TomlNodeTable ?? throw entry.Item.At.Error($"reviewers.{name} must be a table, not {entry.Item.TypeName}");
        if (name.Length == 0 || name.Any(c => c is ':' or '@' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            // ':' and '@' are how inline specs separate model and base URL; a name holding them could never be told apart.
            throw entry.KeyAt.Error($"reviewer name '{name}' may not be empty or contain ':', '@' or spaces");
        }

        CheckKeys(table, ConfigKeys.Reviewer, "in " + where);
        var providerValue = String(table, "provider") ?? throw table.At.Error($"{where} needs 'provider', one of {ReviewerProviders.ValidList}");
        var provider = providerValue.Value.Trim().ToLowerInvariant();
        if (!ReviewerProviders.All.Contains(provider))
        {
            throw providerValue.At.Error($"unknown provider '{providerValue.Value}' in {where}; expected one of {ReviewerProviders.ValidList}");
        }

        // A name that is also a provider customises that provider (`[reviewers.codex]` with an effort); pointing it
        // at another provider would make `--reviewer codex` silently mean something else.
        if (ReviewerProviders.All.Contains(name) && name != provider)
        {
            throw entry.KeyAt.Error($"reviewer '{name}' has the name of a provider, so its provider must be '{name}', not '{provider}'; rename it");
        }

        var baseUrl = String(table, "base_url");
        if (baseUrl is not null && !ConfigKeys.ServerProviders.Contains(provider))
        {
            // An agent CLI or analyzer would silently ignore it, so the reviewer would not go where the file says.
            throw baseUrl.At.Error($"base_url does not apply to provider \"{provider}\" in {where}; it applies to {string.Join(", ", ConfigKeys.ServerProviders)}");
        }

        if (baseUrl is not null && ReviewerSpec.NormalizeBaseUrl(provider, baseUrl.Value) is null)
        {
            throw baseUrl.At.Error($"base_url in {where} is not an absolute http(s) URL");
        }

        var apiKeyEnv = String(table, "api_key_env");
        if (apiKeyEnv is not null)
        {
            if (!ConfigKeys.KeyedProviders.Contains(provider))
            {
                throw apiKeyEnv.At.Error($"api_key_env in {where} applies only to providers {string.Join(", ", ConfigKeys.KeyedProviders)}, not '{provider}'");
            }

            if (apiKeyEnv.Value.Length == 0 || !apiKeyEnv.Value.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            {
                throw apiKeyEnv.At.Error($"api_key_env in {where} must be an environment variable name (letters, digits, '_'), not '{apiKeyEnv.Value}'");
            }

            if (trust.Untrusted && !ConfigKeys.UsualKeyVariables.Contains(apiKeyEnv.Value))
            {
                throw apiKeyEnv.At.Error($"api_key_env in {where} is '{apiKeyEnv.Value}', which would send that variable's value to a server this file chooses; {trust.Hint} (untrusted, it may name only {string.Join(", ", ConfigKeys.UsualKeyVariables)})");
            }
        }

        var role = OneOf(table, "role", ConfigKeys.Roles, where);
        var effort = OneOf(table, "effort", ConfigKeys.Efforts, where);

        var timeout = Integer(table, "timeout");
        // A day at most: the engine's and the HTTP layer's timers take no longer limits.
        if (timeout is { Value: <= 0 or > MaxTimeoutSeconds })
        {
            throw timeout.At.Error($"timeout in {where} must be a positive number of seconds, at most {MaxTimeoutSeconds} (a day)");
        }

        var budget = Number(table, "max_budget_usd");
        if (budget is { Value: <= 0 })
        {
            throw budget.At.Error($"max_budget_usd in {where} must be more than 0");
        }

        var command = StringArray(table, "command");
        if (provider == ReviewerProviders.Command)
        {
            if (command is null || command.Value.Count == 0 || command.Value[0].Trim().Length == 0)
            {
                throw (command?.At ?? table.At).Error($"{where} has provider \"command\", so it needs 'command', a non-empty array whose first item is the program");
            }

            if (trust.Untrusted)
            {
                throw command.At.Error($"{where} runs a program (provider \"command\"), which a repository's config may define only when you trust it; {trust.Hint}");
            }

            if (baseUrl is not null)
            {
                throw baseUrl.At.Error($"base_url does not apply to provider \"command\" in {where}");
            }
        }
        else if (command is not null)
        {
            throw command.At.Error($"'command' applies only to provider \"command\", not '{provider}', in {where}");
        }

        var model = String(table, "model");
        if (model is { Value.Length: 0 })
        {
            throw model.At.Error($"model in {where} is empty; leave it out for the provider's default");
        }

        if (provider == ReviewerProviders.Sarif && model is null)
        {
            throw table.At.Error($"{where} has provider \"sarif\", so it needs 'model', the SARIF log file to read");
        }

        return new ReviewerConfig(name, provider, file)
        {
            Model = model?.Value,
            BaseUrl = baseUrl?.Value,
            ApiKeyEnv = apiKeyEnv?.Value,
            Role = role,
            Effort = effort,
            TimeoutSeconds = (int?)timeout?.Value,
            Prices = Prices(table, where),
            MaxBudgetUsd = budget?.Value,
            Command = command?.Value,
        };
    }

    private static ModelPrice? Prices(TomlNodeTable reviewer, string where)
    {
        if (Table(reviewer, "prices") is not { } table)
        {
            return null;
        }

        var inner = where.TrimEnd(']') + ".prices]";
        CheckKeys(table, ConfigKeys.Prices, "in " + inner);
        decimal Price(string key, decimal? fallback)
        {
            var value = Number(table, key);
            if (value is { Value: < 0 })
            {
                throw value.At.Error($"{key} in {inner} is negative; prices are USD per million tokens");
            }

            return value?.Value ?? fallback ?? throw table.At.Error($"{inner} needs '{key}' (USD per million tokens)");
        }

        var input = Price("input", null);
        var output = Price("output", null);
        return new ModelPrice(input, Price("cached_input", input), output);
    }

    private static (ProfileConfig, IReadOnlyList<TomlLocation>) Profile(TomlEntry entry, string file)
    {
        var where = $"[profiles.{entry.Key}]";
        var table = entry.Item.Value as TomlNodeTable ?? throw entry.Item.At.Error($"profiles.{entry.Key} must be a table, not {entry.Item.TypeName}");
        CheckKeys(table, ConfigKeys.Profile, "in " + where);
        var reviewers = Array(table, "reviewers", "a string");
        if (reviewers is null || reviewers.Value.Count == 0)
        {
            throw (reviewers?.At ?? table.At).Error($"{where} needs 'reviewers', a non-empty array of reviewer names or specs");
        }

        var names = new List<string>();
        foreach (var item in reviewers.Value)
        {
            if (item.Value is not string text || text.Trim().Length == 0)
            {
                throw item.At.Error($"reviewers in {where} must hold non-empty strings, not {item.TypeName}");
            }

            names.Add(text.Trim());
        }

        int? Count(string key)
        {
            var value = Integer(table, key);
            return value switch
            {
                null => null,
                { Value: < 1 or > 1000 } => throw value.At.Error($"{key} in {where} must be from 1 to 1000, not {value.Value}"),
                _ => (int)value.Value,
            };
        }

        var rounds = Count("rounds");
        var quorum = Count("quorum");
        if (quorum > names.Count)
        {
            throw Integer(table, "quorum")!.At.Error($"quorum {quorum} in {where} is more than its {names.Count} reviewer(s)");
        }

        return (new ProfileConfig(entry.Key, names, file) { Rounds = rounds, Quorum = quorum }, reviewers.Value.Select(i => i.At).ToList());
    }

    private static List<string> PathFilters(TomlNodeTable root)
    {
        var filters = new List<string>();
        if (Array(root, "path_filters", "a string") is not { } array)
        {
            return filters;
        }

        foreach (var item in array.Value)
        {
            if (item.Value is not string glob || glob.TrimStart('!').Trim().Length == 0)
            {
                throw item.At.Error($"path_filters must hold non-empty glob strings, not {(item.Value is string ? "an empty one" : item.TypeName)}");
            }

            filters.Add(glob.Trim());
        }

        return filters;
    }

    private static List<PathInstruction> PathInstructions(TomlNodeTable root)
    {
        var instructions = new List<PathInstruction>();
        if (Array(root, "path_instructions", "a table") is not { } array)
        {
            return instructions;
        }

        foreach (var item in array.Value)
        {
            var table = item.Value as TomlNodeTable ?? throw item.At.Error($"path_instructions must hold tables ([[path_instructions]] with path and instructions), not {item.TypeName}");
            CheckKeys(table, ConfigKeys.PathInstruction, "in [[path_instructions]]");
            var path = String(table, "path");
            var text = String(table, "instructions");
            if (path is null || path.Value.Trim().Length == 0 || path.Value.TrimStart().StartsWith('!'))
            {
                throw (path?.At ?? table.At).Error("[[path_instructions]] needs 'path', a glob of the files the instructions apply to");
            }

            if (text is null || text.Value.Trim().Length == 0)
            {
                throw (text?.At ?? table.At).Error("[[path_instructions]] needs 'instructions', the guidance for reviewers of those files");
            }

            instructions.Add(new PathInstruction(path.Value.Trim(), text.Value.Trim()));
        }

        return instructions;
    }

    private static void CheckKeys(TomlNodeTable table, IReadOnlyList<string> allowed, string where)
    {
        foreach (var entry in table.Entries.Where(e => !allowed.Contains(e.Key)))
        {
            var guess = allowed.Where(a => EditDistance(a, entry.Key) <= 2).OrderBy(a => EditDistance(a, entry.Key)).FirstOrDefault();
            var hint = guess is null ? "" : $" (did you mean '{guess}'?)";
            throw entry.KeyAt.Error($"unknown key '{entry.Key}' {where}{hint}; allowed: {string.Join(", ", allowed)}");
        }
    }

    private static Typed<string>? String(TomlNodeTable table, string key) => table.Find(key) switch
    {
        null => null,
        { Item: { Value: string s } item } => new(s, item.At),
        { } other => throw WrongType(other, "a string"),
    };

    private static Typed<long>? Integer(TomlNodeTable table, string key) => table.Find(key) switch
    {
        null => null,
        { Item: { Value: long l } item } => new(l, item.At),
        { } other => throw WrongType(other, "an integer"),
    };

    private static Typed<decimal>? Number(TomlNodeTable table, string key) => table.Find(key) switch
    {
        null => null,
        { Item: { Value: long l } item } => new(l, item.At),
        { Item: { Value: double d } item } when double.IsFinite(d) && Math.Abs(d) < 1e15 => new((decimal)d, item.At),
        { } other => throw WrongType(other, "a number"),
    };

    private static TomlNodeTable? Table(TomlNodeTable table, string key) => table.Find(key) switch
    {
        null => null,
        { Item.Value: TomlNodeTable t } => t,
        { } other => throw WrongType(other, "a table"),
    };

    private static Typed<IReadOnlyList<TomlItem>>? Array(TomlNodeTable table, string key, string itemType) => table.Find(key) switch
    {
        null => null,
        { Item: { Value: IReadOnlyList<TomlItem> items } item } => new(items, item.At),
        { } other => throw WrongType(other, $"an array of {itemType[(itemType.IndexOf(' ', StringComparison.Ordinal) + 1)..]}s"),
    };

    private static Typed<IReadOnlyList<string>>? StringArray(TomlNodeTable table, string key)
    {
        if (Array(table, key, "a string") is not { } array)
        {
            return null;
        }

        var strings = array.Value.Select(i => i.Value as string ?? throw i.At.Error($"'{key}' must hold strings, not {i.TypeName}")).ToList();
        return new(strings, array.At);
    }

    private static string? OneOf(TomlNodeTable table, string key, IReadOnlyList<string> allowed, string where)
    {
        var value = String(table, key);
        return value is null || allowed.Contains(value.Value)
            ? value?.Value
            : throw value.At.Error($"{key} '{value.Value}' in {where} is not one of {string.Join(", ", allowed)}");
    }

    private static InputException WrongType(TomlEntry entry, string expected) =>
        entry.Item.At.Error($"'{entry.Key}' must be {expected}, not {entry.Item.TypeName}");

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            previous = current;
        }

        return previous[b.Length];
    }

    private sealed record Typed<T>(T Value, TomlLocation At);

    /// <summary>Whether the file being read is an untrusted repository's, and how its user would trust it.</summary>
    private sealed record Trust(bool Untrusted, string? RepositoryRoot)
    {
        public string Hint =>
            "the change under review can edit this file, so to allow it trust this repository: add "
            + (RepositoryRoot is null ? "its path" : $"\"{RepositoryRoot}\"")
            + " to trusted_repositories in your ~/.config/crossreview/config.toml, or set "
            + ConfigLoader.TrustVariable + "=1 (CI that checks out its own repository)";
    }
}
