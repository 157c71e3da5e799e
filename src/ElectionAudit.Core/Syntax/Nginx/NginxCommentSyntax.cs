using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>
/// A <c>#</c> comment, kept as trivia beside the tree (it is not a child of any node): inline suppression
/// comments are read from here. nginx starts a comment only where a token could start, so <c>a#b</c> is one word.
/// </summary>
public sealed class NginxCommentSyntax : SyntaxNode
{
    internal NginxCommentSyntax(string text, TextSpan span)
    {
        Text = text;
        Span = span;
    }

    /// <summary>The text after the <c>#</c>, without the line break.</summary>
    public string Text { get; }

    /// <summary>From the <c>#</c> to the end of the line (excluding the line break).</summary>
    public override TextSpan Span { get; }

    /// <inheritdoc />
    public override string ToString() => "#" + Text;
}
