using ElectionAudit.Model;
using ElectionAudit.Schema;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Descriptor;

/// <summary>
/// A model element declared in the descriptor: a mapping whose values are read with the schema's scalar parsers.
/// A value that failed validation (already reported as EA0004) reads as absent, so rules never see a guessed value.
/// </summary>
public abstract class DescriptorElement : ModelElement
{
    // Where the element is: its mapping, or when it has none the node or location it points at instead. The location
    // is made when first read (see NodeLocation): rules read most elements' values, few elements' locations.
    private object? _where;

    private protected DescriptorElement(YamlMappingSyntax? mapping, Location fallbackLocation)
    {
        Mapping = mapping;
        _where = (object?)mapping ?? fallbackLocation;
    }

    private protected DescriptorElement(YamlMappingSyntax mapping)
    {
        Mapping = mapping;
        _where = mapping;
    }

    // A section's: its mapping, else where its parent says it would be.
    private protected DescriptorElement(YamlMappingSyntax? mapping, DescriptorElement parent, string key)
    {
        Mapping = mapping;
        _where = (object?)mapping ?? parent.KeyWhere(key);
    }

    /// <summary>The mapping this element was read from (null when the section is absent).</summary>
    public YamlMappingSyntax? Mapping { get; }

    /// <inheritdoc />
    public override Location Location => NodeLocation.Read(ref _where);

    /// <summary>The location of key <paramref name="key"/>, or of the element when the key is absent.</summary>
    public Location KeyLocation(string key) => Mapping?.Find(key)?.Key.GetLocation() ?? Location;

    // What KeyLocation would give, without making a location: the key's node, else the element's own node or location.
    private object? KeyWhere(string key) => (object?)Mapping?.Find(key)?.Key ?? _where;

    /// <summary>Whether key <paramref name="key"/> is present with a non-null value.</summary>
    public bool Has(string key) => Mapping?.Find(key)?.Value is { } value && value is not YamlScalarSyntax { IsNull: true };

    // The values keep their scalar and make its location only if it is read.

    /// <summary>A text value.</summary>
    public Located<string>? GetText(string key) => TextScalar(key) is { } s ? new(s.Value, s) : null;

    /// <summary>A boolean value.</summary>
    public Located<bool>? GetBoolean(string key) => Scalar(key) is { } s && ScalarValues.TryParseBoolean(s.Value, out var v) ? new(v, s) : null;

    /// <summary>
    /// <see cref="GetText"/>'s value without the <see cref="Located{T}"/>: for the properties read over and over for
    /// their value alone (an entry's name, a site's role), many times per site in a scan.
    /// </summary>
    internal string? GetTextValue(string key) => TextScalar(key)?.Value;

    /// <summary><see cref="GetBoolean"/>'s value without the <see cref="Located{T}"/> (see <see cref="GetTextValue"/>).</summary>
    internal bool? GetBooleanValue(string key) => Scalar(key) is { } s && ScalarValues.TryParseBoolean(s.Value, out var v) ? v : null;

    /// <summary>A whole-number value.</summary>
    public Located<long>? GetInteger(string key) => Scalar(key) is { } s && ScalarValues.TryParseInteger(s.Value, out var v) ? new(v, s) : null;

    /// <summary>A date value.</summary>
    public Located<DateOnly>? GetDate(string key) => Scalar(key) is { } s && ScalarValues.TryParseDate(s.Value, out var v) ? new(v, s) : null;

    /// <summary>A duration value.</summary>
    public Located<TimeSpan>? GetDuration(string key) => Scalar(key) is { } s && ScalarValues.TryParseDuration(s.Value, out var v) ? new(v, s) : null;

    /// <summary>A list of text values.</summary>
    public IReadOnlyList<Located<string>> GetTextList(string key) =>
        Mapping?.Find(key)?.Value is YamlSequenceSyntax sequence
            ? sequence.Items.OfType<YamlScalarSyntax>().Where(s => !s.IsNull).Select(s => new Located<string>(s.Value, s)).ToList()
            : [];

    /// <summary>The mapping under <paramref name="key"/>, or null.</summary>
    protected YamlMappingSyntax? Child(string key) => Mapping?.Find(key)?.Value as YamlMappingSyntax;

    /// <summary>The mappings in the list under <paramref name="key"/>.</summary>
    protected IEnumerable<YamlMappingSyntax> ChildList(string key) =>
        Mapping?.Find(key)?.Value is YamlSequenceSyntax sequence ? sequence.Items.OfType<YamlMappingSyntax>() : [];

    private YamlScalarSyntax? Scalar(string key) => Mapping?.Find(key)?.Value as YamlScalarSyntax;

    // A scalar with a text value: not null, not empty.
    private YamlScalarSyntax? TextScalar(string key) => Scalar(key) is { IsNull: false, Value.Length: > 0 } s ? s : null;
}
