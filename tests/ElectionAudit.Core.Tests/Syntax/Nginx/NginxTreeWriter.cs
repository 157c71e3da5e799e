using System.Text;
using ElectionAudit.Syntax.Nginx;

namespace ElectionAudit.Core.Tests.Syntax.Nginx;

/// <summary>Writes a tree as one line per directive, with spans, so tests can compare whole trees exactly.</summary>
internal static class NginxTreeWriter
{
    public static string Write(NginxBlockSyntax block)
    {
        var builder = new StringBuilder();
        Write(block, 0, builder);
        return builder.ToString().TrimEnd('\n');
    }

    private static void Write(NginxBlockSyntax block, int depth, StringBuilder builder)
    {
        foreach (var directive in block.Directives)
        {
            builder.Append(' ', depth * 2).Append(directive.Name).Append(directive.Span);
            foreach (var argument in directive.Arguments)
            {
                var kind = argument.Kind switch
                {
                    NginxArgumentKind.DoubleQuoted => "dq",
                    NginxArgumentKind.SingleQuoted => "sq",
                    NginxArgumentKind.LuaBlock => "lua",
                    _ => "w",
                };
                builder.Append(' ').Append(kind).Append(':').Append(Escape(argument.Value)).Append(argument.Span);
            }

            if (!directive.IsTerminated)
            {
                builder.Append(" !unterminated");
            }

            builder.Append('\n');
            if (directive.Block is { } child)
            {
                builder.Append(' ', depth * 2 + 2).Append("{ ").Append(child.Span).Append(child.IsClosed ? string.Empty : " !unclosed").Append('\n');
                Write(child, depth + 1, builder);
            }
        }
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal).Replace(" ", "\\s", StringComparison.Ordinal);
}
