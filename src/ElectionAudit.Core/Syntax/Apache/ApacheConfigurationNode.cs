using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Apache;

/// <summary>Whether the directives of a node take effect, as far as the configuration alone can tell.</summary>
public enum ApacheCondition
{
    /// <summary>Unconditionally in effect.</summary>
    Applies,

    /// <summary>
    /// Inside a condition the configuration cannot decide: <c>&lt;IfModule&gt;</c> (the loaded modules are not known),
    /// <c>&lt;IfDefine&gt;</c> on a name the configuration never defines (httpd -D may define it), <c>&lt;If&gt;</c> and the
    /// other per-request or environment conditions.
    /// </summary>
    MayApply,

    /// <summary>
    /// Known not to take effect: inside <c>&lt;IfDefine X&gt;</c> where X is known to be undefined at that point (or
    /// <c>&lt;IfDefine !X&gt;</c> with X defined), or inside a <c>&lt;Macro&gt;</c> body, which applies only where a
    /// <c>Use</c> directive expands it.
    /// </summary>
    DoesNotApply,
}

/// <summary>
/// A directive or section of the effective configuration: the statement from its own file (with its own spans),
/// its arguments with <c>Define</c>d <c>${VAR}</c> values substituted, and where includes were expanded.
/// An <c>Include</c> directive stays in the tree and the statements it brings in follow it as its siblings,
/// so walking a section's children reaches included directives in the order httpd reads them.
/// </summary>
public sealed class ApacheConfigurationNode
{
    internal ApacheConfigurationNode(ApacheStatementSyntax syntax, ImmutableArray<string> arguments, ApacheCondition condition, ApacheCondition applicability, ApacheDirectiveSyntax? includedBy)
    {
        Syntax = syntax;
        Arguments = arguments;
        Condition = condition;
        Applicability = applicability;
        IncludedBy = includedBy;
    }

    /// <summary>The statement in its own file.</summary>
    public ApacheStatementSyntax Syntax { get; }

    /// <summary>The file the statement is in.</summary>
    public ApacheSyntaxTree Tree => (ApacheSyntaxTree)Syntax.Tree;

    /// <summary>The name as written.</summary>
    public string Name => Syntax.Name;

    /// <summary>Whether this is a section.</summary>
    public bool IsSection => Syntax is ApacheSectionSyntax;

    /// <summary>
    /// The argument values after <c>${NAME}</c> substitution with the values <c>Define</c>d before this point in file
    /// order; a variable the configuration does not define is left as written (httpd reads it from its environment when
    /// it starts, and leaves it as written, with a warning, when the environment does not set it either).
    /// httpd substitutes in the whole line before splitting it into words; here each word is substituted on its own,
    /// so a value containing blanks stays one argument.
    /// </summary>
    public ImmutableArray<string> Arguments { get; }

    /// <summary>The condition this node itself imposes on its contents (<see cref="ApacheCondition.Applies"/> for directives and ordinary sections).</summary>
    public ApacheCondition Condition { get; }

    /// <summary>Whether this node takes effect, given its own condition and those of every enclosing section.</summary>
    public ApacheCondition Applicability { get; }

    /// <summary>The <c>Include</c> or <c>IncludeOptional</c> directive that brought this node's file in, or null for the main file.</summary>
    public ApacheDirectiveSyntax? IncludedBy { get; }

    /// <summary>The enclosing section in the effective tree (possibly in another file), or null at the top level.</summary>
    public ApacheConfigurationNode? Parent { get; private set; }

    /// <summary>For a section, its effective contents (included files expanded in place); empty for a directive.</summary>
    public ImmutableArray<ApacheConfigurationNode> Children { get; private set; } = [];

    /// <summary>Whether <see cref="Name"/> equals <paramref name="name"/> ignoring ASCII case, as httpd compares names.</summary>
    public bool IsNamed(string name) => Syntax.IsNamed(name);

    /// <summary>The location of the whole statement in its own file.</summary>
    public Location GetLocation() => Syntax.GetLocation();

    /// <summary>This node and everything under it, depth first, in the order httpd reads them.</summary>
    public IEnumerable<ApacheConfigurationNode> DescendantsAndSelf()
    {
        var stack = new Stack<ApacheConfigurationNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (int i = node.Children.Length - 1; i >= 0; i--)
            {
                stack.Push(node.Children[i]);
            }
        }
    }

    internal void SetChildren(ImmutableArray<ApacheConfigurationNode> children)
    {
        Children = children;
        foreach (var child in children)
        {
            child.Parent = this;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Syntax.ToString() ?? Name;
}
