using System.Collections.Immutable;

namespace ElectionAudit.Syntax.Apache;

/// <summary>One edge of the include graph: an <c>Include</c> or <c>IncludeOptional</c> directive and the files it brought in.</summary>
/// <param name="Directive">The directive, in the including file.</param>
/// <param name="Pattern">The path or glob after <c>${VAR}</c> substitution, as written in the configuration.</param>
/// <param name="IsOptional">Whether the directive is <c>IncludeOptional</c>.</param>
/// <param name="Files">The files read, relative to the scan root, in the order httpd reads them; empty when unresolved.</param>
public sealed record ApacheInclude(ApacheDirectiveSyntax Directive, string Pattern, bool IsOptional, ImmutableArray<string> Files);

/// <summary>
/// An Apache httpd configuration loaded from its main file with every include followed:
/// the syntax tree of each file, the include graph, all diagnostics, and the effective directive tree.
/// Built by <see cref="ApacheConfigurationLoader.Load"/>.
/// </summary>
public sealed class ApacheConfiguration
{
    internal ApacheConfiguration(
        string mainPath,
        ImmutableArray<ApacheSyntaxTree> trees,
        ImmutableArray<ApacheInclude> includes,
        ImmutableArray<SyntaxDiagnostic> diagnostics,
        ImmutableArray<ApacheConfigurationNode> statements)
    {
        MainPath = mainPath;
        Trees = trees;
        Includes = includes;
        Diagnostics = diagnostics;
        Statements = statements;
    }

    /// <summary>The main file, relative to the scan root.</summary>
    public string MainPath { get; }

    /// <summary>The main file's tree, or null when it could not be read.</summary>
    public ApacheSyntaxTree? MainTree => Trees.FirstOrDefault(tree => tree.Source.Path == MainPath);

    /// <summary>Every file read (each once, however often it is included), in the order first read.</summary>
    public ImmutableArray<ApacheSyntaxTree> Trees { get; }

    /// <summary>The include graph: every <c>Include</c> / <c>IncludeOptional</c> that was processed, in reading order.</summary>
    public ImmutableArray<ApacheInclude> Includes { get; }

    /// <summary>Syntax errors of every file read (EA0002) and include problems (EA0003), each reported once.</summary>
    public ImmutableArray<SyntaxDiagnostic> Diagnostics { get; }

    /// <summary>The top level of the effective configuration, includes expanded in place.</summary>
    public ImmutableArray<ApacheConfigurationNode> Statements { get; }

    /// <summary>Every node of the effective configuration, depth first, in the order httpd reads them.</summary>
    public IEnumerable<ApacheConfigurationNode> Walk() => Statements.SelectMany(statement => statement.DescendantsAndSelf());
}
