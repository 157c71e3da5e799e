using ElectionAudit.Syntax.Backup;
using ElectionAudit.Syntax.Yaml;

namespace ElectionAudit.Model.Backup;

/// <summary>A borgmatic value as borgmatic's loader builds it: with its includes read and its merges done.</summary>
/// <param name="Node">The node that wrote it (for a merged mapping or list, the including file's).</param>
/// <param name="Tag">That node's tag (<c>!retain</c>, <c>!omit</c>), or null.</param>
internal abstract record BorgmaticValue(YamlNodeSyntax Node, string? Tag);

/// <summary>A scalar, from whichever file set it.</summary>
internal sealed record BorgmaticScalar(YamlScalarSyntax Scalar, string? Tag) : BorgmaticValue(Scalar, Tag)
{
    /// <summary>The value as borgmatic uses it: the scalar's, with the file's constants put in.</summary>
    public string Text { get; init; } = Scalar.Value;
}

/// <summary>A list; merged lists hold the included files' items first.</summary>
internal sealed record BorgmaticList(YamlNodeSyntax Node, string? Tag, IReadOnlyList<BorgmaticValue> Items) : BorgmaticValue(Node, Tag);

/// <summary>A mapping: each key once, with the value that won.</summary>
internal sealed record BorgmaticMapping(YamlNodeSyntax Node, string? Tag, IReadOnlyList<BorgmaticEntry> Entries) : BorgmaticValue(Node, Tag)
{
    public BorgmaticEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key.Value == key);

    public BorgmaticMapping? Mapping(string key) => Find(key)?.Value as BorgmaticMapping;

    public BorgmaticScalar? Scalar(string key) => Find(key)?.Value as BorgmaticScalar;
}

/// <summary>An option: the entry that wrote it (its key and location) and its value after includes and merges.</summary>
internal sealed record BorgmaticEntry(YamlEntrySyntax Source, BorgmaticValue Value)
{
    public YamlScalarSyntax Key => Source.Key;
}

/// <summary>
/// Builds the configuration borgmatic runs from a file and the files it includes (borgmatic documentation, reference
/// "Includes"; <c>borgmatic/config/load.py</c>):
/// <list type="bullet">
/// <item>a value tagged <c>!include</c> is the named file's document;</item>
/// <item>the merge key <c>&lt;&lt;</c> with an <c>!include</c> (one file, or a list whose later files win) is deep merged into
/// its mapping, and the mapping's own options win; so is a plain YAML merge of an alias (<c>&lt;&lt;: *common</c>), which
/// borgmatic's loader merges the same way;</item>
/// <item>deep merging merges mappings key by key and appends lists, the included items first, without the values a list
/// item tagged <c>!omit</c> names; a local mapping or list tagged <c>!retain</c> is kept as it is;</item>
/// <item>on any other collision the local value wins;</item>
/// <item>then each <c>{name}</c> in a value is the <c>constants</c> option's <c>name</c> (borgmatic 1.7.10; across includes
/// since 1.8.5; reference "Constants").</item>
/// </list>
/// An include the loader could not find is left out, as if absent. The values built are bounded (an include repeated at every
/// level of a chain would otherwise double at each): past the bound, what is left is not read. So is the length of a value
/// with its constants put in (<see cref="MaxConstantValueLength"/>).
/// </summary>
internal sealed class BorgmaticView
{
    private const int MaxValues = 200_000;
    private const string MergeKey = "<<";
    private int _budget = MaxValues;

    private BorgmaticView()
    {
    }

    /// <summary>The file's root mapping after includes and merges, or null when its document is not a mapping.</summary>
    public static BorgmaticMapping? Read(YamlSyntaxTree tree)
    {
        if (tree.Document.Root is not { } node || new BorgmaticView().Resolve(node, tree) is not BorgmaticMapping root)
        {
            return null;
        }

        var constants = root.Mapping("constants")?.Entries
            .Where(e => e.Value is BorgmaticScalar { Scalar.IsNull: false })
            .Select(e => ("{" + e.Key.Value + "}", ((BorgmaticScalar)e.Value).Text))
            .ToList();
        return constants is { Count: > 0 } ? (BorgmaticMapping)WithConstants(root, constants) : root;
    }

    private static BorgmaticValue WithConstants(BorgmaticValue value, List<(string Name, string Value)> constants) => value switch
    {
        BorgmaticScalar scalar when scalar.Text.Contains('{', StringComparison.Ordinal) =>
            scalar with { Text = PutConstantsIn(scalar.Text, constants) },
        BorgmaticList list => list with { Items = [.. list.Items.Select(item => WithConstants(item, constants))] },
        BorgmaticMapping mapping => mapping with { Entries = [.. mapping.Entries.Select(entry => entry with { Value = WithConstants(entry.Value, constants) })] },
        _ => value,
    };

    /// <summary>
    /// The longest value constants may make. borgmatic puts the constants in one after the other, so a constant whose value
    /// names the next one twice (<c>c2: "{c1}{c1}"</c>, <c>c1: "{c0}{c0}"</c>, …) doubles the value at each: forty of them stand
    /// for terabytes. Past this, the constants left are not put in.
    /// </summary>
    internal const int MaxConstantValueLength = 1 << 20;

