using CrossReview.Engine;
using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Reports;
using CrossReview.Reviewers;
using CrossReview.Testing;

namespace CrossReview.Tests.Reviewers.Sarif;

/// <summary>
/// A repository whose uncommitted change touches the three files the SARIF fixtures in <c>TestData</c> point at (a C#
/// file in a folder with a space, a Python file and a JavaScript file), with the fixtures' <c>__REPO_URI__</c> filled in.
/// Logs are written outside the repository so that they are not part of the change.
/// </summary>
internal sealed class SarifTestRepo : IDisposable
{
    public const string CSharpFile = "src/Demo App/Greeter.cs";
    public const string PythonFile = "app/users.py";
    public const string JavaScriptFile = "src/db.js";

    public const string CSharp = """
        namespace Demo;

        public static class Greeter
        {
            public static string Greet(string? name)
            {
                int unused;
                return "Hello " + name.Trim();
            }
        }

        """;

    public const string Python = """
        import sqlite3


        def connect():
            return sqlite3.connect('app.db')


        def find_user(name):
            db = connect()
            query = f"SELECT * FROM users WHERE name = '{name}'"
            return db.execute(query).fetchall()

        """;

    public const string JavaScript = """
        const express = require('express');
        const db = require('./pool');

        const app = express();

        app.get('/user', (req, res) => {
          const sql = "SELECT * FROM users WHERE id = '" + req.query.id + "'";
          db.query(sql, (err, rows) => res.json(rows));
        });

        app.get('/calc', (req, res) => {
          res.send(String(eval(req.query.expr)));
        });

        app.listen(3000);

        """;

    private readonly DirectoryInfo _logs = Directory.CreateTempSubdirectory("crossreview-sarif-");

    private SarifTestRepo(TempGitRepo repo, AcquiredChange change)
    {
        Repo = repo;
        Change = change;
        Plan = ReviewPlanner.Plan(change);
    }

    public TempGitRepo Repo { get; }

    public AcquiredChange Change { get; }

    public ReviewPlan Plan { get; }

    public static async Task<SarifTestRepo> CreateAsync()
    {
        var repo = await TempGitRepo.CreateAsync();
        try
        {
            repo.WriteFile(CSharpFile, "namespace Demo;\n\npublic static class Greeter\n{\n    public static string Greet(string name)\n    {\n        return \"Hello \" + name;\n    }\n}\n");
            repo.WriteFile(PythonFile, "import sqlite3\n\n\ndef connect():\n    return sqlite3.connect('app.db')\n");
            repo.WriteFile(JavaScriptFile, "const express = require('express');\nconst db = require('./pool');\n\nconst app = express();\n\napp.listen(3000);\n");
            await repo.CommitAllAsync("initial");
            repo.WriteFile(CSharpFile, CSharp);
            repo.WriteFile(PythonFile, Python);
            repo.WriteFile(JavaScriptFile, JavaScript);
            var change = await new ChangeAcquirer().AcquireAsync(TargetSpec.Uncommitted, repo.Root, new StringReader(""), CancellationToken.None);
            return new SarifTestRepo(repo, change);
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    /// <summary>The repository root as a <c>file://</c> URI without a trailing slash, percent-encoded as tools write it.</summary>
    public string RootUri => new Uri(Repo.Root + "/").AbsoluteUri.TrimEnd('/');

    /// <summary>1-based line of the first line of <paramref name="content"/> that contains <paramref name="text"/>.</summary>
    public static int LineOf(string content, string text) =>
        content.Split('\n').ToList().FindIndex(l => l.Contains(text, StringComparison.Ordinal)) + 1;

    /// <summary>Writes fixture <paramref name="name"/> (from <c>TestData</c>) for this repository and returns its path.</summary>
    public string Log(string name) => WriteLog(name, Fixture(name).Replace("__REPO_URI__", RootUri, StringComparison.Ordinal));

    public string WriteLog(string name, string content)
    {
        var path = Path.Combine(_logs.FullName, name);
        File.WriteAllText(path, content);
        return path;
    }

    public static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Reviewers", "Sarif", "TestData", name));

    public IReviewer Reviewer(string logPath, string? name = null) => ReviewerFactory.Create(
        ReviewerSpec.Parse("sarif:" + logPath),
        new ReviewerSettings { WorkingDirectory = Repo.Root, DisplayName = name, GetEnvironmentVariable = _ => null });

    public Task<Report> ReviewAsync(params IReviewer[] reviewers)
    {
        var run = new ReviewRun(Change, Plan, PromptBuilder.BuildReview(Plan, null, 1024), reviewers, TimeSpan.FromSeconds(10));
        return new ReviewEngine(TimeProvider.System).RunAsync(run, NullReviewProgress.Instance, CancellationToken.None);
    }

    public void Dispose()
    {
        Repo.Dispose();
        _logs.Delete(recursive: true);
    }
}
