using System.Text;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Apache;

/// <summary>
/// Renders a tree as text so tests compare whole trees at once. One statement per line, indented by depth:
/// <c>Name@L:C-L:C</c> for the name token, then each argument as <c>value@L:C-L:C</c> (with <c>q</c> when quoted),
/// then <c>span=L:C-L:C</c>; sections add <c>open=</c> and <c>close=</c>.
/// </summary>
internal static class ApacheTreeDump
{
    public static string Dump(ApacheSyntaxTree tree)
    {
        var builder = new StringBuilder();
        foreach (var statement in tree.Root.Children)
        {
            Write(builder, tree.Source, statement, 0);
        }

        return builder.ToString().TrimEnd('\n');
    }

    public static string Diagnostics(SyntaxTree tree) => Diagnostics(tree.Diagnostics);

    public static string Diagnostics(IEnumerable<SyntaxDiagnostic> diagnostics) =>
        string.Join('\n', diagnostics.Select(d => $"{d.RuleId} {d.Location} {d.Message}"));

    public static string At(SourceText source, TextSpan span)
    {
        var location = source.GetLocation(span);
        return $"{location.StartLine}:{location.StartColumn}-{location.EndLine}:{location.EndColumn}";
    }

    private static void Write(StringBuilder builder, SourceText source, ApacheStatementSyntax statement, int depth)
    {
        builder.Append(' ', depth * 2);
        if (statement is ApacheSectionSyntax section)
        {
            builder.Append('<');
        }

        builder.Append(statement.Name).Append('@').Append(At(source, statement.NameSpan));
        foreach (var argument in statement.Arguments)
        {
            builder.Append(' ').Append(argument.Value).Append('@').Append(At(source, argument.Span));
            if (argument.IsQuoted)
            {
                builder.Append('q');
            }
        }

        builder.Append(" span=").Append(At(source, statement.Span));
        if (statement is ApacheSectionSyntax open)
        {
            builder.Append(" open=").Append(At(source, open.OpenTagSpan));
            builder.Append(" close=").Append(open.CloseTagSpan is { } close ? At(source, close) : "none");
            builder.Append('\n');
            foreach (var child in open.Children)
            {
                Write(builder, source, child, depth + 1);
            }

            return;
        }

        builder.Append('\n');
    }
}
