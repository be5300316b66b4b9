namespace CrossReview.Prompts;

/// <summary>Repository content a prompt carries besides the change, such as the call sites of changed symbols.</summary>
/// <param name="Note">Trusted text outside the fence that tells the reviewer what the extra data is and how to use it.</param>
/// <param name="Data">The content itself, placed after the change inside the untrusted fence; ends with a newline.</param>
internal sealed record PromptContext(string Note, string Data);
