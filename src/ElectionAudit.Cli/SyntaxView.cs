using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Syntax.Bacula;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Cli;

/// <summary>One argument of a node as <c>electionaudit syntax</c> prints it.</summary>
/// <param name="Value">The value the format's parser read (quotes removed, escapes resolved).</param>
/// <param name="Location">Where it is written, quotes included.</param>
/// <param name="Quote"><c>double</c>, <c>single</c> or <c>braces</c> (an nginx <c>*_by_lua_block</c> body); null for a bare word.</param>
internal sealed record SyntaxArgumentView(string Value, Location Location, string? Quote);

/// <summary>
/// A syntax node in the format-neutral shape of <c>electionaudit syntax</c> (documented in docs/syntax-json.md):
/// every format's nodes become a kind, an optional name, value and arguments, string properties, a location and children.
/// </summary>
/// <param name="Kind">The node kind, for example <c>directive</c>, <c>section</c>, <c>record</c> or <c>mapping</c>.</param>
/// <param name="Name">The directive, section, statement or record type name, or the key of a YAML/TOML entry; null when the node has none.</param>
/// <param name="Value">A scalar's value; null for other nodes.</param>
/// <param name="Arguments">The arguments in order, or null for a node kind that has none.</param>
/// <param name="Properties">What the parser derived beyond the written arguments (a record's owner and TTL ...), in a fixed order per kind.</param>
/// <param name="IsIncomplete">Whether a syntax error cut the node short (a missing <c>;</c>, an unclosed block or section).</param>
/// <param name="Location">Where the node is written.</param>
/// <param name="Children">The child nodes in source order, or null for a node kind that holds none.</param>
internal sealed record SyntaxView(
    string Kind,
    string? Name,
    string? Value,
    ImmutableArray<SyntaxArgumentView>? Arguments,
    ImmutableArray<KeyValuePair<string, string>> Properties,
    bool IsIncomplete,
    Location Location,
    ImmutableArray<SyntaxView>? Children);

/// <summary>One tree of the file: a whole file, or one configuration file inside an <c>nginx -T</c> dump.</summary>
/// <param name="File">The file the spans point into, relative to the root the command used.</param>
/// <param name="ConfigurationPath">The configuration file the tree holds: <paramref name="File"/>, or the path a dump's marker line names.</param>
/// <param name="Format">The format's name.</param>
/// <param name="Root">The root node.</param>
/// <param name="Comments">The comments (trivia, not nodes) with their text.</param>
internal sealed record SyntaxTreeView(string File, string ConfigurationPath, string Format, SyntaxView Root, ImmutableArray<(string Text, Location Location)> Comments);

/// <summary>Turns each format's syntax nodes into <see cref="SyntaxView"/>s. A node type this does not know is still shown, by its type name and children.</summary>
internal static class SyntaxViews
{
    /// <summary>The view of a whole tree.</summary>
    public static SyntaxTreeView Describe(SyntaxTree tree)
    {
        var path = tree is NginxSyntaxTree nginx ? nginx.Path : tree.Source.Path;
        var comments = tree.CommentSpans.Select(span => (tree.Source.ToString(span), tree.Source.GetLocation(span))).ToImmutableArray();
        return new SyntaxTreeView(tree.Source.Path, path, tree.Format.Name, Describe(tree.Source, tree.Root), comments);
    }

