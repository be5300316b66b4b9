using System.CommandLine;
using System.Text.Json;
using CrossReview.Cli.Rendering;
using CrossReview.Configuration;
using CrossReview.Reports;
using CrossReview.Reviewers;
using CrossReview.Reviewers.Detection;
using Spectre.Console;

namespace CrossReview.Cli.Commands;

/// <summary><c>crossreview reviewers</c>: the configured and the detectable reviewers, whether each can run here, and which one <c>review</c> would pick.</summary>
internal static class ReviewersCommand
{
    public static Command Create(CliEnvironment env)
    {
        var author = new Option<string?>("--author") { Description = "Family of the model that wrote the change (openai, anthropic, google, local), to show which reviewer review would pick", HelpName = "FAMILY" };
        var directory = new Option<string?>("-C") { Description = "Run as if crossreview was started in DIR", HelpName = "DIR" };
        var format = new Option<string>("--format") { Description = "Output format", DefaultValueFactory = _ => "text" }.AcceptOnlyFromAmong("text", "json");
        var command = new Command("reviewers", "List configured and detected reviewers: family, whether each can run here and why not, and which one review would pick")
        {
            author, directory, format,
        };
        command.SetAction(async (parse, ct) =>
        {
            var dir = parse.GetValue(directory) is { } given ? Path.GetFullPath(given, env.CurrentDirectory) : env.CurrentDirectory;
            if (!Directory.Exists(dir))
            {
                throw new InputException($"-C: no such directory: {parse.GetValue(directory)}");
            }

            var listing = await ListAsync(env, dir, parse.GetValue(author), ct).ConfigureAwait(false);
            if (parse.GetValue(format) == "json")
            {
                await env.Out.WriteLineAsync(env.Redact(JsonSerializer.Serialize(listing, ReportJson.Options))).ConfigureAwait(false);
            }
            else
            {
                using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
                Render(OutputConsole.Create(env, writer), listing, OutputConsole.IsFancy(env));
                await env.Out.WriteAsync(env.Redact(writer.ToString())).ConfigureAwait(false);
            }

            return 0;
        });
        return command;
    }

    private static async Task<ReviewersListing> ListAsync(CliEnvironment env, string directory, string? authorOption, CancellationToken ct)
    {
        var author = await AuthorFamily.DetectAsync(authorOption, null, env.GetEnvironmentVariable, ct).ConfigureAwait(false);
        var detector = new ReviewerDetector(env.GetEnvironmentVariable);
        var config = await CommandConfig.LoadAsync(env, directory, ct).ConfigureAwait(false);
        var configured = await detector.ConfiguredAsync(config, await RepositoryRoot.FindAsync(directory, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        var detected = await detector.ListAsync(ct).ConfigureAwait(false);

        // What a plain review runs: the default profile when the config has one, detection only otherwise.
        var named = new ReviewerResolver(config).Select([], null);
        if (named.Reviewers.Count > 0)
        {
            var names = named.Reviewers.Select(r => r.Name).ToList();
            var inProfile = names.ToHashSet(StringComparer.Ordinal);
            var profileRows = configured.Concat(detected)
                .Select(c => Row(c, picked: c.Configured && inProfile.Contains(c.Name)))
                .ToList();
            var same = ReviewerDetector.ForNamed(named.Reviewers.Select(r => r.Spec).ToList(), author, env.GetEnvironmentVariable).SameFamily;
            var reason = $"review would run profile '{named.Profile!.Name}' (default_profile in {named.Profile.Source}): {string.Join(", ", names)}";
            return new ReviewersListing(author.Families, author.Source, string.Join(", ", names), reason, same, profileRows) { Profile = named.Profile.Name };
        }

        var choice = ReviewerDetector.Choose(detected, author);
        var picked = choice.Specs.Count == 1 ? choice.Specs[0] : null;
        var rows = configured.Concat(detected)
            .Select(c => Row(c, picked: !c.Configured && picked is not null && ReferenceEquals(c.Spec, picked)))
            .ToList();
        return new ReviewersListing(author.Families, author.Source, rows.FirstOrDefault(r => r.Picked)?.Name, choice.Reason, choice.SameFamily, rows);
    }

    private static ReviewerRow Row(ReviewerCandidate c, bool picked) =>
        new(c.Name, c.Spec.SafeText, c.Spec.Provider, c.Spec.Model, c.Role, c.Family, c.Configured, c.Available, c.Detail, c.Fix, picked);

    private static void Render(IAnsiConsole console, ReviewersListing listing, bool fancy)
    {
        if (fancy)
        {
            var table = new Table { Border = TableBorder.Rounded };
            table.AddColumns("", "reviewer", "source", "family", "available", "why / why not", "fix");
            foreach (var row in listing.Reviewers)
            {
                table.AddRow(
                    row.Picked ? "→" : "",
                    Markup.Escape(row.Name) + (row.Role is null ? "" : Markup.Escape($" [{row.Role}]")),
                    row.Configured ? "config" : "detected",
                    Markup.Escape(row.Family ?? "unknown"),
                    row.Available ? "[green]yes[/]" : "[red]no[/]",
                    Markup.Escape(row.Detail),
                    Markup.Escape(row.Fix ?? ""));
            }

            console.Write(table);
        }
        else
        {
            // One line per reviewer in a pipe: a table wider than any log viewer wraps into noise.
            foreach (var row in listing.Reviewers)
            {
                var role = row.Role is null ? "" : $", role {row.Role}";
                var fix = row.Fix is null ? "" : $"; fix: {row.Fix}";
                console.WriteLine($"{(row.Picked ? "→" : " ")} {row.Name} ({row.Family ?? "unknown"}, {(row.Configured ? "config" : "detected")}{role}): " +
                                  $"{(row.Available ? "available" : "not available")}: {row.Detail}{fix}");
            }
        }

        var author = listing.AuthorFamilies.Count == 0
            ? "unknown (--author FAMILY, or inside Claude Code / codex it is detected)"
            : $"{string.Join(" and ", listing.AuthorFamilies)} (from {listing.AuthorSource})";
        console.WriteLine($"author: {author}");
        var sameFamily = listing.SameFamily ? " (the author's own family: add another family)" : "";
        console.WriteLine(listing switch
        {
            { Profile: { } profile } => $"review would run profile '{profile}': {listing.Pick}{sameFamily}",
            { Pick: null } => "review would pick: nothing is available; set up one of the reviewers above (crossreview doctor says how)",
            _ => $"review would pick: {listing.Pick}{sameFamily}",
        });
    }
}
