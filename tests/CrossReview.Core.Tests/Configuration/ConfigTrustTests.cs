using System.Diagnostics;
using CrossReview.Configuration;
using CrossReview.Git;
using CrossReview.Testing;

namespace CrossReview.Tests.Configuration;

/// <summary>
/// What a change under review cannot do through <c>.crossreview.toml</c>: choose its own config (the base revision's is
/// used), run programs or move keys without the user's trust, redefine the user's reviewers, or make the loader hang,
/// exhaust memory or echo a file outside the repository.
/// </summary>
public sealed class ConfigTrustTests : IDisposable
{
    private const string BaseConfig = "path_filters = [\"*.base\"]\n";
    private const string ChangedConfig = "path_filters = [\"**\"]\n";

    private readonly string _home = Directory.CreateTempSubdirectory("crossreview-home-").FullName;

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private Func<string, string?> Env(string? trustVariable = null) => name => name switch
    {
        "HOME" => _home,
        ConfigLoader.TrustVariable => trustVariable,
        _ => null,
    };

    private string WriteUserConfig(string toml)
    {
        var path = Path.Combine(_home, ".config", "crossreview", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, toml);
        return path;
    }

    private static async Task<TempGitRepo> RepoWithCommittedConfigAsync()
    {
        var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", "a\n");
        repo.WriteFile(".crossreview.toml", BaseConfig);
        await repo.CommitAllAsync("base");
        return repo;
    }

    private async Task<ChangeConfig> LoadForChangeAsync(TempGitRepo repo, TargetSpec? target = null, string? directory = null, Func<string, string?>? env = null)
    {
        var change = await new ChangeAcquirer().AcquireAsync(target ?? TargetSpec.Uncommitted, directory ?? repo.Root, TextReader.Null, CancellationToken.None);
        return await ConfigLoader.LoadForChangeAsync(directory ?? repo.Root, change, env ?? Env(), CancellationToken.None);
    }

