using System.Text.RegularExpressions;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;

namespace ElectionAudit.Schema;

/// <summary>A problem a YAML file has against its schema.</summary>
/// <param name="Node">The offending node (the key for an unknown key).</param>
/// <param name="Path">The dotted path of the value, for example <c>sites[1].role</c>.</param>
/// <param name="Message">A specific message, with a suggestion where one is likely.</param>
public sealed record SchemaProblem(YamlNodeSyntax Node, string Path, string Message);

/// <summary>Checks a YAML tree against a <see cref="SchemaNode"/>: unknown keys (with the closest valid key), wrong shapes, invalid scalar values, missing required keys.</summary>
public static class SchemaValidator
{
    /// <summary>Validates <paramref name="node"/> and returns every problem, in document order.</summary>
    public static IReadOnlyList<SchemaProblem> Validate(YamlNodeSyntax node, SchemaNode schema, string path = "")
    {
        ArgumentNullException.ThrowIfNull(path);
        var problems = new List<SchemaProblem>();
        Check(node, schema, new PathStack(path), problems);
        return problems;
    }

    // The path is a stack of keys and indexes, written out only for a problem: every node of a descriptor with thousands
    // of sites made its dotted path and its quoted name as strings, and nearly all of them are valid.
    private static void Check(YamlNodeSyntax node, SchemaNode schema, PathStack path, List<SchemaProblem> problems)
    {
        switch (schema)
        {
            case OneOfSchema oneOf:
                var match = oneOf.Alternatives.FirstOrDefault(a => ShapeMatches(node, a));
                if (match is null)
                {
                    problems.Add(new SchemaProblem(node, path.ToString(), $"{Capitalize(path.Name)} must be {string.Join(" or ", oneOf.Alternatives.Select(ShapeName).Distinct())}, not a {node.KindName}."));
                    return;
                }

                Check(node, match, path, problems);
                return;

            case ScalarSchema scalarSchema:
                if (node is not YamlScalarSyntax scalar)
                {
                    problems.Add(new SchemaProblem(node, path.ToString(), $"{Capitalize(path.Name)} must be {Expected(scalarSchema)}, not a {node.KindName}."));
                }
                else if (!scalar.IsNull && !ScalarValues.IsValid(scalarSchema, scalar.Value, out var expected))
                {
                    var hint = scalarSchema.Kind == ScalarKind.Enum && Suggestions.Closest(scalar.Value, scalarSchema.Allowed) is { } s ? $" Did you mean '{s}'?" : string.Empty;
                    problems.Add(new SchemaProblem(node, path.ToString(), $"{Capitalize(path.Name)} must be {expected}; found '{scalar.Value}'.{hint}"));
                }

                return;

            case ArraySchema arraySchema:
                if (node is YamlScalarSyntax { IsNull: true })
                {
                    return;
                }

                if (node is not YamlSequenceSyntax sequence)
                {
                    problems.Add(new SchemaProblem(node, path.ToString(), $"{Capitalize(path.Name)} must be a list, not a {node.KindName}."));
                    return;
                }

                for (int i = 0; i < sequence.Items.Length; i++)
                {
                    path.Push(i);
                    Check(sequence.Items[i], arraySchema.Items, path, problems);
                    path.Pop();
                }

                return;

            case MapSchema mapSchema:
                if (node is YamlScalarSyntax { IsNull: true })
                {
                    return;
                }

                if (node is not YamlMappingSyntax map)
                {
                    problems.Add(new SchemaProblem(node, path.ToString(), $"{Capitalize(path.Name)} must be a mapping, not a {node.KindName}."));
                    return;
                }

                foreach (var entry in map.Entries)
                {
                    if (mapSchema.KeyPattern is not null && !Regex.IsMatch(entry.Key.Value, mapSchema.KeyPattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                    {
                        var under = path.Name;
                        path.Push(entry.Key.Value);
                        problems.Add(new SchemaProblem(entry.Key, path.ToString(), $"'{entry.Key.Value}' is not a valid key under {under}: {mapSchema.Description}"));
                        path.Pop();
                        continue;
                    }

                    path.Push(entry.Key.Value);
                    Check(entry.Value, mapSchema.Values, path, problems);
                    path.Pop();
                }

                return;

            case ObjectSchema objectSchema:
                if (node is YamlScalarSyntax { IsNull: true } && !path.IsEmpty)
                {
                    return;
                }

                if (node is not YamlMappingSyntax mapping)
                {
                    problems.Add(new SchemaProblem(node, path.ToString(), $"{Capitalize(path.Name)} must be a mapping, not a {node.KindName}."));
                    return;
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var entry in mapping.Entries)
                {
                    var key = entry.Key.Value;
                    path.Push(key);
                    if (!seen.Add(key))
                    {
                        var childPath = path.ToString();
                        problems.Add(new SchemaProblem(entry.Key, childPath, $"Key '{childPath}' appears more than once; only the first is read."));
                    }
                    else if (objectSchema.Find(key) is not { } field)
                    {
                        var childPath = path.ToString();
                        var suggestion = Suggestions.Closest(key, objectSchema.Fields.Select(f => f.Name));
                        problems.Add(new SchemaProblem(entry.Key, childPath, $"Unknown key '{childPath}'." + (suggestion is null ? $" Valid keys here: {string.Join(", ", objectSchema.Fields.Select(f => f.Name))}." : $" Did you mean '{suggestion}'?")));
                    }
                    else
                    {
                        Check(entry.Value, field.Type, path, problems);
                    }

                    path.Pop();
                }

                foreach (var field in objectSchema.Fields.Where(f => f.Required && !seen.Contains(f.Name)))
                {
                    problems.Add(new SchemaProblem(mapping, path.ToString(), $"{Capitalize(path.Name)} lacks the required key '{field.Name}'."));
                }

                return;
        }
    }

    private static bool ShapeMatches(YamlNodeSyntax node, SchemaNode schema) => (node, schema) switch
    {
        (YamlScalarSyntax, ScalarSchema) => true,
        (YamlSequenceSyntax, ArraySchema) => true,
        (YamlMappingSyntax, ObjectSchema or MapSchema) => true,
        _ => false,
    };

    private static string ShapeName(SchemaNode schema) => schema switch
    {
        ScalarSchema s => Expected(s),
        ArraySchema => "a list",
        _ => "a mapping",
    };

    private static string Expected(ScalarSchema schema)
    {
        ScalarValues.IsValid(schema, string.Empty, out var expected);
        return expected;
    }

    /// <summary>The dotted path of the node being checked (<c>sites[1].role</c>), as keys and indexes under a prefix.</summary>
    private sealed class PathStack(string prefix)
    {
        private readonly List<(string? Key, int Index)> _segments = [];

        /// <summary>Whether the path is empty: the document itself.</summary>
        public bool IsEmpty => prefix.Length == 0 && _segments.TrueForAll(s => s.Key is { Length: 0 });

        /// <summary>How messages name the node: <c>'path'</c>, or <c>the document</c>.</summary>
        public string Name => IsEmpty ? "the document" : $"'{this}'";

        public void Push(string key) => _segments.Add((key, 0));

        public void Push(int index) => _segments.Add((null, index));

        public void Pop() => _segments.RemoveAt(_segments.Count - 1);

        // A key follows a dot unless the path so far is empty; an index follows in brackets.
        public override string ToString()
        {
            var text = new System.Text.StringBuilder(prefix);
            foreach (var (key, index) in _segments)
            {
                if (key is null)
                {
                    text.Append('[').Append(index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
                }
                else
                {
                    text.Append(text.Length == 0 ? string.Empty : ".").Append(key);
                }
            }

            return text.ToString();
        }
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Turns schema problems into EA0004 diagnostics of a file.</summary>
    public static IEnumerable<SyntaxDiagnostic> ToDiagnostics(IEnumerable<SchemaProblem> problems, string ruleId = "EA0004") =>
        problems.Select(p => new SyntaxDiagnostic(ruleId, p.Node.GetLocation(), p.Message, p.Path));
}
