using CrossReview.Git;
using CrossReview.Panel;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Testing;

namespace CrossReview.Tests.Planning;

public sealed class CallerFinderTests
{
    private static async Task<ReviewPlan> PlanAsync(TempGitRepo repo, TargetSpec target) =>
        ReviewPlanner.Plan(await new ChangeAcquirer().AcquireAsync(target, repo.Root, new StringReader(""), CancellationToken.None));

    private static Task<IReadOnlyList<CallSite>> FindAsync(ReviewPlan plan, int maxSymbols = CallerFinder.DefaultMaxSymbols, int maxSites = CallerFinder.DefaultMaxSitesPerSymbol) =>
        new CallerFinder(new GitCli(), maxSymbols, maxSites).FindAsync(plan, CancellationToken.None);

    /// <summary>What git itself says: <c>git grep</c> of the literal whole word at HEAD, as (file, line).</summary>
    private static async Task<List<(string File, int Line)>> GitGrepAsync(TempGitRepo repo, string word, params string[] paths)
    {
        var output = await repo.GitAsync(["grep", "-n", "-w", "-F", "-e", word, "HEAD", "--", .. paths]);
        return [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 4))
            .Select(p => (p[1], int.Parse(p[2], System.Globalization.CultureInfo.InvariantCulture)))];
    }

    private static async Task<TempGitRepo> RenamedFunctionRepoAsync()
    {
        var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("lib/calc.py", "def add_numbers(a, b):\n    return a + b\n");
        repo.WriteFile("app/one.py", "from lib.calc import add_numbers\n\nprint(add_numbers(1, 2))\n");
        repo.WriteFile("app/two.py", "import lib.calc\n\n\nvalue = lib.calc.add_numbers(3, 4)\nother = add_numbers_fast(1)\n");
        await repo.CommitAllAsync("calc");
        repo.WriteFile("lib/calc.py", "def sum_numbers(a, b):\n    return a + b\n");
        await repo.CommitAllAsync("rename");
        return repo;
    }

    [Fact]
    public async Task FindAsync_RenamedFunction_CallersInOtherFilesFound()
    {
        using var repo = await RenamedFunctionRepoAsync();
        var plan = await PlanAsync(repo, new TargetSpec(TargetKind.Commit, "HEAD"));

        var sites = await FindAsync(plan);

        Assert.Equal(["add_numbers", "sum_numbers"], CallerFinder.ChangedSymbols(plan));
        var expected = await GitGrepAsync(repo, "add_numbers");
        Assert.Equal(3, expected.Count);
        Assert.Equal(expected, sites.Where(s => s.Symbol == "add_numbers").Select(s => (s.File, s.Line)));
        Assert.Contains(sites, s => s.File == "app/two.py" && s.Text == "value = lib.calc.add_numbers(3, 4)");
        Assert.DoesNotContain(sites, s => s.Text.Contains("add_numbers_fast", StringComparison.Ordinal));
        Assert.DoesNotContain(sites, s => s.Symbol == "sum_numbers");
    }

    [Fact]
    public async Task FindAsync_DeletedFile_CallersOfItsDefinitionsFound()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("lib/calc.py", "def add_numbers(a, b):\n    return a + b\n");
        repo.WriteFile("app/one.py", "from lib.calc import add_numbers\n\nprint(add_numbers(1, 2))\n");
        await repo.CommitAllAsync("calc");
        repo.DeleteFile("lib/calc.py");
        await repo.CommitAllAsync("delete calc");
        var plan = await PlanAsync(repo, new TargetSpec(TargetKind.Commit, "HEAD"));
        Assert.Equal(ReviewPlanner.Deleted, Assert.Single(plan.Files).SkipReason);

        var sites = await FindAsync(plan);

        Assert.Equal(["add_numbers"], CallerFinder.ChangedSymbols(plan));
        var expected = await GitGrepAsync(repo, "add_numbers");
        Assert.Equal(2, expected.Count);
        Assert.Equal(expected, sites.Select(s => (s.File, s.Line)));
    }

    [Fact]
    public async Task FindAsync_HeadGitCannotRead_InputException()
    {
        using var repo = await RenamedFunctionRepoAsync();
        var plan = await PlanAsync(repo, new TargetSpec(TargetKind.Commit, "HEAD"));
        var missing = plan with { Change = plan.Change with { Head = new string('1', plan.Change.Head!.Length) } };

        var ex = await Assert.ThrowsAsync<InputException>(() => FindAsync(missing));

        Assert.StartsWith("git grep failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindAsync_UncommittedChange_SearchesTheWorkingTreeAndSkipsAddedLines()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("src/store.js", "function loadOrders(id) {\n  return db.get(id);\n}\n\nmodule.exports = { loadOrders };\n");
        repo.WriteFile("src/api.js", "const { loadOrders } = require('./store');\n");
        await repo.CommitAllAsync("store");
        repo.WriteFile("src/store.js", "function loadOrders(id, limit) {\n  return db.get(id, limit);\n}\n\nloadOrders(1, 2);\nmodule.exports = { loadOrders };\n");
        repo.WriteFile("src/new-caller.js", "loadOrders(7);\n");
        var plan = await PlanAsync(repo, TargetSpec.Uncommitted);

        var sites = await FindAsync(plan);

        Assert.Equal(["loadOrders"], CallerFinder.ChangedSymbols(plan));
        Assert.Equal(
            [("src/api.js", 1), ("src/store.js", 6)],
            sites.Select(s => (s.File, s.Line)));
    }

    [Fact]
    public async Task FindAsync_Bounds_AtMostSitesPerSymbolAndSymbols()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("lib/ops.py", "def first_op():\n    pass\n\ndef second_op():\n    pass\n");
        for (var i = 0; i < 5; i++)
        {
            repo.WriteFile($"app/use{i}.py", "first_op()\nsecond_op()\n");
        }

        await repo.CommitAllAsync("ops");
        repo.WriteFile("lib/ops.py", "def first_op():\n    return 1\n\ndef second_op():\n    return 2\n");
        await repo.CommitAllAsync("change both");
        var plan = await PlanAsync(repo, new TargetSpec(TargetKind.Commit, "HEAD"));
        Assert.Equal(["first_op", "second_op"], CallerFinder.ChangedSymbols(plan));

        var bounded = await FindAsync(plan, maxSymbols: 1, maxSites: 2);
        var unbounded = await FindAsync(plan, maxSymbols: 10, maxSites: 100);

        Assert.Equal(2, bounded.Count);
        Assert.All(bounded, s => Assert.Equal("first_op", s.Symbol));
        Assert.Equal(5, unbounded.Count(s => s.Symbol == "first_op"));
        Assert.Equal(5, unbounded.Count(s => s.Symbol == "second_op"));
        Assert.Equal(unbounded.Take(2), bounded);
        Assert.Empty(await FindAsync(plan, maxSymbols: 0));
        Assert.Empty(await FindAsync(plan, maxSites: 0));
    }

    [Fact]
    public async Task FindAsync_SymbolWithRegexCharacters_SearchedLiterally()
    {
        // Read as a regular expression, "load$" would mean "load" at the end of a line and find nothing here.
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("src/http.js", "function load$(url) {\n  return get(url);\n}\n");
        repo.WriteFile("src/page.js", "const a = load$('/a');\nconst b = load('/b');\nconst c = xload$('/c');\nconst d = preload\n");
        await repo.CommitAllAsync("http");
        repo.WriteFile("src/http.js", "function load$(url, options) {\n  return get(url, options);\n}\n");
        await repo.CommitAllAsync("options");
        var plan = await PlanAsync(repo, new TargetSpec(TargetKind.Commit, "HEAD"));

        var sites = await FindAsync(plan);

        Assert.Equal(["load$"], CallerFinder.ChangedSymbols(plan));
        var site = Assert.Single(sites);
        Assert.Equal(("src/page.js", 1, "const a = load$('/a');"), (site.File, site.Line, site.Text));
    }

    [Fact]
    public async Task FindAsync_SkippedAndDefaultFilteredFiles_Ignored()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("lib/core.py", "def compute_total(items):\n    return sum(items)\n");
        repo.WriteFile("vendor/lib/copy.py", "compute_total([1])\n");
        repo.WriteFile("static/app.min.js", "compute_total([1])\n");
        repo.WriteFile("app/main.py", "compute_total([2])\n");
        await repo.CommitAllAsync("core");
        repo.WriteFile("lib/core.py", "def compute_total(items):\n    return sum(items) + 1\n");
        await repo.CommitAllAsync("off by one");
        var plan = await PlanAsync(repo, new TargetSpec(TargetKind.Commit, "HEAD"));

        var sites = await FindAsync(plan);

        Assert.Equal(4, (await GitGrepAsync(repo, "compute_total")).Count);
        Assert.Equal([("app/main.py", 1)], sites.Select(s => (s.File, s.Line)));
    }

    [Fact]
    public async Task FindAsync_NoCallers_NoSitesAndNoPromptSection()
    {
        using var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile("lib/a.py", "x = 1\n");
        await repo.CommitAllAsync("a");
        repo.WriteFile("lib/a.py", "x = 1\n\ndef brand_new_helper():\n    return x\n");
        await repo.CommitAllAsync("helper");
        var plan = await PlanAsync(repo, new TargetSpec(TargetKind.Commit, "HEAD"));

        var sites = await FindAsync(plan);

        Assert.Equal(["brand_new_helper"], CallerFinder.ChangedSymbols(plan));
        Assert.Empty(sites);
        var prompt = RolePromptBuilder.Build(PanelRole.Callers, plan, null, 1000, callSites: sites);
        Assert.DoesNotContain(RolePromptBuilder.CallSitesHeading, prompt.User, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FindAsync_CallersPrompt_CarriesTheFoundSites()
    {
        using var repo = await RenamedFunctionRepoAsync();
        var plan = await PlanAsync(repo, new TargetSpec(TargetKind.Commit, "HEAD"));
        var sites = await FindAsync(plan);

        var prompt = RolePromptBuilder.Build(PanelRole.Callers, plan, null, 1000, callSites: sites);

        Assert.Contains("SYMBOL add_numbers\napp/one.py:1: from lib.calc import add_numbers\napp/one.py:3: print(add_numbers(1, 2))\n", prompt.User, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("def add_numbers(a, b):", "add_numbers")]
    [InlineData("func (r *Repo) Save(ctx context.Context) error {", "Save")]
    [InlineData("func ParseHeader(b []byte) (Header, error) {", "ParseHeader")]
    [InlineData("    public static int Add(int a, int b)", "Add")]
    [InlineData("    private async Task<List<int>> LoadAll(CancellationToken ct)", "LoadAll")]
    [InlineData("    internal sealed class OrderService : IOrderService", "OrderService")]
    [InlineData("public record Invoice(decimal Total);", "Invoice")]
    [InlineData("export const fetchUser = async (id) => {", "fetchUser")]
    [InlineData("export function renderPage(props: Props): string {", "renderPage")]
    [InlineData("class OrderService:", "OrderService")]
    [InlineData("pub fn parse_header(input: &str) -> Result<Header> {", "parse_header")]
    [InlineData("  render(props) {", "render")]
    [InlineData("    void reset(int level) {", "reset")]
    [InlineData("interface Shape {", "Shape")]
    public void Definitions_CommonShapes_TheDefinedName(string line, string name)
    {
        Assert.Equal([name], CallerFinder.Definitions(line));
    }

    [Theory]
    [InlineData("if (x > 0) {")]
    [InlineData("    return compute(x);")]
    [InlineData("print(add_numbers(1, 2))")]
    [InlineData("} else if (ready) {")]
    [InlineData("for (var i = 0; i < n; i++) {")]
    [InlineData("// the class of problem")]
    [InlineData("def go():")]
    public void Definitions_CallsKeywordsAndShortNames_Nothing(string line)
    {
        Assert.Empty(CallerFinder.Definitions(line));
    }
}
