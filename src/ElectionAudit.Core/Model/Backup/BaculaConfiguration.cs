using System.Globalization;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Bacula;

namespace ElectionAudit.Model.Backup;

/// <summary>
/// A Bacula daemon's configuration as the daemon reads it: the resources of one file with its <c>@</c> includes read in
/// place (Bacula's lexer reads an included file where the include stands), and each Job's <c>JobDefs</c> applied.
/// </summary>
public sealed class BaculaConfiguration
{
    private BaculaConfiguration(BaculaSyntaxTree tree, IReadOnlyList<BaculaResource> resources)
    {
        Tree = tree;
        Resources = resources;
    }

    /// <summary>The file read (a daemon's main file).</summary>
    public BaculaSyntaxTree Tree { get; }

    /// <summary>The resources in the order the daemon reads them.</summary>
    public IReadOnlyList<BaculaResource> Resources { get; }

    /// <summary>Reads a file's resources with its includes (as <see cref="BaculaSyntaxTree.IncludedTrees"/> found them).</summary>
    public static BaculaConfiguration Read(BaculaSyntaxTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        var resources = new List<BaculaResource>();
        var budget = new ExpansionBudget();
        budget.Rereads.ReadFirst(tree);
        foreach (var item in Expand(tree.Root.Statements, [tree], budget))
        {
            if (item.Block is not null)
            {
                resources.Add(new BaculaResource(item, [.. Expand(item.Block.Value, [tree], budget)]));
            }
        }

        var configuration = new BaculaConfiguration(tree, resources) { TruncatedAt = budget.StoppedAt };
        foreach (var resource in resources)
        {
            if (resource.Is("Job") && resource.Directive("JobDefs")?.Text is { } defaults)
            {
                resource.Defaults = configuration.Find("JobDefs", defaults);
            }
        }

        return configuration;
    }

    // The configuration the loader read (after resolving the includes) to check it, or read now for a tree it did not load:
    // the model reads the same one.
    internal static BaculaConfiguration Of(BaculaSyntaxTree tree) => tree.Configuration ??= Read(tree);

    /// <summary>The resources of a type (case-insensitive, as Bacula compares them).</summary>
    public IEnumerable<BaculaResource> OfType(string type) => Resources.Where(r => r.Is(type));

    /// <summary>The resource of a type with a name; the first, when several share it.</summary>
    public BaculaResource? Find(string type, string name)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(name);

        // An index, so that a file of many Jobs that each name a pool, storage and schedule is read in linear time.
        _byName ??= Resources
            .Where(r => r.Name is not null)
            .GroupBy(r => (r.Type.ToLowerInvariant(), r.Name!))
            .ToDictionary(g => g.Key, g => g.First());
        return _byName.GetValueOrDefault((type.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant(), name));
    }

    private Dictionary<(string Type, string Name), BaculaResource>? _byName;

    /// <summary>
    /// Where reading first stopped because the includes read more than <see cref="RereadBudget.MaxStatementsReadAgain"/>
    /// statements again from files already read (a statement of a file read again, or an include of a file already read);
    /// null when all was read. Bacula reads a file again at each include of it, so files that each include the next several
    /// times (a few dozen bytes each) expand to billions of statements.
    /// </summary>
    internal SyntaxNode? TruncatedAt { get; private init; }

    private sealed class ExpansionBudget
    {
        public RereadBudget<BaculaSyntaxTree> Rereads { get; } = new();

        /// <summary>The first statement or include not read because of the budget.</summary>
        public SyntaxNode? StoppedAt { get; set; }
    }

    // The items of a statement list, each include replaced by the statements of the file it found, recursively; the owning
    // tree is followed so that an include inside an included file resolves against that file. A cycle was cut by the loader.
    private static IEnumerable<BaculaItemSyntax> Expand(IEnumerable<BaculaStatementSyntax> statements, List<BaculaSyntaxTree> stack, ExpansionBudget budget)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                // Only statements read again from a file already read count against the budget: a first reading is bounded
                // by the file's size.
                case BaculaItemSyntax item when !budget.Rereads.TryCount():
                    budget.StoppedAt ??= item;
                    yield break;
                case BaculaItemSyntax item:
                    yield return item;
                    break;
                case BaculaIncludeSyntax include when FindIncluded(include) is { } included && !stack.Contains(included) && stack.Count <= 64:
                    if (!budget.Rereads.TryEnter(included, out bool again))
                    {
                        budget.StoppedAt ??= include;
                        break;
                    }

                    stack.Add(included);
                    foreach (var inner in Expand(included.Root.Statements, stack, budget))
                    {
                        yield return inner;
                    }

                    stack.RemoveAt(stack.Count - 1);
                    budget.Rereads.Leave(again);
                    break;
            }
        }
    }

    private static BaculaSyntaxTree? FindIncluded(BaculaIncludeSyntax include) =>
        include.Tree is BaculaSyntaxTree owner && owner.IncludedTrees.TryGetValue(include, out var found) ? found : null;
}

/// <summary>One resource (<c>Job { … }</c>, <c>Pool { … }</c>, …) with its directives, includes read in place.</summary>
public sealed class BaculaResource
{
    internal BaculaResource(BaculaItemSyntax syntax, IReadOnlyList<BaculaItemSyntax> directives)
    {
        Syntax = syntax;
        Directives = directives;
        Name = directives.LastOrDefault(d => d.Is("Name"))?.Text;
    }

