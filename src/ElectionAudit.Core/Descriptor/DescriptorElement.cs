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
    private protected DescriptorElement(YamlMappingSyntax? mapping, Location fallbackLocation)
    {
        Mapping = mapping;
        Location = mapping?.GetLocation() ?? fallbackLocation;
    }

    /// <summary>The mapping this element was read from (null when the section is absent).</summary>
    public YamlMappingSyntax? Mapping { get; }

    /// <inheritdoc />
    public override Location Location { get; }

    /// <summary>The location of key <paramref name="key"/>, or of the element when the key is absent.</summary>
    public Location KeyLocation(string key) => Mapping?.Find(key)?.Key.GetLocation() ?? Location;

    /// <summary>Whether key <paramref name="key"/> is present with a non-null value.</summary>
    public bool Has(string key) => Mapping?.Find(key)?.Value is { } value && value is not YamlScalarSyntax { IsNull: true };

    /// <summary>A text value.</summary>
    public Located<string>? GetText(string key) => Scalar(key) is { } s && !s.IsNull && s.Value.Length > 0 ? new(s.Value, s.GetLocation()) : null;

    /// <summary>A boolean value.</summary>
    public Located<bool>? GetBoolean(string key) => Scalar(key) is { } s && ScalarValues.TryParseBoolean(s.Value, out var v) ? new(v, s.GetLocation()) : null;

    /// <summary>A whole-number value.</summary>
    public Located<long>? GetInteger(string key) => Scalar(key) is { } s && ScalarValues.TryParseInteger(s.Value, out var v) ? new(v, s.GetLocation()) : null;

    /// <summary>A date value.</summary>
    public Located<DateOnly>? GetDate(string key) => Scalar(key) is { } s && ScalarValues.TryParseDate(s.Value, out var v) ? new(v, s.GetLocation()) : null;

    /// <summary>A duration value.</summary>
    public Located<TimeSpan>? GetDuration(string key) => Scalar(key) is { } s && ScalarValues.TryParseDuration(s.Value, out var v) ? new(v, s.GetLocation()) : null;

    /// <summary>A list of text values.</summary>
    public IReadOnlyList<Located<string>> GetTextList(string key) =>
        Mapping?.Find(key)?.Value is YamlSequenceSyntax sequence
            ? sequence.Items.OfType<YamlScalarSyntax>().Where(s => !s.IsNull).Select(s => new Located<string>(s.Value, s.GetLocation())).ToList()
            : [];

    /// <summary>The mapping under <paramref name="key"/>, or null.</summary>
    protected YamlMappingSyntax? Child(string key) => Mapping?.Find(key)?.Value as YamlMappingSyntax;

    /// <summary>The mappings in the list under <paramref name="key"/>.</summary>
    protected IEnumerable<YamlMappingSyntax> ChildList(string key) =>
        Mapping?.Find(key)?.Value is YamlSequenceSyntax sequence ? sequence.Items.OfType<YamlMappingSyntax>() : [];

    private YamlScalarSyntax? Scalar(string key) => Mapping?.Find(key)?.Value as YamlScalarSyntax;
}