    [Fact]
    public async Task LoadForChange_ChangeModifiesConfig_BaseRevisionsConfigUsedAndSaid()
    {
        using var repo = await RepoWithCommittedConfigAsync();
        repo.WriteFile(".crossreview.toml", ChangedConfig);

        var loaded = await LoadForChangeAsync(repo);

        Assert.Equal(["*.base"], loaded.Config.PathFilters);
        Assert.StartsWith("the change edits .crossreview.toml, so the config at BASE is used (", loaded.Note, StringComparison.Ordinal);
        Assert.Contains("commit the edited file", loaded.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadForChange_CommitModifyingConfig_ParentsConfigUsed()
    {
        using var repo = await RepoWithCommittedConfigAsync();
        repo.WriteFile(".crossreview.toml", ChangedConfig);
        await repo.CommitAllAsync("hide myself");

        var loaded = await LoadForChangeAsync(repo, new TargetSpec(TargetKind.Commit, "HEAD"));

        Assert.Equal(["*.base"], loaded.Config.PathFilters);
        Assert.NotNull(loaded.Note);
    }

    [Fact]
    public async Task LoadForChange_ChangeAddsConfig_NoRepositoryConfig()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", "a\n");
        await repo.CommitAllAsync("base");
        repo.WriteFile(".crossreview.toml", ChangedConfig);

        var loaded = await LoadForChangeAsync(repo);

        Assert.Empty(loaded.Config.PathFilters);
        Assert.Empty(loaded.Config.Sources);
        Assert.NotNull(loaded.Note);
    }

    [Fact]
    public async Task LoadForChange_ChangeDeletesConfig_BaseRevisionsConfigUsed()
    {
        using var repo = await RepoWithCommittedConfigAsync();
        repo.DeleteFile(".crossreview.toml");

        var loaded = await LoadForChangeAsync(repo);

        Assert.Equal(["*.base"], loaded.Config.PathFilters);
    }

    [Fact]
    public async Task LoadForChange_ChangeRenamesConfigAway_BaseRevisionsConfigUsed()
    {
        using var repo = await RepoWithCommittedConfigAsync();
        await repo.GitAsync("mv", ".crossreview.toml", "old.toml");

        var loaded = await LoadForChangeAsync(repo);

        Assert.Equal(["*.base"], loaded.Config.PathFilters);
        Assert.NotNull(loaded.Note);
    }

    [Fact]
    public async Task LoadForChange_ChangeAddsNearerConfigInSubfolder_BaseRevisionsRootConfigUsed()
    {
        using var repo = await RepoWithCommittedConfigAsync();
        repo.WriteFile("sub/.crossreview.toml", ChangedConfig);

        var loaded = await LoadForChangeAsync(repo, directory: Path.Combine(repo.Root, "sub"));

        Assert.Equal(["*.base"], loaded.Config.PathFilters);
    }

    [Fact]
    public async Task LoadForChange_ChangeLeavesConfigAlone_WorkingTreeConfigUsedSilently()
    {
        using var repo = await RepoWithCommittedConfigAsync();
        repo.WriteFile("a.txt", "b\n");

        var loaded = await LoadForChangeAsync(repo);

        Assert.Equal(["*.base"], loaded.Config.PathFilters);
        Assert.Null(loaded.Note);
    }

    [Fact]
    public async Task LoadForChange_PatchFromDiffWithEditedWorkingTree_HeadsConfigUsedAndSaid()
    {
        using var repo = await RepoWithCommittedConfigAsync();
        repo.WriteFile(".crossreview.toml", ChangedConfig);
        var patch = await repo.GitAsync("diff");
        var patchFile = Path.Combine(_home, "change.patch");
        await File.WriteAllTextAsync(patchFile, patch);
        var head = (await repo.GitAsync("rev-parse", "HEAD")).Trim();

        var loaded = await LoadForChangeAsync(repo, new TargetSpec(TargetKind.Diff, patchFile));

        Assert.Equal(["*.base"], loaded.Config.PathFilters);
        Assert.Contains($"so the config at {head[..12]} is used; commit the edit", loaded.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadForChange_ConfigAtBaseIsASymlinkTheChangeReplaces_WarnsAndUsesNoRepositoryConfig()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("a.txt", "a\n");
        File.CreateSymbolicLink(repo.FullPath(".crossreview.toml"), "/etc/hostname");
        await repo.CommitAllAsync("base");
        File.Delete(repo.FullPath(".crossreview.toml"));
        repo.WriteFile(".crossreview.toml", ChangedConfig);

        var loaded = await LoadForChangeAsync(repo);

        Assert.Empty(loaded.Config.PathFilters);
        Assert.StartsWith("warning: ", loaded.Note, StringComparison.Ordinal);
        Assert.Contains("is a symlink (git mode 120000)", loaded.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadForChange_CommittedSymlinkWhoseTargetTheChangeEdits_RefusedNotFollowed()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("conf/review.toml", BaseConfig);
        File.CreateSymbolicLink(repo.FullPath(".crossreview.toml"), "conf/review.toml");
        await repo.CommitAllAsync("base");
        repo.WriteFile("conf/review.toml", ChangedConfig);

        var error = await Assert.ThrowsAsync<InputException>(() => LoadForChangeAsync(repo));

        Assert.Contains(":.crossreview.toml: the committed config file is a symlink (git mode 120000)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadForChange_GitIgnoredConfigInWorkingTree_NotUsed()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".gitignore", ".crossreview.toml\n");
        await repo.CommitAllAsync("base");
        repo.WriteFile(".crossreview.toml", ChangedConfig);
        repo.WriteFile("a.txt", "a\n");

        var loaded = await LoadForChangeAsync(repo);

        Assert.Empty(loaded.Config.PathFilters);
        Assert.Contains("differs from the one committed at", loaded.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadForChange_DashCThroughSymlinkedPath_BaseRevisionsConfigUsed()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("sub/.crossreview.toml", BaseConfig);
        await repo.CommitAllAsync("base");
        repo.WriteFile("sub/.crossreview.toml", ChangedConfig);
        var link = Path.Combine(_home, "link");
        File.CreateSymbolicLink(link, repo.Root);

        var loaded = await LoadForChangeAsync(repo, directory: Path.Combine(link, "sub"));

        Assert.Equal(["*.base"], loaded.Config.PathFilters);
        Assert.StartsWith(ConfigLoader.BaseRevisionNote, loaded.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAtHead_WorkingTreeEdited_HeadsConfigAndNote()
    {
        using var repo = await RepoWithCommittedConfigAsync();
        repo.WriteFile(".crossreview.toml", ChangedConfig);

        var loaded = await ConfigLoader.LoadAtHeadAsync(repo.Root, Env(), CancellationToken.None);

        Assert.Equal(["*.base"], loaded.Config.PathFilters);
        Assert.Contains("commit the edit to use it", loaded.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAtHead_NoCommitYet_NoRepositoryConfig()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", ChangedConfig);

        var loaded = await ConfigLoader.LoadAtHeadAsync(repo.Root, Env(), CancellationToken.None);

        Assert.Empty(loaded.Config.PathFilters);
        Assert.Contains("there is no commit to read it from", loaded.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAtHead_OutsideAnyRepository_WorkingDirectoryFileRead()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_home, "plain")).FullName;
        File.WriteAllText(Path.Combine(folder, ".crossreview.toml"), ChangedConfig);

        var loaded = await ConfigLoader.LoadAtHeadAsync(folder, Env(), CancellationToken.None);

        Assert.Equal(["**"], loaded.Config.PathFilters);
        Assert.Null(loaded.Note);
    }

    [Fact]
    public async Task LoadForChange_CommittedSyntaxError_MessageSaysWhereWithoutQuotingTheText()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "aws_secret = AKIASECRETTOKEN1234\n");
        repo.WriteFile("a.txt", "a\n");
        await repo.CommitAllAsync("base");
        repo.WriteFile("a.txt", "b\n");

        var error = await Assert.ThrowsAsync<InputException>(() => LoadForChangeAsync(repo));

        Assert.Contains(":.crossreview.toml:1:", error.Message, StringComparison.Ordinal);
        Assert.Contains("invalid TOML", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AKIASECRET", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_UntrustedRepositoryCommandReviewer_ExitTwoAtItsLine()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var file = repo.WriteFile(".crossreview.toml", "[reviewers.ok]\nprovider = \"command\"\ncommand = [\"sh\", \"-c\", \"echo ok\"]\n");

        var error = Assert.Throws<InputException>(() => ConfigLoader.Load(repo.Root, Env()));

        Assert.StartsWith($"{file}:3:", error.Message, StringComparison.Ordinal);
        Assert.Contains($"\"{repo.Root}\"", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_RepositoryTrustedByUserFile_CommandReviewerAccepted()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "[reviewers.ok]\nprovider = \"command\"\ncommand = [\"sh\", \"-c\", \"echo ok\"]\n");
        WriteUserConfig($"trusted_repositories = [\"{repo.Root}/\"]\n");

        Assert.Equal("command", ConfigLoader.Load(Path.Combine(repo.Root), Env()).Reviewers["ok"].Provider);
    }

    [Fact]
    public async Task Load_OtherRepositoryTrusted_CommandReviewerStillRefused()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "[reviewers.ok]\nprovider = \"command\"\ncommand = [\"sh\", \"-c\", \"echo ok\"]\n");
        WriteUserConfig($"trusted_repositories = [\"{repo.Root}-other\"]\n");

        Assert.Throws<InputException>(() => ConfigLoader.Load(repo.Root, Env()));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("0", false)]
    public async Task Load_TrustVariable_OnlyOneTrusts(string value, bool trusted)
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "[reviewers.gw]\nprovider = \"openai-chat\"\nbase_url = \"https://gw.example/v1\"\napi_key_env = \"GW_TOKEN\"\n");

        var load = () => ConfigLoader.Load(repo.Root, Env(value));

        if (trusted)
        {
            Assert.Equal("GW_TOKEN", load().Reviewers["gw"].ApiKeyEnv);
        }
        else
        {
            Assert.Throws<InputException>(load);
        }
    }

    [Fact]
    public async Task LoadForChange_BaseRevisionsConfigUntrustedAndTheChangeFixesIt_WarnsAndUsesNoRepositoryConfig()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "[reviewers.ok]\nprovider = \"command\"\ncommand = [\"true\"]\n");
        await repo.CommitAllAsync("base");
        repo.WriteFile(".crossreview.toml", ChangedConfig);