    /// <summary>The resource as written.</summary>
    public BaculaItemSyntax Syntax { get; }

    /// <summary>The resource type as Bacula reads it (<c>Job</c>, <c>Pool</c>, …).</summary>
    public string Type => Syntax.Keyword;

    /// <summary>The <c>Name</c> directive's value.</summary>
    public string? Name { get; }

    /// <summary>The directives, includes read in place, in order.</summary>
    public IReadOnlyList<BaculaItemSyntax> Directives { get; }

    /// <summary>For a Job, the <c>JobDefs</c> resource it takes the directives it does not set from.</summary>
    public BaculaResource? Defaults { get; internal set; }

    /// <summary>Whether the resource is of this type.</summary>
    public bool Is(string type) => BaculaItemSyntax.KeywordEquals(Type, type);

    /// <summary>The directive with this keyword that the daemon keeps (the last one written), else its JobDefs' one; null when neither sets it.</summary>
    public BaculaItemSyntax? Directive(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        return DirectiveNormalized(BaculaItemSyntax.NormalizeKeyword(keyword));
    }

    // The keyword is normalised once by the caller: a Job's directives are looked up many times over.
    private BaculaItemSyntax? DirectiveNormalized(string keyword) =>
        Directives.LastOrDefault(d => d.Block is null && string.Equals(d.Keyword, keyword, StringComparison.OrdinalIgnoreCase))
        ?? (Defaults is { } defaults && !ReferenceEquals(defaults, this) ? defaults.DirectiveNormalized(keyword) : null);

    /// <summary>Every directive with this keyword (a Schedule's <c>Run</c>s), the resource's own, else its JobDefs' ones.</summary>
    public IReadOnlyList<BaculaItemSyntax> All(string keyword)
    {
        var own = Directives.Where(d => d.Is(keyword) && d.Block is null).ToList();
        return own.Count > 0 || Defaults is not { } defaults || ReferenceEquals(defaults, this) ? own : defaults.All(keyword);
    }

    /// <summary>The names a directive lists (<c>Storage = File1, File2</c>), each with its token.</summary>
    public static IEnumerable<BaculaToken> Names(BaculaItemSyntax directive)
    {
        ArgumentNullException.ThrowIfNull(directive);
        return directive.Values.Where(v => v.Kind is not (BaculaTokenKind.Comma or BaculaTokenKind.EqualsSign));
    }

    /// <inheritdoc />
    public override string ToString() => Type + " " + Name;
}

/// <summary>Bacula's readings of directive values: durations and yes/no (Bacula manual, "Customizing the Configuration Files", "Resource Directive Data Types").</summary>
public static class BaculaValues
{
    // Bacula's time modifiers, in the order its reader tries them (a modifier is matched by its first letters, so "m" is months
    // and "min" minutes), with their seconds: a month is 30 days, a quarter 91 days, a year 365 days.
    private static readonly (string Name, long Seconds)[] Modifiers =
    [
        ("n", 60), ("seconds", 1), ("months", 30L * 86400), ("minutes", 60), ("mins", 60), ("hours", 3600), ("days", 86400),
        ("weeks", 7L * 86400), ("quarters", 91L * 86400), ("years", 365L * 86400),
    ];

    /// <summary>
    /// A duration as Bacula reads one: number and modifier pairs, summed (<c>1 year 6 months</c>); a number without a
    /// modifier is seconds. Null when the text is not one.
    /// </summary>
    public static TimeSpan? Duration(BaculaItemSyntax directive)
    {
        ArgumentNullException.ThrowIfNull(directive);
        return Duration(string.Concat(directive.Values.Where(v => v.Kind != BaculaTokenKind.Comma).Select(v => v.Text)));
    }

    /// <summary>A duration as <see cref="Duration(BaculaItemSyntax)"/> reads one, from the value's text.</summary>
    public static TimeSpan? Duration(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        double seconds = 0;
        int position = 0;
        bool any = false;
        while (true)
        {
            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            if (position >= text.Length)
            {
                break;
            }

            int start = position;
            while (position < text.Length && (char.IsAsciiDigit(text[position]) || text[position] == '.'))
            {
                position++;
            }

            if (position == start || !double.TryParse(text.AsSpan(start, position - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return null;
            }

            while (position < text.Length && char.IsWhiteSpace(text[position]))
            {
                position++;
            }

            start = position;
            while (position < text.Length && char.IsAsciiLetter(text[position]))
            {
                position++;
            }

            long multiplier = 1;
            if (position > start)
            {
                var modifier = text.Substring(start, position - start);
                var match = Array.FindIndex(Modifiers, m => m.Name.StartsWith(modifier, StringComparison.OrdinalIgnoreCase));
                if (match < 0)
                {
                    return null;
                }

                multiplier = Modifiers[match].Seconds;
            }

            seconds += number * multiplier;
            any = true;
        }

        return any && seconds < TimeSpan.MaxValue.TotalSeconds ? TimeSpan.FromSeconds(Math.Floor(seconds)) : null;
    }

    /// <summary>A yes/no value (<c>yes</c>, <c>no</c>, <c>true</c>, <c>false</c>, any case); null when it is neither.</summary>
    public static bool? YesNo(BaculaItemSyntax directive)
    {
        ArgumentNullException.ThrowIfNull(directive);
        return directive.Text?.ToLowerInvariant() switch
        {
            "yes" or "true" => true,
            "no" or "false" => false,
            _ => null,
        };
    }
}
