using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>
/// One nginx directive: a name, its arguments, and either a terminating <c>;</c> or a block
/// (<c>server { ... }</c>). A <c>*_by_lua_block</c> directive has no <see cref="Block"/>: its Lua body is its last
/// argument, of kind <see cref="NginxArgumentKind.LuaBlock"/>.
/// </summary>
public sealed class NginxDirectiveSyntax : SyntaxNode
{
    // The name starts the directive, so of its span only the length is kept (46,000 directives at 4,000 files).
    private readonly int _nameLength;

    internal NginxDirectiveSyntax(string name, TextSpan nameSpan, ImmutableArray<NginxArgumentSyntax> arguments, NginxBlockSyntax? block, TextSpan span, bool isTerminated)
    {
        System.Diagnostics.Debug.Assert(nameSpan.Start == span.Start, "A directive's span starts at its name.");
        Name = name;
        _nameLength = nameSpan.Length;
        Arguments = arguments;
        Block = block;
        Span = span;
        IsTerminated = isTerminated;
        foreach (var argument in arguments)
        {
            argument.Directive = this;
        }

        if (block is not null)
        {
            block.ParentDirective = this;
        }
    }

    /// <summary>The directive name as nginx sees it (unquoted and unescaped, like an argument).</summary>
    public string Name { get; }

    /// <summary>The span of the name as written.</summary>
    public TextSpan NameSpan => new(Span.Start, _nameLength);

    /// <summary>The arguments after the name, in order.</summary>
    public ImmutableArray<NginxArgumentSyntax> Arguments { get; }

    /// <summary>The block, for a block directive such as <c>server</c> or <c>location</c>; otherwise null.</summary>
    public NginxBlockSyntax? Block { get; }

    /// <summary>From the first character of the name to the <c>;</c> or closing <c>}</c>, inclusive.</summary>
    public override TextSpan Span { get; }

    /// <summary>
    /// False when the directive was cut short by a syntax error (a missing <c>;</c> before <c>}</c> or the end of
    /// the file, or an unclosed block); such a directive is kept so that later analysis still sees it.
    /// </summary>
    public bool IsTerminated { get; }

    /// <summary>The block that holds this directive (the main context for a top-level directive).</summary>
    public NginxBlockSyntax ParentBlock { get; internal set; } = null!;

    /// <summary>Whether this is an <c>include</c> directive with exactly one argument, as nginx requires.</summary>
    public bool IsInclude => Block is null && Arguments.Length == 1 && string.Equals(Name, "include", StringComparison.Ordinal);

    /// <summary>Whether the directive has the given name (nginx directive names are case-sensitive).</summary>
    public bool Is(string name) => string.Equals(Name, name, StringComparison.Ordinal);

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes()
    {
        // An array, which tree walks take as the list they index (an iterator made them copy it into a new list).
        int count = Arguments.Length + (Block is null ? 0 : 1);
        if (count == 0)
        {
            return [];
        }

        var children = new SyntaxNode[count];
        for (int i = 0; i < Arguments.Length; i++)
        {
            children[i] = Arguments[i];
        }

        if (Block is not null)
        {
            children[^1] = Block;
        }

        return children;
    }

    /// <inheritdoc />
    internal override int IndexedChildCount => Arguments.Length + (Block is null ? 0 : 1);

    /// <inheritdoc />
    internal override SyntaxNode ChildAt(int index) => index < Arguments.Length ? Arguments[index] : Block!;

    /// <inheritdoc />
    public override string ToString() => Arguments.IsEmpty ? Name : Name + " " + string.Join(' ', Arguments.Select(a => a.Value));
}