    private static SyntaxView Describe(SourceText source, SyntaxNode node)
    {
        // Recursion depth follows the tree's nesting, which every parser bounds (nginx and YAML by their own limits).
        return node switch
        {
            NginxBlockSyntax block => Node("file", null, null, null, [], false, source, block.Span, Children(source, block.Directives)),
            NginxDirectiveSyntax directive => Node(
                "directive",
                directive.Name,
                null,
                [.. directive.Arguments.Select(a => Argument(source, a.Value, a.Span, a.Kind switch
                {
                    NginxArgumentKind.DoubleQuoted => "double",
                    NginxArgumentKind.SingleQuoted => "single",
                    NginxArgumentKind.LuaBlock => "braces",
                    _ => null,
                }))],
                [],
                !directive.IsTerminated || directive.Block is { IsClosed: false },
                source,
                directive.Span,
                directive.Block is { } body ? Children(source, body.Directives) : null),
            ApacheFileSyntax file => Node("file", null, null, null, [], false, source, file.Span, Children(source, file.Children)),
            ApacheSectionSyntax section => Node("section", section.Name, null, ApacheArguments(source, section.Arguments), [], !section.IsClosed, source, section.Span, Children(source, section.Children)),
            ApacheDirectiveSyntax directive => Node("directive", directive.Name, null, ApacheArguments(source, directive.Arguments), [], false, source, directive.Span, null),
            ZoneFileSyntax zone => Node("file", null, null, null, [], false, source, zone.Span, Children(source, zone.Entries)),
            OriginDirectiveSyntax origin => Node("directive", "$ORIGIN", null, [Argument(source, source.ToString(origin.NameSpan), origin.NameSpan, null)], [new("origin", origin.Origin.ToString())], false, source, origin.Span, null),
            TtlDirectiveSyntax ttl => Node("directive", "$TTL", null, [Argument(source, source.ToString(ttl.ValueSpan), ttl.ValueSpan, null)], [new("ttl", Number(ttl.Ttl))], false, source, ttl.Span, null),
            IncludeDirectiveSyntax include => Node(
                "directive",
                "$INCLUDE",
                null,
                include.OriginSpan is { } originSpan
                    ? [Argument(source, include.FileName, include.FileNameSpan, null), Argument(source, source.ToString(originSpan), originSpan, null)]
                    : [Argument(source, include.FileName, include.FileNameSpan, null)],
                include.ResolvedPath is { } resolved ? [new("resolvedPath", resolved)] : [],
                false,
                source,
                include.Span,
                null),
            GenerateDirectiveSyntax generate => Node(
                "directive",
                "$GENERATE",
                null,
                [Argument(source, source.ToString(generate.RangeSpan), generate.RangeSpan, null)],
                [new("start", Number(generate.Start)), new("stop", Number(generate.Stop)), new("step", Number(generate.Step))],
                false,
                source,
                generate.Span,
                Children(source, generate.Records)),
            ResourceRecordSyntax record => Node(
                "record",
                record.Type.ToString(),
                null,
                [Argument(source, record.RdataText, record.RdataSpan, null)],
                [
                    new("owner", record.Owner.ToString()),
                    new("ttl", Number(record.Ttl)),
                    new("ttlSource", record.TtlSource switch
                    {
                        ZoneTtlSource.Explicit => "explicit",
                        ZoneTtlSource.TtlDirective => "$TTL",
                        ZoneTtlSource.PreviousRecord => "previous-record",
                        ZoneTtlSource.SoaMinimum => "soa-minimum",
                        _ => "missing",
                    }),
                    new("class", record.Class.ToString()),
                    new("data", record.Data.ToString() ?? string.Empty),
                ],
                false,
                source,
                record.Span,
                null),
            NamedConfFileSyntax named => Node("file", null, null, null, [], false, source, named.Span, Children(source, named.Statements)),
            NamedConfStatementSyntax statement => NamedStatement(source, statement),
            YamlDocumentSyntax document => Node("document", null, null, null, [], false, source, document.Span, document.Root is { } root ? [Describe(source, root)] : []),
            YamlMappingSyntax mapping => Node("mapping", null, null, null, Tag(mapping), false, source, mapping.Span, Children(source, mapping.Entries)),
            YamlEntrySyntax entry => Node("entry", entry.Key.Value, null, null, [], false, source, entry.Span, [Describe(source, entry.Value)]),
            YamlSequenceSyntax sequence => Node("sequence", null, null, null, Tag(sequence), false, source, sequence.Span, Children(source, sequence.Items)),
            YamlScalarSyntax scalar => Node("scalar", null, scalar.Value, null, [new("plain", scalar.IsPlain ? "true" : "false"), .. Tag(scalar)], false, source, scalar.Span, null),
            BaculaFileSyntax file => Node("file", null, null, null, [], false, source, file.Span, Children(source, file.Statements)),
            BaculaItemSyntax { Block: { } block } item => Node(
                "block", item.Keyword, null, [], [], item.CloseBraceSpan is null, source, item.Span, Children(source, block)),
            BaculaItemSyntax item => Node(
                "directive",
                item.Keyword,
                null,
                [.. item.Values.Select(v => Argument(source, v.Text, v.Span, v.Kind == BaculaTokenKind.QuotedString ? "double" : null))],
                item.ValueSpan is { } value ? [new("value", source.ToString(value))] : [],
                item.Values.IsEmpty,
                source,
                item.Span,
                null),
            BaculaIncludeSyntax include => Node(
                "include", null, null, [Argument(source, include.Path, include.PathSpan, null)], [new("command", include.IsCommand ? "true" : "false")], false, source, include.Span, null),
            _ => Node(FallbackKind(node), null, null, null, [], false, source, node.Span, Children(source, node.ChildNodes())),
        };
    }