    private static string PutConstantsIn(string text, List<(string Name, string Value)> constants)
    {
        foreach (var (name, value) in constants)
        {
            int count = 0;
            for (int at = text.IndexOf(name, StringComparison.Ordinal); at >= 0; at = text.IndexOf(name, at + name.Length, StringComparison.Ordinal))
            {
                count++;
            }

            if (text.Length + ((long)count * (value.Length - name.Length)) > MaxConstantValueLength)
            {
                break;
            }

            text = count == 0 ? text : text.Replace(name, value, StringComparison.Ordinal);
        }

        return text;
    }

    private BorgmaticValue? Resolve(YamlNodeSyntax node, YamlSyntaxTree tree)
    {
        if (--_budget < 0)
        {
            return null;
        }

        var tag = tree.GetTag(node);
        if (tag == BorgmaticIncludes.IncludeTag)
        {
            return node is YamlScalarSyntax name && Included(name, tree) is { } included ? included : null;
        }

        return node switch
        {
            YamlScalarSyntax scalar => new BorgmaticScalar(scalar, tag),
            YamlSequenceSyntax sequence => new BorgmaticList(sequence, tag, [.. sequence.Items.Select(item => Resolve(item, tree)).OfType<BorgmaticValue>()]),
            YamlMappingSyntax mapping => ResolveMapping(mapping, tag, tree),
            _ => null,
        };
    }

    private BorgmaticValue? Included(YamlScalarSyntax name, YamlSyntaxTree tree) =>
        tree.IncludedTrees.TryGetValue(name, out var included) && included.Document.Root is { } root ? Resolve(root, included) : null;

    private BorgmaticMapping ResolveMapping(YamlMappingSyntax mapping, string? tag, YamlSyntaxTree tree)
    {
        var merged = new List<BorgmaticMapping>();
        var local = new List<BorgmaticEntry>();
        foreach (var entry in mapping.Entries)
        {
            if (entry.Key.Value != MergeKey || !entry.Key.IsPlain)
            {
                if (Resolve(entry.Value, tree) is { } value)
                {
                    local.Add(new BorgmaticEntry(entry, value));
                }

                continue;
            }

            if (tree.GetTag(entry.Value) == BorgmaticIncludes.IncludeTag)
            {
                // Later files win: each is merged over the ones before it.
                var names = entry.Value switch
                {
                    YamlScalarSyntax one => [one],
                    YamlSequenceSyntax many => many.Items.OfType<YamlScalarSyntax>().ToList(),
                    _ => [],
                };
                merged.AddRange(names.Select(name => Included(name, tree)).OfType<BorgmaticMapping>());
            }
            else if (entry.Value is YamlMappingSyntax)
            {
                merged.AddRange(Resolve(entry.Value, tree) is BorgmaticMapping aliased ? [aliased] : []);
            }
            else if (entry.Value is YamlSequenceSyntax aliases)
            {
                // A YAML merge of several mappings: the first wins (YAML merge key specification), so it is merged last.
                merged.AddRange(aliases.Items.Reverse().Select(item => Resolve(item, tree)).OfType<BorgmaticMapping>());
            }
        }

        var own = new BorgmaticMapping(mapping, tag, local);
        if (merged.Count == 0)
        {
            return own;
        }

        var result = merged[0];
        foreach (var next in merged.Skip(1))
        {
            result = Merge(result, next);
        }

        return Merge(result, own);
    }

    // Deep merges `over` onto `under`: `over` wins every collision that is not two mappings or two lists.
    private static BorgmaticMapping Merge(BorgmaticMapping under, BorgmaticMapping over)
    {
        var entries = new List<BorgmaticEntry>(under.Entries.Where(e => over.Find(e.Key.Value) is null));
        foreach (var entry in over.Entries)
        {
            var value = (under.Find(entry.Key.Value)?.Value, entry.Value) switch
            {
                (_, { Tag: "!retain" }) => entry.Value,
                (BorgmaticMapping a, BorgmaticMapping b) => Merge(a, b),
                (BorgmaticList a, BorgmaticList b) => b with { Items = WithoutOmitted([.. a.Items, .. b.Items]) },
                _ => entry.Value,
            };
            entries.Add(entry with { Value = value });
        }

        return over with { Entries = entries };
    }

    // borgmatic's filter_omitted_nodes: every item whose value an "!omit" item names goes, the "!omit" items too.
    private static List<BorgmaticValue> WithoutOmitted(List<BorgmaticValue> items)
    {
        var omitted = items.Where(i => i.Tag == "!omit").OfType<BorgmaticScalar>().Select(i => i.Scalar.Value).ToHashSet(StringComparer.Ordinal);
        return omitted.Count == 0 ? items : [.. items.Where(i => i is not BorgmaticScalar scalar || !omitted.Contains(scalar.Scalar.Value))];
    }
}
