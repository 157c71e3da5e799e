using System.Collections.Immutable;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>One <c>include</c> directive and the files it brought in.</summary>
public sealed class NginxInclude
{
    internal NginxInclude(NginxSyntaxTree tree, NginxDirectiveSyntax directive, string resolvedPattern, ImmutableArray<NginxSyntaxTree> trees)
    {
        Tree = tree;
        Directive = directive;
        ResolvedPattern = resolvedPattern;
        Trees = trees;
    }

    /// <summary>The tree (file) that holds the directive.</summary>
    public NginxSyntaxTree Tree { get; }

    /// <summary>The <c>include</c> directive.</summary>
    public NginxDirectiveSyntax Directive { get; }

    /// <summary>The path or glob pattern as written in the directive.</summary>
    public string Pattern => Directive.Arguments[0].Value;

    /// <summary>
    /// The path or pattern that was looked up, after making it relative to the main configuration's directory
    /// (and, for an absolute path, mapping it into the scan; see <see cref="NginxConfigurationLoader"/>).
    /// Empty when the include could not be resolved at all.
    /// </summary>
    public string ResolvedPattern { get; }

    /// <summary>Whether the pattern holds a glob metacharacter (<c>*</c>, <c>?</c> or <c>[</c>), as nginx tests it.</summary>
    public bool IsGlob => Pattern.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>
    /// The files brought in, in the order nginx reads them (glob matches sorted). A file that would close an include
    /// cycle is left out (and reported as EA0003). The same tree may appear under several includes.
    /// </summary>
    public ImmutableArray<NginxSyntaxTree> Trees { get; }

    /// <summary>
    /// Whether the include names a stock file of the nginx package that the scan does not hold (<c>mime.types</c>,
    /// <c>fastcgi_params</c>, <c>proxy_params</c>, ...): it brings in nothing, yet nothing the model reads is missing,
    /// as those files hold only parameter lines. No EA0003 is reported for it.
    /// </summary>
    public bool IsStockPackageFile { get; internal init; }

    /// <summary>
    /// Whether the loader stopped following this include because its files had been read too many times over already
    /// (see <see cref="NginxConfigurationLoader"/>, "Reading again"): <see cref="Trees"/> holds only the files read before the
    /// cut, and what nginx would read is not all known.
    /// </summary>
    public bool IsCut { get; internal init; }
}
