using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Apache;

/// <summary>
/// A comment line: httpd treats a line as a comment only when its first non-blank character is <c>#</c>
/// (a <c>#</c> later on a line is an ordinary argument). A comment line that ends with a backslash continues
/// onto the next line, as any other line does.
/// </summary>
/// <param name="Text">The comment from <c>#</c> to the end of its (logical) line, with continuations joined.</param>
/// <param name="Span">From the <c>#</c> to the last non-blank character, in the original text.</param>
public sealed record ApacheComment(string Text, TextSpan Span);
