using ElectionAudit.Rules;
using ElectionAudit.Schema;

namespace ElectionAudit.Configuration;

/// <summary>The keys of <c>.electionaudit.yml</c>; <c>schemas/electionaudit-config.schema.json</c> is generated from it.</summary>
public static class ConfigurationSchema
{
    /// <summary>The published JSON Schema's <c>$id</c>.</summary>
    public const string SchemaId = "https://github.com/electionaudit/electionaudit/blob/main/schemas/electionaudit-config.schema.json";

    /// <summary>The TLS profile names.</summary>
    public static IReadOnlyList<string> TlsProfiles { get; } = ["mozilla-intermediate", "ncsc-nl"];

    /// <summary>The root schema.</summary>
    public static ObjectSchema Root { get; } = Build();

    private static ObjectSchema Build()
    {
        var severity = new ScalarSchema(ScalarKind.Enum, "A severity; none switches off.", SeverityNames.All);
        var globs = new ArraySchema(new ScalarSchema(ScalarKind.Text, "A glob pattern relative to the scan root (** matches any folders)."), "Glob patterns.");
        var ruleSetting = new OneOfSchema(
            "A severity, or a mapping with a severity and options.",
            severity,
            new ObjectSchema(
                "Severity and options of one rule.",
                new SchemaField("severity", severity),
                new SchemaField("options", new MapSchema(new ScalarSchema(ScalarKind.Text, "An option value."), "Rule options (see the rule's page)."))));
        return new ObjectSchema(
            "ElectionAudit configuration (.electionaudit.yml).",
            new SchemaField("version", new ScalarSchema(ScalarKind.Enum, "Configuration format version.", ["1"])),
            new SchemaField("include", globs),
            new SchemaField("exclude", globs),
            new SchemaField("fail-on", new ScalarSchema(ScalarKind.Enum, "Lowest severity that fails the scan (exit code 1); default warning.", SeverityNames.All)),
            new SchemaField("as-of", new ScalarSchema(ScalarKind.Date, "Date date-relative rules measure against; default today.")),
            new SchemaField("tls-profile", new ScalarSchema(ScalarKind.Enum, "TLS profile rules judge by; default mozilla-intermediate.", TlsProfiles)),
            new SchemaField("rules", new MapSchema(ruleSetting, "Settings by rule ID (EAnnnn).", "^EA[0-9]{4}$")),
            new SchemaField("plugins", new ArraySchema(new ScalarSchema(ScalarKind.Text, "Path of a rule plugin assembly (.dll), relative to this file."), "Rule plugin assemblies to load; only these load.")),
            new SchemaField("categories", new ObjectSchema(
                "Severity by rule category.",
                [.. RuleCategoryNames.All.Select(name => new SchemaField(name, severity))])));
    }
}
