using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>How an nginx argument was written.</summary>
public enum NginxArgumentKind
{
    /// <summary>A bare word, such as <c>on</c>, <c>$host</c> or <c>/var/www</c>.</summary>
    Bare,

    /// <summary>Enclosed in double quotes.</summary>
    DoubleQuoted,

    /// <summary>Enclosed in single quotes.</summary>
    SingleQuoted,

    /// <summary>
    /// The body of a <c>*_by_lua_block { ... }</c> directive, kept opaque: the span covers the braces,
    /// the value is the Lua code between them, untouched.
    /// </summary>
    LuaBlock,
}

/// <summary>One argument of an nginx directive (the directive name is not an argument).</summary>
public sealed class NginxArgumentSyntax : SyntaxNode
{
    // A scan holds every argument of every file to its end (74,000 at 4,000 files), so the content span is not kept: it
    // is the span itself for a bare word, else the span less its opening quote or brace and, when there is one, its
    // closing one. The kind is a byte beside the flag saying which.
    private readonly byte _kind;
    private readonly bool _unclosed;

    internal NginxArgumentSyntax(string value, TextSpan span, TextSpan contentSpan, NginxArgumentKind kind)
    {
        Value = value;
        Span = span;
        _kind = (byte)kind;
        _unclosed = kind != NginxArgumentKind.Bare && contentSpan.End == span.End;
        System.Diagnostics.Debug.Assert(ContentSpan == contentSpan, "The parser gives a content span of one of the shapes ContentSpan makes.");
    }

    // A leaf: a walk need not ask each of a scan's arguments for an empty list.
    internal override int IndexedChildCount => 0;

    /// <summary>
    /// The value nginx sees: quotes removed and the escapes nginx resolves (<c>\"</c>, <c>\'</c>, <c>\\</c>,
    /// <c>\t</c>, <c>\r</c>, <c>\n</c>) replaced; any other backslash stays as written. Variables such as
    /// <c>$host</c> or <c>${host}</c> are kept as text.
    /// </summary>
    public string Value { get; }

    /// <summary>The argument as written, including its quotes (or, for a Lua block, its braces).</summary>
    public override TextSpan Span { get; }

    /// <summary>The text between the quotes (or braces); the same as <see cref="Span"/> for a bare word.</summary>
    public TextSpan ContentSpan => _kind == (byte)NginxArgumentKind.Bare ? Span : TextSpan.FromBounds(Span.Start + 1, _unclosed ? Span.End : Span.End - 1);

    /// <summary>How the argument was written.</summary>
    public NginxArgumentKind Kind => (NginxArgumentKind)_kind;

    /// <summary>Whether the argument was enclosed in single or double quotes.</summary>
    public bool IsQuoted => Kind is NginxArgumentKind.DoubleQuoted or NginxArgumentKind.SingleQuoted;

    /// <summary>The directive this argument belongs to.</summary>
    public NginxDirectiveSyntax Directive { get; internal set; } = null!;

    /// <inheritdoc />
    public override string ToString() => Value;
}
