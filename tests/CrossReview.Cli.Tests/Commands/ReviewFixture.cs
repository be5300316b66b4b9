using CrossReview.Testing;

namespace CrossReview.Tests;

/// <summary>A repository whose uncommitted change adds a SQL injection at a known new-side line.</summary>
internal sealed class ReviewFixture : IDisposable
{
    public const string File = "app/users.py";
    public const string Key = "sk-test-7f3a9c0e-very-secret-key";

    private ReviewFixture(TempGitRepo repo, int injectionLine)
    {
        Repo = repo;
        InjectionLine = injectionLine;
    }

    public TempGitRepo Repo { get; }

    /// <summary>The new-side line of the query built from user input.</summary>
    public int InjectionLine { get; }

    public static async Task<ReviewFixture> CreateAsync()
    {
        var repo = await TempGitRepo.CreateAsync();
        repo.WriteFile(File, "import sqlite3\n\n\ndef connect():\n    return sqlite3.connect('app.db')\n");
        repo.WriteFile("README.md", "users service\n");
        await repo.CommitAllAsync("initial");

        var changed = """
            import sqlite3


            def connect():
                return sqlite3.connect('app.db')


            def find_user(name):
                db = connect()
                query = f"SELECT * FROM users WHERE name = '{name}'"
                return db.execute(query).fetchall()

            """;
        repo.WriteFile(File, changed);
        var line = changed.Split('\n').ToList().FindIndex(l => l.Contains("SELECT", StringComparison.Ordinal)) + 1;
        return new ReviewFixture(repo, line);
    }

    /// <summary>The answer a good reviewer gives for this change.</summary>
    public string InjectionReview(int? line = null, string file = File) => $$"""
        {"verdict":"request_changes","summary":"SQL injection in find_user.",
         "findings":[{"title":"SQL injection through the name parameter","body":"name is interpolated into the SQL text.",
           "severity":"P0","category":"security","file":"{{file}}","start_line":{{line ?? InjectionLine}},"end_line":{{line ?? InjectionLine}},
           "confidence":0.95,"recommendation":"Use a parameterized query: db.execute('... WHERE name = ?', (name,))"}]}
        """;

    public void Dispose() => Repo.Dispose();
}
