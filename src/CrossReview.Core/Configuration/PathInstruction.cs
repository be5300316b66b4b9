namespace CrossReview.Configuration;

/// <summary><c>[[path_instructions]]</c> <c>path</c> (a gitignore-style glob) and <c>instructions</c> for the reviewers.</summary>
public sealed record PathInstruction(string Path, string Instructions);
