using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using CrossReview.Findings;

namespace CrossReview.Reviewers.Sarif;

/// <summary>
/// A static analyzer as a reviewer (<c>sarif:FILE</c>): the results of a SARIF 2.1.0 log, handed to the engine as a
/// <c>crossreview_review</c> answer. The log is read and checked when the reviewer is created, so a missing or broken
/// file is a usage error (exit 2) before any model is paid. The engine keeps only results on changed lines
/// (<see cref="AnchorPolicy.ChangedLinesOnly"/>): an analyzer's verdict on code the change did not touch is not a review
/// of the change.
/// </summary>
internal sealed class SarifReviewer : IReviewer
{
    /// <summary>An analyzer does not guess, but a rule can still fire on correct code.</summary>
    public const double Confidence = 0.9;

    private readonly string _answer;
    private readonly string? _failure;
    private readonly ReviewerDetails? _details;

    private SarifReviewer(string name, string? role, SarifLog log)
    {
        Name = name;
        Role = role;
        Model = log.Tools.Count == 0 ? null : string.Join(", ", log.Tools.Select(t => t.Display));
        var versions = log.Tools.Where(t => t.Version is not null).Select(t => t.Version!).Distinct().ToList();
        _details = versions.Count == 0 ? null : new ReviewerDetails(string.Join(", ", versions), null, null);
        _answer = Answer(log);
        _failure = Unplaceable(log);
    }

    public string Name { get; }

    public string Provider => ReviewerProviders.Sarif;

    /// <summary>The tools of the log with their versions (<c>CodeQL 2.19.3</c>), comma-separated when its runs differ.</summary>
    public string? Model { get; }

    public string? Role { get; }

    /// <summary>
    /// Reads the log <c>spec.Model</c> names: a relative path is taken from <see cref="ReviewerSettings.WorkingDirectory"/>
    /// (else the current directory), and result paths are made relative to that same repository root.
    /// </summary>
    /// <exception cref="InputException">No file named, or the file is missing, not JSON, or not SARIF 2.1.0.</exception>
    public static SarifReviewer Create(ReviewerSpec spec, ReviewerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        if (string.IsNullOrWhiteSpace(spec.Model))
        {
            throw new InputException($"reviewer '{spec.SafeText}' names no SARIF log; expected sarif:FILE");
        }

        var root = Path.GetFullPath(settings.WorkingDirectory ?? Directory.GetCurrentDirectory());
        var log = SarifLogReader.Read(Path.GetFullPath(spec.Model, root), root);
        return new SarifReviewer(settings.DisplayName ?? spec.SafeText, settings.Role, log);
    }

    public Task<ReviewerResponse> ReviewAsync(ReviewPrompt prompt, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        // No model is paid: a known zero keeps the review's total cost known.
        var response = _failure is null ? ReviewerResponse.Success(_answer, null, Model) : ReviewerResponse.Failure(_failure, rawText: _answer) with { Model = Model };
        return Task.FromResult(response with { ReportedCostUsd = 0m, Details = _details });
    }

    /// <summary>
    /// Why the log cannot be a review of this repository: it has results on files, and not one of them is a file here. Its
    /// results would all be dropped and the analyzer would approve a change it never looked at.
    /// </summary>
    private static string? Unplaceable(SarifLog log)
    {
        var located = log.Results.Count(r => r.File is not null);
        if (located == 0 || log.Unlocated < located)
        {
            return null;
        }

        var example = log.Results.First(r => r.File is not null).File;
        return string.Create(CultureInfo.InvariantCulture, $"none of the {located} result(s) in {Path.GetFileName(log.Path)} names a file of this repository (e.g. {example})")
            + ": the log was made for another checkout or machine; run the analyzer on this repository, or have it write paths relative to the repository root (CodeQL's %SRCROOT%, Semgrep's default)";
    }

    private static string Answer(SarifLog log)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("verdict", log.Results.Any(r => r.Severity >= Severity.Minor) ? ReviewResponseParser.RequestChanges : ReviewResponseParser.Approve);
            json.WriteString("summary", Summary(log));
            json.WriteStartArray("findings");
            foreach (var result in log.Results)
            {
                json.WriteStartObject();
                json.WriteString("title", result.Title);
                json.WriteString("body", result.Body);
                json.WriteString("severity", SeverityParser.ToName(result.Severity));
                json.WriteString("category", result.Category);
                WriteOptional(json, "file", result.File);
                if (result.StartLine is { } start)
                {
                    json.WriteNumber("start_line", start);
                    json.WriteNumber("end_line", result.EndLine ?? start);
                }

                json.WriteNumber("confidence", Confidence);
                WriteOptional(json, "recommendation", result.Recommendation);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }

    private static string Summary(SarifLog log)
    {
        var tools = log.Tools.Count == 0 ? "no tool" : string.Join(", ", log.Tools.Select(t => t.Display));
        var summary = string.Create(CultureInfo.InvariantCulture, $"{log.Results.Count} open result(s) from {tools} in {Path.GetFileName(log.Path)}");
        if (log.Ignored > 0)
        {
            summary += string.Create(CultureInfo.InvariantCulture, $"; {log.Ignored} suppressed or fixed result(s) ignored");
        }

        return summary + "; only results on changed lines are kept.";
    }
}