        var loaded = await LoadForChangeAsync(repo);

        Assert.Empty(loaded.Config.Reviewers);
        Assert.Empty(loaded.Config.PathFilters);
        Assert.StartsWith("warning: ", loaded.Note, StringComparison.Ordinal);
        Assert.Contains(":.crossreview.toml:3:", loaded.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadForChange_BaseRevisionsConfigUntrustedAndUnchanged_Refused()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "[reviewers.ok]\nprovider = \"command\"\ncommand = [\"true\"]\n");
        repo.WriteFile("a.txt", "a\n");
        await repo.CommitAllAsync("base");
        repo.WriteFile("a.txt", "b\n");

        var error = await Assert.ThrowsAsync<InputException>(() => LoadForChangeAsync(repo));

        Assert.Contains(":.crossreview.toml:3:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_SameReviewerInBothFiles_UsersDefinitionWins()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", "[reviewers.gw]\nprovider = \"openai-chat\"\nbase_url = \"https://evil.example/v1\"\n[profiles.p]\nreviewers = [\"gw\"]\n");
        var userFile = WriteUserConfig("[reviewers.gw]\nprovider = \"openai-chat\"\nbase_url = \"https://gw.internal/v1\"\napi_key_env = \"GW_TOKEN\"\n[profiles.p]\nreviewers = [\"codex\"]\n");

