using System.Collections.Immutable;

namespace ElectionAudit.Schema;

/// <summary>The kinds of scalar values the YAML formats use. Each has exactly one parser, in <see cref="ScalarValues"/>.</summary>
public enum ScalarKind
{
    /// <summary>Any text.</summary>
    Text,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A whole number, zero or more.</summary>
    WholeNumber,

    /// <summary>A calendar date, <c>YYYY-MM-DD</c>.</summary>
    Date,

    /// <summary>A duration with units: <c>30m</c>, <c>24h</c>, <c>1d12h</c>, <c>2w</c>, <c>90s</c>.</summary>
    Duration,

    /// <summary>One of a fixed list of words.</summary>
    Enum,
}

/// <summary>A node of a YAML format's schema: the single source of the descriptor's and configuration's keys, used to validate, to suggest, and to generate the published JSON Schema.</summary>
public abstract class SchemaNode
{
    private protected SchemaNode(string description)
    {
        Description = description;
    }

    /// <summary>What the value means.</summary>
    public string Description { get; }
}

/// <summary>A scalar value.</summary>
public sealed class ScalarSchema : SchemaNode
{
    /// <summary>Creates a scalar schema.</summary>
    public ScalarSchema(ScalarKind kind, string description, IEnumerable<string>? allowed = null)
        : base(description)
    {
        Kind = kind;
        Allowed = [.. allowed ?? []];
    }

    /// <summary>The kind of value.</summary>
    public ScalarKind Kind { get; }

    /// <summary>For <see cref="ScalarKind.Enum"/>: the allowed words.</summary>
    public ImmutableArray<string> Allowed { get; }
}

/// <summary>A sequence whose items all follow <see cref="Items"/>.</summary>
public sealed class ArraySchema : SchemaNode
{
    /// <summary>Creates an array schema.</summary>
    public ArraySchema(SchemaNode items, string description)
        : base(description)
    {
        Items = items;
    }

    /// <summary>The schema of each item.</summary>
    public SchemaNode Items { get; }
}

/// <summary>One key of an object.</summary>
/// <param name="Name">The key.</param>
/// <param name="Type">The value's schema (its description is the key's description).</param>
/// <param name="Required">Whether the key must be present.</param>
public sealed record SchemaField(string Name, SchemaNode Type, bool Required = false);

/// <summary>A mapping with a fixed set of keys.</summary>
public sealed class ObjectSchema : SchemaNode
{
    /// <summary>Creates an object schema.</summary>
    public ObjectSchema(string description, params SchemaField[] fields)
        : base(description)
    {
        Fields = [.. fields];
    }

    /// <summary>The keys, in documentation order.</summary>
    public ImmutableArray<SchemaField> Fields { get; }

    /// <summary>The field named <paramref name="name"/>, or null.</summary>
    public SchemaField? Find(string name)
    {
        // A loop, not a query with a closure: the validator asks this for every key of every mapping it checks.
        foreach (var field in Fields)
        {
            if (field.Name == name)
            {
                return field;
            }
        }

        return null;
    }
}

/// <summary>A mapping from free keys (for example rule IDs) to values of one schema.</summary>
public sealed class MapSchema : SchemaNode
{
    /// <summary>Creates a map schema.</summary>
    public MapSchema(SchemaNode values, string description, string? keyPattern = null)
        : base(description)
    {
        Values = values;
        KeyPattern = keyPattern;
    }

    /// <summary>The schema of each value.</summary>
    public SchemaNode Values { get; }

    /// <summary>A regular expression keys must match, or null for any key.</summary>
    public string? KeyPattern { get; }
}

/// <summary>A value that may take one of several shapes (for example a severity word or a mapping with severity and options).</summary>
public sealed class OneOfSchema : SchemaNode
{
    /// <summary>Creates a one-of schema; the first alternative whose shape (scalar, sequence, mapping) matches is used.</summary>
    public OneOfSchema(string description, params SchemaNode[] alternatives)
        : base(description)
    {
        Alternatives = [.. alternatives];
    }

    /// <summary>The alternatives.</summary>
    public ImmutableArray<SchemaNode> Alternatives { get; }
}
