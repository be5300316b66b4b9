namespace CrossReview.Reports;

public sealed record ToolInfo(string Name, string Version)
{
    public static ToolInfo Current { get; } = new("crossreview",
        typeof(ToolInfo).Assembly.GetName().Version?.ToString(3) ?? "0.0.0");
}