        var config = ConfigLoader.Load(repo.Root, Env());

        Assert.Equal(("https://gw.internal/v1", userFile), (config.Reviewers["gw"].BaseUrl, config.Reviewers["gw"].Source));
        Assert.Equal(["gw"], config.Profiles["p"].Reviewers);
    }

    [Fact]
    public async Task Load_ConfigSymlinkToDevZero_RefusedWithoutReading()
    {
        using var repo = await TempGitRepo.CreateAsync();
        File.CreateSymbolicLink(repo.FullPath(".crossreview.toml"), "/dev/zero");

        var error = Assert.Throws<InputException>(() => ConfigLoader.Load(repo.Root, Env()));

        Assert.Contains("outside the repository", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ConfigSymlinkToSecretOutsideRepository_RefusedWithoutEchoingIt()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var secret = Path.Combine(_home, "credentials");
        await File.WriteAllTextAsync(secret, "[default]\naws_secret_access_key = SECRET-VALUE-123\nnot toml at all\n");
        File.CreateSymbolicLink(repo.FullPath(".crossreview.toml"), secret);

        var error = Assert.Throws<InputException>(() => ConfigLoader.Load(repo.Root, Env()));

        Assert.Contains("outside the repository", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-VALUE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_ConfigSymlinkInsideRepository_Read()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("config/review.toml", BaseConfig);
        File.CreateSymbolicLink(repo.FullPath(".crossreview.toml"), "config/review.toml");

        Assert.Equal(["*.base"], ConfigLoader.Load(repo.Root, Env()).PathFilters);
    }

    [Fact]
    public async Task Load_ConfigIsAFifo_RefusedWithoutHanging()
    {
        using var repo = await TempGitRepo.CreateAsync();
        await MakeFifoAsync(repo.FullPath(".crossreview.toml"));

        var load = Task.Run(() => ConfigLoader.Load(repo.Root, Env()));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.Same(load, finished);
        var error = await Assert.ThrowsAsync<InputException>(() => load);
        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_UserConfigIsAFifo_RefusedWithoutHanging()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var userFile = Path.Combine(_home, ".config", "crossreview", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(userFile)!);
        await MakeFifoAsync(userFile);

        var load = Task.Run(() => ConfigLoader.Load(repo.Root, Env()));
        var finished = await Task.WhenAny(load, Task.Delay(TimeSpan.FromSeconds(20)));

        Assert.Same(load, finished);
        var error = await Assert.ThrowsAsync<InputException>(() => load);
        Assert.StartsWith(userFile, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_UserConfigSymlinkToDevZero_Refused()
    {
        using var repo = await TempGitRepo.CreateAsync();
        var userFile = Path.Combine(_home, ".config", "crossreview", "config.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(userFile)!);
        File.CreateSymbolicLink(userFile, "/dev/zero");

        var error = Assert.Throws<InputException>(() => ConfigLoader.Load(repo.Root, Env()));

        Assert.Contains("not a regular file", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Load_FileOverSizeCap_Refused(bool repositoryFile)
    {
        using var repo = await TempGitRepo.CreateAsync();
        var big = "# " + new string('x', ConfigLoader.MaxFileBytes) + "\n";
        if (repositoryFile)
        {
            repo.WriteFile(".crossreview.toml", big);
        }
        else
        {
            WriteUserConfig(big);
        }

        var error = Assert.Throws<InputException>(() => ConfigLoader.Load(repo.Root, Env()));

        Assert.Contains("larger than 256 KiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Load_FileJustUnderSizeCap_Read()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(".crossreview.toml", BaseConfig + "# " + new string('x', ConfigLoader.MaxFileBytes - BaseConfig.Length - 3) + "\n");

        Assert.Equal(["*.base"], ConfigLoader.Load(repo.Root, Env()).PathFilters);
    }

    private static async Task MakeFifoAsync(string path)
    {
        using var mkfifo = Process.Start("mkfifo", [path]);
        await mkfifo.WaitForExitAsync();
        Assert.Equal(0, mkfifo.ExitCode);
    }
}
