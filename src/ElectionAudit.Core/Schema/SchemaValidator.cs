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
        var problems = new List<SchemaProblem>();
        Check(node, schema, path, problems);
        return problems;
    }

    private static void Check(YamlNodeSyntax node, SchemaNode schema, string path, List<SchemaProblem> problems)
    {
        string name = path.Length == 0 ? "the document" : $"'{path}'";
        switch (schema)
        {
            case OneOfSchema oneOf:
                var match = oneOf.Alternatives.FirstOrDefault(a => ShapeMatches(node, a));
                if (match is null)
                {
                    problems.Add(new SchemaProblem(node, path, $"{Capitalize(name)} must be {string.Join(" or ", oneOf.Alternatives.Select(ShapeName).Distinct())}, not a {node.KindName}."));
                    return;
                }

                Check(node, match, path, problems);
                return;

            case ScalarSchema scalarSchema:
                if (node is not YamlScalarSyntax scalar)
                {
                    problems.Add(new SchemaProblem(node, path, $"{Capitalize(name)} must be {Expected(scalarSchema)}, not a {node.KindName}."));
                }
                else if (!scalar.IsNull && !ScalarValues.IsValid(scalarSchema, scalar.Value, out var expected))
                {
                    var hint = scalarSchema.Kind == ScalarKind.Enum && Suggestions.Closest(scalar.Value, scalarSchema.Allowed) is { } s ? $" Did you mean '{s}'?" : string.Empty;
                    problems.Add(new SchemaProblem(node, path, $"{Capitalize(name)} must be {expected}; found '{scalar.Value}'.{hint}"));
                }

                return;

            case ArraySchema arraySchema:
                if (node is YamlScalarSyntax { IsNull: true })
                {
                    return;
                }

                if (node is not YamlSequenceSyntax sequence)
                {
                    problems.Add(new SchemaProblem(node, path, $"{Capitalize(name)} must be a list, not a {node.KindName}."));
                    return;
                }

                for (int i = 0; i < sequence.Items.Length; i++)
                {
                    Check(sequence.Items[i], arraySchema.Items, $"{path}[{i}]", problems);
                }

                return;

            case MapSchema mapSchema:
                if (node is YamlScalarSyntax { IsNull: true })
                {
                    return;
                }

                if (node is not YamlMappingSyntax map)
                {
                    problems.Add(new SchemaProblem(node, path, $"{Capitalize(name)} must be a mapping, not a {node.KindName}."));
                    return;
                }

                foreach (var entry in map.Entries)
                {
                    var childPath = Join(path, entry.Key.Value);
                    if (mapSchema.KeyPattern is not null && !Regex.IsMatch(entry.Key.Value, mapSchema.KeyPattern, RegexOptions.None, TimeSpan.FromSeconds(1)))
                    {
                        problems.Add(new SchemaProblem(entry.Key, childPath, $"'{entry.Key.Value}' is not a valid key under {name}: {mapSchema.Description}"));
                        continue;
                    }

                    Check(entry.Value, mapSchema.Values, childPath, problems);
                }

                return;

            case ObjectSchema objectSchema:
                if (node is YamlScalarSyntax { IsNull: true } && path.Length > 0)
                {
                    return;
                }

                if (node is not YamlMappingSyntax mapping)
                {
                    problems.Add(new SchemaProblem(node, path, $"{Capitalize(name)} must be a mapping, not a {node.KindName}."));
                    return;
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var entry in mapping.Entries)
                {
                    var key = entry.Key.Value;
                    var childPath = Join(path, key);
                    if (!seen.Add(key))
                    {
                        problems.Add(new SchemaProblem(entry.Key, childPath, $"Key '{childPath}' appears more than once; only the first is read."));
                        continue;
                    }

                    var field = objectSchema.Find(key);
                    if (field is null)
                    {
                        var suggestion = Suggestions.Closest(key, objectSchema.Fields.Select(f => f.Name));
                        problems.Add(new SchemaProblem(entry.Key, childPath, $"Unknown key '{childPath}'." + (suggestion is null ? $" Valid keys here: {string.Join(", ", objectSchema.Fields.Select(f => f.Name))}." : $" Did you mean '{suggestion}'?")));
                        continue;
                    }

                    Check(entry.Value, field.Type, childPath, problems);
                }

                foreach (var field in objectSchema.Fields.Where(f => f.Required && !seen.Contains(f.Name)))
                {
                    problems.Add(new SchemaProblem(mapping, path, $"{Capitalize(name)} lacks the required key '{field.Name}'."));
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

    private static string Join(string path, string key) => path.Length == 0 ? key : path + "." + key;

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>Turns schema problems into EA0004 diagnostics of a file.</summary>
    public static IEnumerable<SyntaxDiagnostic> ToDiagnostics(IEnumerable<SchemaProblem> problems, string ruleId = "EA0004") =>
        problems.Select(p => new SyntaxDiagnostic(ruleId, p.Node.GetLocation(), p.Message, p.Path));
}
