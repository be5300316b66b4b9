using System.Text.Json;
using CrossReview.Findings;
using CrossReview.Git;
using CrossReview.Planning;
using CrossReview.Prompts;
using CrossReview.Reviewers;
using CrossReview.Testing;

namespace CrossReview.Tests.Reviewers.AgentCli;

/// <summary>
/// A repository whose uncommitted change skips the first element of a sum (line 3 of <c>calc.py</c>), the real review
/// prompt for it, and the review a model that found the bug answers with.
/// </summary>
internal sealed class SeededBug : IDisposable
{
    public const string File = "calc.py";
    public const int Line = 3;
    public const string Title = "Loop skips the first element";

    private SeededBug(TempGitRepo repo, ReviewPlan plan, ReviewPrompt prompt)
    {
        Repo = repo;
        Plan = plan;
        Prompt = prompt;
    }

    public TempGitRepo Repo { get; }
    public ReviewPlan Plan { get; }
    public ReviewPrompt Prompt { get; }

    /// <summary>The <c>crossreview_review</c> answer naming the bug, with the line's real hash tag.</summary>
    public string ReviewJson => JsonSerializer.Serialize(new
    {
        verdict = "request_changes",
        summary = "The sum now starts at index 1 and drops the first value.",
        findings = new[]
        {
            new
            {
                title = Title,
                body = "range(1, len(values)) starts at 1, so values[0] is never added.",
                severity = "major",
                category = "correctness",
                file = File,
                start_line = Line,
                end_line = Line,
                start_line_hash = LineHash.Of("    for i in range(1, len(values)):"),
                confidence = 0.9,
                recommendation = "Iterate over range(len(values)).",
            },
        },
    });

    /// <param name="padding">Extra changed text, to grow the prompt past the limits of one command-line argument.</param>
    public static async Task<SeededBug> CreateAsync(int padding = 0)
    {
        var repo = await TempGitRepo.CreateAsync();
        try
        {
            repo.WriteFile(File, "def total(values):\n    result = 0\n    for i in range(len(values)):\n        result += values[i]\n    return result\n");
            await repo.GitAsync("add", "-A");
            await repo.GitAsync("commit", "-q", "-m", "calc");
            repo.WriteFile(File, "def total(values):\n    result = 0\n    for i in range(1, len(values)):\n        result += values[i]\n    return result\n");
            if (padding > 0)
            {
                // Long lines keep the file under the planner's changed-line limit, so it is reviewed and stays in the prompt.
                var lines = Enumerable.Range(0, padding / 200 + 1).Select(i => $"# padding line {i:D6} {new string('x', 180)}");
                repo.WriteFile("notes.py", string.Join('\n', lines) + "\n");
            }

            var change = await new ChangeAcquirer().AcquireAsync(TargetSpec.Uncommitted, repo.Root, new StringReader(""), CancellationToken.None);
            var plan = ReviewPlanner.Plan(change);
            return new SeededBug(repo, plan, PromptBuilder.BuildReview(plan, null, 8000));
        }
        catch
        {
            repo.Dispose();
            throw;
        }
    }

    /// <summary>Parses and anchors a reviewer's answer the way the engine does.</summary>
    public AnchorOutcome Anchor(string reviewer, string? text)
    {
        var parsed = ReviewResponseParser.Parse(text);
        Assert.True(parsed.IsSuccess, parsed.Error);
        return new FindingAnchorer(Plan).Anchor(reviewer, parsed.Review!.Findings);
    }

    public void Dispose() => Repo.Dispose();
}
