using System.Text;
using System.Text.Json;
using CrossReview.Diffs;
using CrossReview.Findings;
using CrossReview.Panel;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Tests.Findings;
using static CrossReview.Tests.Panel.PanelFindings;

namespace CrossReview.Tests.Panel;

public class VoteRequestBuilderTests
{
    // Reviewer names as a user would configure them, each naming a model and provider the prompt must not reveal.
    private const string Codex = "codex-gpt-5.1";
    private const string Claude = "anthropic-claude-sonnet";
    private const string Gemini = "gemini-2.5-pro";

    private static readonly Hunk UsersLookup = TestChanges.Hunk(10, 10,
        " def get_user(db, user_id):",
        "-    return db.query(\"SELECT * FROM users WHERE id = ?\", user_id)",
        "+    sql = \"SELECT * FROM users WHERE id = \" + user_id",
        "+    return db.query(sql)",
        " ");

    private static readonly Hunk UsersUpdate = TestChanges.Hunk(100, 101,
        " def update_balance(db, user_id, amount):",
        "+    balance = db.read_balance(user_id)",
        "+    db.write_balance(user_id, balance + amount)");

    private static readonly Hunk OrdersHunk = TestChanges.Hunk(5, 5,
        " def create_order(request):",
        "+    payload = json.loads(request.body)",
        "+    return save(payload)");

    private static readonly FileChange Users = TestChanges.File("api/users.py", UsersLookup, UsersUpdate);
    private static readonly FileChange Orders = TestChanges.File("api/orders.py", OrdersHunk);
    private static readonly ReviewPlan Plan = ReviewPlanner.Plan(TestChanges.Change(Users, Orders));

    private static readonly RaisedFinding[] Findings =
    [
        Raised(Codex, "api/users.py", 11, 12, "security", "SQL injection in get_user", Severity.Critical, "user_id is concatenated into the query."),
        Raised(Claude, "api/users.py", 12, 12, "security", "User id concatenated into SQL injection-prone query", Severity.Major, "Attacker-controlled id reaches db.query unescaped."),
        Raised(Gemini, "api/users.py", 102, 103, "concurrency", "Read-then-write race on balance", Severity.Major, "Two concurrent updates lose one amount."),
        Raised(Codex, "api/orders.py", 6, 6, "error_handling", "Malformed JSON body returns 500", Severity.Minor, "json.loads raises on bad input and nothing catches it."),
    ];

    private static readonly IReadOnlyList<FindingCluster> Clusters = FindingClusterer.Cluster(Findings);

