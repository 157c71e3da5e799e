using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Apache;

/// <summary>A directive or a section: one logical line of an httpd configuration file that is neither blank nor a comment.</summary>
public abstract class ApacheStatementSyntax : SyntaxNode
{
    private protected ApacheStatementSyntax(string name, TextSpan nameSpan, ImmutableArray<ApacheArgument> arguments)
    {
        Name = name;
        NameSpan = nameSpan;
        Arguments = arguments.IsDefault ? [] : arguments;
    }

    /// <summary>
    /// The name as written, without <c>&lt;</c> and <c>&gt;</c> for a section (for example <c>VirtualHost</c>, <c>serveradmin</c>).
    /// httpd compares names case-insensitively; use <see cref="IsNamed"/>.
    /// </summary>
    public string Name { get; }

    /// <summary>The name token as written (for a section, from <c>&lt;</c> to the end of the name).</summary>
    public TextSpan NameSpan { get; }

    /// <summary>The arguments, in order, without <c>${VAR}</c> substitution.</summary>
    public ImmutableArray<ApacheArgument> Arguments { get; }

    /// <summary>The section this statement is in, or null at the top level of its file.</summary>
    public ApacheSectionSyntax? Parent { get; internal set; }

    /// <summary>Whether <see cref="Name"/> equals <paramref name="name"/>, ignoring ASCII case as httpd does (<c>strcasecmp</c>).</summary>
    public bool IsNamed(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>A simple directive: a name and its arguments on one logical line (for example <c>SSLProtocol all -SSLv3</c>).</summary>
public sealed class ApacheDirectiveSyntax : ApacheStatementSyntax
{
    internal ApacheDirectiveSyntax(string name, TextSpan nameSpan, ImmutableArray<ApacheArgument> arguments, TextSpan span)
        : base(name, nameSpan, arguments)
    {
        Span = span;
    }

    /// <summary>From the first character of the name to the last non-blank character of the logical line.</summary>
    public override TextSpan Span { get; }

    internal override int IndexedChildCount => 0;

    /// <inheritdoc />
    public override string ToString() => Arguments.Length == 0 ? Name : Name + " " + string.Join(' ', Arguments);
}

/// <summary>
/// A section (container): <c>&lt;Name args&gt;</c> … <c>&lt;/Name&gt;</c>, such as <c>VirtualHost</c>, <c>Directory</c>,
/// <c>IfModule</c> or any other name. Sections nest.
/// </summary>
public sealed class ApacheSectionSyntax : ApacheStatementSyntax, IApacheContainerSyntax
{
    internal ApacheSectionSyntax(string name, TextSpan nameSpan, ImmutableArray<ApacheArgument> arguments, TextSpan openTagSpan)
        : base(name, nameSpan, arguments)
    {
        OpenTagSpan = openTagSpan;
    }

    /// <summary>The open tag, from <c>&lt;</c> to the last non-blank character of its logical line.</summary>
    public TextSpan OpenTagSpan { get; }

    /// <summary>The close tag (<c>&lt;/Name&gt;</c>), or null when the section is not closed in its file.</summary>
    public TextSpan? CloseTagSpan { get; internal set; }

    /// <summary>Whether the section has a matching close tag.</summary>
    public bool IsClosed => CloseTagSpan is not null;

    /// <inheritdoc />
    public ImmutableArray<ApacheStatementSyntax> Children { get; internal set; } = [];

    /// <summary>From the open tag to the close tag; an unclosed section ends with its last child (or its open tag).</summary>
    public override TextSpan Span
    {
        get
        {
            if (CloseTagSpan is { } close)
            {
                return TextSpan.FromBounds(OpenTagSpan.Start, close.End);
            }

            return Children.Length == 0 ? OpenTagSpan : TextSpan.FromBounds(OpenTagSpan.Start, Children[^1].Span.End);
        }
    }

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Children;

    internal override int IndexedChildCount => Children.Length;

    internal override SyntaxNode ChildAt(int index) => Children[index];

    /// <inheritdoc />
    public override string ToString() => "<" + (Arguments.Length == 0 ? Name : Name + " " + string.Join(' ', Arguments)) + ">";
}

/// <summary>The root of an Apache syntax tree: the statements at the top level of one file.</summary>
public sealed class ApacheFileSyntax : SyntaxNode, IApacheContainerSyntax
{
    internal ApacheFileSyntax(ImmutableArray<ApacheStatementSyntax> children, int length)
    {
        Children = children;
        Span = new TextSpan(0, length);
    }

    /// <summary>The whole file.</summary>
    public override TextSpan Span { get; }

    /// <inheritdoc />
    public ImmutableArray<ApacheStatementSyntax> Children { get; }

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Children;

    internal override int IndexedChildCount => Children.Length;

    internal override SyntaxNode ChildAt(int index) => Children[index];
}

/// <summary>A node that holds statements: a file or a section.</summary>
public interface IApacheContainerSyntax
{
    /// <summary>The statements directly inside, in source order.</summary>
    ImmutableArray<ApacheStatementSyntax> Children { get; }
}