    // A YAML node's explicit tag (borgmatic's "!include", "!retain", "!omit"), when it has one.
    private static ImmutableArray<KeyValuePair<string, string>> Tag(YamlNodeSyntax node) =>
        (node.Tree as YamlSyntaxTree)?.GetTag(node) is { } tag ? [new("tag", tag)] : [];

    private static SyntaxView NamedStatement(SourceText source, NamedConfStatementSyntax statement)
    {
        // BIND's grammar has no separate name token: the first unquoted word is the keyword (zone, options, key ...);
        // a nested address-match list or a quoted element has none.
        bool named = !statement.Values.IsEmpty && !statement.Values[0].IsQuoted;
        var values = named ? statement.Values.RemoveAt(0) : statement.Values;
        bool incomplete = statement.SemicolonSpan is null || (statement.OpenBraceSpan is not null && statement.CloseBraceSpan is null);
        return Node(
            "statement",
            named ? statement.Values[0].Text : null,
            null,
            [.. values.Select(v => Argument(source, v.Text, v.Span, v.IsQuoted ? QuoteOf(source, v.Span) : null))],
            [],
            incomplete,
            source,
            statement.Span,
            statement.Block is { } block ? Children(source, block) : null);
    }

    private static ImmutableArray<SyntaxArgumentView> ApacheArguments(SourceText source, ImmutableArray<ApacheArgument> arguments) =>
        [.. arguments.Select(a => Argument(source, a.Value, a.Span, a.IsQuoted ? QuoteOf(source, a.Span) : null))];

    private static string QuoteOf(SourceText source, TextSpan span) =>
        span.Length > 0 && span.End <= source.Length && source[span.Start] == '\'' ? "single" : "double";

    private static SyntaxArgumentView Argument(SourceText source, string value, TextSpan span, string? quote) => new(value, source.GetLocation(span), quote);

    private static ImmutableArray<SyntaxView> Children(SourceText source, IEnumerable<SyntaxNode> nodes) => [.. nodes.Select(n => Describe(source, n))];

    private static SyntaxView Node(string kind, string? name, string? value, ImmutableArray<SyntaxArgumentView>? arguments, ImmutableArray<KeyValuePair<string, string>> properties, bool incomplete, SourceText source, TextSpan span, ImmutableArray<SyntaxView>? children) =>
        new(kind, name, value, arguments, properties, incomplete, source.GetLocation(span), children);

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A kind for a node type from a format this view does not know yet: its type name without "Syntax", in kebab case.</summary>
    private static string FallbackKind(SyntaxNode node)
    {
        var name = node.GetType().Name;
        if (name.EndsWith("Syntax", StringComparison.Ordinal))
        {
            name = name[..^"Syntax".Length];
        }

        var kind = new System.Text.StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsAsciiLetterUpper(name[i]) && i > 0)
            {
                kind.Append('-');
            }

            kind.Append(char.ToLowerInvariant(name[i]));
        }

        return kind.ToString();
    }
}