    [Fact]
    public void Build_AnyVoter_NoReviewerModelOrProviderAppears()
    {
        Assert.Equal(3, Clusters.Count);
        foreach (var voter in new[] { Codex, Claude, Gemini })
        {
            var request = Assert.IsType<VoteRequest>(VoteRequestBuilder.Build(voter, Clusters, Plan, 4000));
            var prompt = request.Prompt.System + "\n" + request.Prompt.User;
            foreach (var revealing in new[] { Codex, Claude, Gemini, "codex", "gpt", "claude", "anthropic", "gemini", "openai", "google" })
            {
                Assert.DoesNotContain(revealing, prompt, StringComparison.OrdinalIgnoreCase);
            }

            foreach (var raised in Findings)
            {
                Assert.DoesNotContain(raised.Finding.Id, prompt, StringComparison.Ordinal);
                Assert.DoesNotContain(raised.Finding.Fingerprint, prompt, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Build_VoterRaisedSomeClusters_OnlyTheOthersAreListedWithMatchingIds()
    {
        var request = Assert.IsType<VoteRequest>(VoteRequestBuilder.Build(Gemini, Clusters, Plan, 4000));

        var expected = Clusters.Where(c => !c.Reviewers.Contains(Gemini)).ToList();
        Assert.Equal(expected.Select(c => c.Id), request.FindingIds);
        var listed = ListedFindings(request.Prompt.User);
        Assert.Equal(request.FindingIds, listed.Select(f => f.GetProperty("id").GetString()));
        foreach (var (item, cluster) in listed.Zip(expected))
        {
            Assert.Equal(cluster.File, item.GetProperty("file").GetString());
            Assert.Equal(cluster.StartLine, item.GetProperty("start_line").GetInt32());
            Assert.Equal(cluster.EndLine, item.GetProperty("end_line").GetInt32());
            Assert.Equal(SeverityParser.ToName(cluster.Representative.Severity), item.GetProperty("severity").GetString());
            Assert.Equal(cluster.Representative.Category, item.GetProperty("category").GetString());
            Assert.Equal(cluster.Representative.Title, item.GetProperty("title").GetString());
            Assert.Equal(cluster.Representative.Body, item.GetProperty("body").GetString());
        }

        Assert.DoesNotContain("Read-then-write race", request.Prompt.User, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FindingInOneHunk_OnlyThatHunkAndNoOtherFile()
    {
        // Codex raised the SQL injection (with Claude) and the JSON error: only Gemini's race is left for it.
        var request = Assert.IsType<VoteRequest>(VoteRequestBuilder.Build(Codex, Clusters, Plan, 4000));

        Assert.Contains(Rendered(Users, UsersUpdate), request.Prompt.User, StringComparison.Ordinal);
        Assert.DoesNotContain(DiffRenderer.HunkHeader(UsersLookup), request.Prompt.User, StringComparison.Ordinal);
        Assert.DoesNotContain("SELECT * FROM users", request.Prompt.User, StringComparison.Ordinal);
        Assert.DoesNotContain("api/orders.py", request.Prompt.User, StringComparison.Ordinal);
        Assert.DoesNotContain("json.loads", request.Prompt.User, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_FindingsInTwoFiles_EachFileWithItsHunkInsideTheFence()
    {
        var request = Assert.IsType<VoteRequest>(VoteRequestBuilder.Build(Gemini, Clusters, Plan, 4000));
        var user = request.Prompt.User;

        // The markers are first named inside a sentence; the fence itself is where they open a line.
        var begin = user.IndexOf("\n<<<CROSSREVIEW UNTRUSTED DATA BEGIN ", StringComparison.Ordinal);
        var end = user.IndexOf("\n<<<CROSSREVIEW UNTRUSTED DATA END ", begin + 1, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin);
        var fenced = user[begin..end];
        Assert.Contains(Rendered(Users, UsersLookup), fenced, StringComparison.Ordinal);
        Assert.Contains(Rendered(Orders, OrdersHunk), fenced, StringComparison.Ordinal);
        Assert.DoesNotContain(DiffRenderer.HunkHeader(UsersUpdate), fenced, StringComparison.Ordinal);
        Assert.Contains("SQL injection in get_user", fenced, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_VoterRaisedEveryCluster_Null()
    {
        var own = FindingClusterer.Cluster([Findings[0], Findings[3]]);

        Assert.Null(VoteRequestBuilder.Build(Codex, own, Plan, 4000));
        Assert.NotNull(VoteRequestBuilder.Build(Gemini, own, Plan, 4000));
    }

    [Fact]
    public void Build_SchemaAndInstructions_NameCrossreviewVote()
    {
        var request = Assert.IsType<VoteRequest>(VoteRequestBuilder.Build(Claude, Clusters, Plan, 1234));

        Assert.Equal("crossreview_vote", request.Prompt.SchemaName);
        Assert.Equal(1234, request.Prompt.MaxOutputTokens);
        Assert.Equal(["votes", "new_findings"], request.Prompt.Schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var vote = request.Prompt.Schema.GetProperty("properties").GetProperty("votes").GetProperty("items").GetProperty("properties").GetProperty("vote");
        Assert.Equal(["confirm", "dismiss", "unsure"], vote.GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("`crossreview_vote`", request.Prompt.System, StringComparison.Ordinal);
        Assert.Contains(request.Prompt.Schema.GetRawText(), request.Prompt.System, StringComparison.Ordinal);
        Assert.DoesNotContain("{{", request.Prompt.System, StringComparison.Ordinal);
    }

    private static string Rendered(FileChange file, Hunk hunk)
    {
        var full = new StringBuilder();
        DiffRenderer.AppendHunks(full, file, file.Hunks);
        var lines = full.ToString().Split('\n');
        var header = DiffRenderer.HunkHeader(hunk);
        var start = Array.IndexOf(lines, header);
        Assert.True(start >= 0, header);
        return string.Join('\n', lines.Skip(start).Take(1 + hunk.Lines.Count)) + "\n";
    }

    private static List<JsonElement> ListedFindings(string user)
    {
        var start = user.IndexOf("FINDINGS\n", StringComparison.Ordinal) + "FINDINGS\n".Length;
        var end = user.IndexOf("\n\n", start, StringComparison.Ordinal);
        using var document = JsonDocument.Parse(user[start..end]);
        return [.. document.RootElement.EnumerateArray().Select(e => e.Clone())];
    }
}
