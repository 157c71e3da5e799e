using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ElectionAudit.Reporting;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Cli;

/// <summary>What <c>electionaudit syntax</c> prints for one file: its trees and its diagnostics.</summary>
/// <param name="File">The file, relative to the root the command used (forward slashes).</param>
/// <param name="Format">The format it was read as.</param>
/// <param name="Trees">The file's trees: one, or for an <c>nginx -T</c> dump one per configuration file in it.</param>
/// <param name="Diagnostics">The file's EA0002/EA0003/EA0004 diagnostics, ordered by position.</param>
internal sealed record SyntaxReport(string File, string Format, ImmutableArray<SyntaxTreeView> Trees, ImmutableArray<SyntaxDiagnostic> Diagnostics);

/// <summary>Writes a <see cref="SyntaxReport"/> as versioned JSON (docs/syntax-json.md, schemas/syntax-tree.v1.schema.json) or as an indented tree for people.</summary>
internal static class SyntaxWriters
{
    /// <summary>The JSON shape's version. Bump it (and the schema's file name) on any change that is not a pure addition.</summary>
    public const int JsonVersion = 1;

    /// <summary>The report as JSON: two-space indentation, "\n" line ends, keys in a fixed order, a final line break.</summary>
    public static string ToJson(SyntaxReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, NewLine = "\n", Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", JsonVersion);
            json.WriteString("file", report.File);
            json.WriteString("format", report.Format);
            json.WriteStartArray("trees");
            foreach (var tree in report.Trees)
            {
                json.WriteStartObject();
                json.WriteString("file", tree.File);
                json.WriteString("configurationPath", tree.ConfigurationPath);
                json.WriteString("format", tree.Format);
                json.WritePropertyName("root");
                WriteNode(json, tree.Root);
                json.WriteStartArray("comments");
                foreach (var (text, location) in tree.Comments)
                {
                    json.WriteStartObject();
                    json.WriteString("text", text);
                    WriteSpan(json, location);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("diagnostics");
            foreach (var diagnostic in report.Diagnostics)
            {
                json.WriteStartObject();
                json.WriteString("ruleId", diagnostic.RuleId);
                json.WriteString("message", diagnostic.Message);
                json.WriteString("file", diagnostic.Location.Path);
                WriteSpan(json, diagnostic.Location);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The report as an indented tree: one line per node (kind, name, arguments, properties, span), then the diagnostics.</summary>
    public static string ToText(SyntaxReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        foreach (var tree in report.Trees)
        {
            text.Append(VisibleText.Of(tree.File));
            if (tree.ConfigurationPath != tree.File)
            {
                text.Append(" > ").Append(VisibleText.Of(tree.ConfigurationPath));
            }

            text.Append(" (").Append(tree.Format).Append(")\n");
            WriteNode(text, tree.Root, 1);
        }

        if (report.Diagnostics.IsEmpty)
        {
            text.Append("no diagnostics\n");
        }
        else
        {
            text.Append(report.Diagnostics.Length.ToString(CultureInfo.InvariantCulture)).Append(report.Diagnostics.Length == 1 ? " diagnostic:\n" : " diagnostics:\n");
            foreach (var diagnostic in report.Diagnostics)
            {
                text.Append("  ").Append(diagnostic.RuleId).Append(' ').Append(VisibleText.Of(diagnostic.Location.Path)).Append(':').Append(Span(diagnostic.Location))
                    .Append(' ').Append(VisibleText.Of(diagnostic.Message)).Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>A location as <c>startLine:startColumn-endLine:endColumn</c> (1-based; the end column is exclusive).</summary>
    public static string Span(Location location)
    {
        ArgumentNullException.ThrowIfNull(location);
        return string.Create(CultureInfo.InvariantCulture, $"{location.StartLine}:{location.StartColumn}-{location.EndLine}:{location.EndColumn}");
    }

    private static void WriteNode(Utf8JsonWriter json, SyntaxView node)
    {
        // The writer recurses with the tree; parsers bound nesting, and Utf8JsonWriter itself stops at depth 1000.
        json.WriteStartObject();
        json.WriteString("kind", node.Kind);
        if (node.Name is not null)
        {
            json.WriteString("name", node.Name);
        }

        if (node.Value is not null)
        {
            json.WriteString("value", node.Value);
        }

        if (node.Arguments is { } arguments)
        {
            json.WriteStartArray("arguments");
            foreach (var argument in arguments)
            {
                json.WriteStartObject();
                json.WriteString("value", argument.Value);
                if (argument.Quote is not null)
                {
                    json.WriteString("quote", argument.Quote);
                }

                WriteSpan(json, argument.Location);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        if (!node.Properties.IsEmpty)
        {
            json.WriteStartObject("properties");
            foreach (var (key, value) in node.Properties)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        }

        if (node.IsIncomplete)
        {
            json.WriteBoolean("incomplete", true);
        }

        WriteSpan(json, node.Location);
        if (node.Children is { } children)
        {
            json.WriteStartArray("children");
            foreach (var child in children)
            {
                WriteNode(json, child);
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    private static void WriteSpan(Utf8JsonWriter json, Location location)
    {
        json.WriteStartObject("span");
        json.WriteNumber("startLine", location.StartLine);
        json.WriteNumber("startColumn", location.StartColumn);
        json.WriteNumber("endLine", location.EndLine);
        json.WriteNumber("endColumn", location.EndColumn);
        json.WriteEndObject();
    }

    private static void WriteNode(StringBuilder text, SyntaxView node, int depth)
    {
        text.Append(' ', depth * 2).Append(node.Kind);
        if (node.Name is not null)
        {
            text.Append(' ').Append(Word(node.Name));
        }

        if (node.Value is not null)
        {
            text.Append(' ').Append(Quote(node.Value));
        }

        foreach (var argument in node.Arguments ?? [])
        {
            text.Append(' ').Append(argument.Quote is null ? Word(argument.Value) : Quote(argument.Value));
        }

        foreach (var (key, value) in node.Properties)
        {
            text.Append(' ').Append(key).Append('=').Append(Word(value));
        }

        if (node.IsIncomplete)
        {
            text.Append(" (incomplete)");
        }

        text.Append("  @").Append(Span(node.Location)).Append('\n');
        foreach (var child in node.Children ?? [])
        {
            WriteNode(text, child, depth + 1);
        }
    }

    /// <summary>A bare word as it is; anything with blanks, quotes, control characters or nothing at all, quoted.</summary>
    private static string Word(string value) =>
        value.Length > 0 && !value.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c is '"' or '\\') ? value : Quote(value);

    /// <summary>A value in double quotes, with <c>"</c>, <c>\</c> and control characters escaped, so each node stays on one line.</summary>
    private static string Quote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => quoted.Append("\\\""),
                '\\' => quoted.Append("\\\\"),
                '\n' => quoted.Append("\\n"),
                '\r' => quoted.Append("\\r"),
                '\t' => quoted.Append("\\t"),
                _ when char.IsControl(c) => quoted.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}"),
                _ => quoted.Append(c),
            };
        }

        return quoted.Append('"').ToString();
    }
}
