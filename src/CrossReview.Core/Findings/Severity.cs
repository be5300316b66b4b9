namespace CrossReview.Findings;

/// <summary>Ordered from least to most severe so that comparisons read naturally (<c>s &gt;= Severity.Major</c>).</summary>
public enum Severity
{
    Info = 0,
    Minor = 1,
    Major = 2,
    Critical = 3,
}
