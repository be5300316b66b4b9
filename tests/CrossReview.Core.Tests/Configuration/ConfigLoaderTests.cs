using CrossReview.Configuration;
using CrossReview.Testing;

namespace CrossReview.Tests.Configuration;

public sealed class ConfigLoaderTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("crossreview-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private Func<string, string?> Home(string? xdg = null) => name => name switch
    {
        "HOME" => _home,
        "XDG_CONFIG_HOME" => xdg,
        _ => null,
    };

    private string WriteUserConfig(string toml, string? configHome = null)
    {
        var path = Path.Combine(configHome ?? Path.Combine(_home, ".config"), "crossreview", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, toml);
        return path;
    }

    [Fact]
    public async Task Load_RepositoryAndUserFiles_UserWinsPerReviewerRepositoryPerProfileAndKeyListsConcatenated()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var repoFile = repo.WriteFile(".crossreview.toml", """
            default_profile = "team"
            path_filters = ["*.snap"]
            [[path_instructions]]
            path = "src/**"
            instructions = "team guidance"
            [reviewers.shared]
            provider = "openai"
            model = "from-repo"
            [profiles.team]
            reviewers = ["shared", "mine"]
            """);
        var userFile = WriteUserConfig("""
            default_profile = "solo"
            path_filters = ["*.csv"]
            [[path_instructions]]
            path = "*.sql"
            instructions = "user guidance"
            [reviewers.shared]
            provider = "anthropic"
            model = "from-user"
            [reviewers.mine]
            provider = "ollama"
            [profiles.team]
            reviewers = ["mine"]
            [profiles.solo]
            reviewers = ["mine"]
            """);

        var config = ConfigLoader.Load(repo.Root, Home());

        Assert.Equal([repoFile, userFile], config.Sources);
        Assert.Equal("team", config.DefaultProfile);
        Assert.Equal(("anthropic", "from-user", userFile), (config.Reviewers["shared"].Provider, config.Reviewers["shared"].Model, config.Reviewers["shared"].Source));
        Assert.Equal("ollama", config.Reviewers["mine"].Provider);
        Assert.Equal(["shared", "mine"], config.Profiles["team"].Reviewers);
        Assert.Equal(["mine"], config.Profiles["solo"].Reviewers);
        Assert.Equal(["*.snap", "*.csv"], config.PathFilters);
        Assert.Equal(["team guidance", "user guidance"], config.PathInstructions.Select(i => i.Instructions));
    }

    [Fact]
    public async Task Load_UserDefaultProfile_AppliesWhenRepositoryHasNone()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "path_filters = [\"*.snap\"]\n");
        WriteUserConfig("default_profile = \"solo\"\n[profiles.solo]\nreviewers = [\"codex\"]\n");

        Assert.Equal("solo", ConfigLoader.Load(repo.Root, Home()).DefaultProfile);
    }

    [Fact]
    public async Task Load_XdgConfigHome_UsedInsteadOfHomeConfig()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var xdg = Path.Combine(_home, "xdg");
        WriteUserConfig("[reviewers.fromhome]\nprovider = \"codex\"\n");
        var xdgFile = WriteUserConfig("[reviewers.fromxdg]\nprovider = \"codex\"\n", xdg);

        var config = ConfigLoader.Load(repo.Root, Home(xdg));

        Assert.Equal([xdgFile], config.Sources);
        Assert.Equal(["fromxdg"], config.Reviewers.Keys);
    }

    [Fact]
    public async Task Load_NoFiles_Empty()
    {
        using var repo = await TempGitRepo.CreateAsync();

        var config = ConfigLoader.Load(repo.Root, Home());

        Assert.Empty(config.Sources);
        Assert.Empty(config.Reviewers);
    }

    [Fact]
    public async Task Load_FromSubfolder_FindsFileAtRepositoryRoot()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var file = repo.WriteFile(".crossreview.toml", "path_filters = [\"*.snap\"]\n");
        var sub = Directory.CreateDirectory(repo.FullPath("src/deep")).FullName;

        Assert.Equal(file, ConfigLoader.RepositoryFile(sub));
        Assert.Equal([file], ConfigLoader.Load(sub, Home()).Sources);
    }

    [Fact]
    public async Task RepositoryFile_NearerFileInSubfolder_Wins()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "");
        var nearer = repo.WriteFile("pkg/.crossreview.toml", "");

        Assert.Equal(nearer, ConfigLoader.RepositoryFile(repo.FullPath("pkg")));
    }

    [Fact]
    public async Task RepositoryFile_FileAboveRepositoryRoot_Ignored()
    {
        var outer = Directory.CreateTempSubdirectory("crossreview-outer-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outer, ".crossreview.toml"), "");
            using var repo = await TempGitRepo.CreateAsync();
            var inner = Path.Combine(outer, "repo");
            Directory.Move(repo.Root, inner);
            try
            {
                Assert.Null(ConfigLoader.RepositoryFile(inner));
            }
            finally
            {
                Directory.Move(inner, repo.Root);
            }
        }
        finally
        {
            Directory.Delete(outer, recursive: true);
        }
    }

    [Fact]
    public void RepositoryFile_OutsideAnyRepository_OnlyStartDirectory()
    {
        var outer = Directory.CreateTempSubdirectory("crossreview-norepo-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(outer, ".crossreview.toml"), "");
            var sub = Directory.CreateDirectory(Path.Combine(outer, "sub")).FullName;

            Assert.Null(ConfigLoader.RepositoryFile(sub));
            Assert.Equal(Path.Combine(outer, ".crossreview.toml"), ConfigLoader.RepositoryFile(outer));
        }
        finally
        {
            Directory.Delete(outer, recursive: true);
        }
    }

    [Fact]
    public async Task Load_GitFileOfWorktree_MarksRoot()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("README.md", "x\n");
        await repo.CommitAllAsync("initial");
        var worktree = Path.Combine(_home, "wt");
        await repo.GitAsync("worktree", "add", worktree);
        File.WriteAllText(Path.Combine(worktree, ".crossreview.toml"), "path_filters = [\"*.snap\"]\n");
        Assert.True(File.Exists(Path.Combine(worktree, ".git")));

        Assert.Equal(Path.Combine(worktree, ".crossreview.toml"), ConfigLoader.RepositoryFile(Path.Combine(worktree)));
    }

    [Fact]
    public async Task Load_ProfileNamingReviewerOfTheOtherFile_Accepted()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "[profiles.team]\nreviewers = [\"mine\"]\n");
        WriteUserConfig("[reviewers.mine]\nprovider = \"codex\"\n");

        Assert.Equal(["mine"], ConfigLoader.Load(repo.Root, Home()).Profiles["team"].Reviewers);
    }

    [Fact]
    public async Task Load_BrokenUserFile_NamesUserFileAndLine()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var userFile = WriteUserConfig("[reviewers.mine]\nprovider = \"codex\"\ntimeout = -1\n");

        var error = Assert.Throws<InputException>(() => ConfigLoader.Load(repo.Root, Home()));

        Assert.StartsWith($"{userFile}:3:", error.Message, StringComparison.Ordinal);
    }
}
