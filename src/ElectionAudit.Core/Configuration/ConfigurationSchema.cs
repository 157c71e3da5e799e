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

    /// <summary>The keys of the <c>limits:</c> section, with what each limits and its default.</summary>
    public static IReadOnlyList<(string Key, string Description)> LimitKeys { get; } =
    [
        ("max-file-bytes", $"Largest file read, in bytes; a larger file is EA0002 when it is configuration (a format claims it by its name, or by the text it starts with) and is skipped otherwise (default {Engine.ScanLimits.Default.MaxFileBytes})."),
        ("max-include-depth", $"Deepest chain of includes followed; deeper is EA0003 (default {Engine.ScanLimits.Default.MaxIncludeDepth})."),
        ("max-included-files", $"Most files read through includes in one scan; more is EA0003 (default {Engine.ScanLimits.Default.MaxIncludedFiles})."),
        ("max-glob-matches", $"Most files one include glob may match; the rest are EA0003 (default {Engine.ScanLimits.Default.MaxGlobMatches})."),
        ("max-yaml-nodes", $"Most nodes a YAML document may expand to, aliases counted each time; more is EA0002 (default {Engine.ScanLimits.Default.MaxYamlNodes})."),
        ("max-yaml-depth", $"Deepest nesting of YAML mappings and sequences; deeper is EA0002 (default {Engine.ScanLimits.Default.MaxYamlDepth})."),
        ("max-block-nesting", $"Deepest nesting of configuration blocks; deeper is EA0002 (default {Engine.ScanLimits.Default.MaxBlockNesting})."),
        ("rule-time-budget-seconds", $"Longest time one rule may run; a rule over it is abandoned and reported as EA0001 (default {(int)Engine.ScanLimits.Default.RuleTimeBudget.TotalSeconds})."),
    ];

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
                [.. RuleCategoryNames.All.Select(name => new SchemaField(name, severity))])),
            new SchemaField("limits", new ObjectSchema(
                "Resource limits that keep hostile input from exhausting the machine; reaching one is a finding, not a crash.",
                [.. LimitKeys.Select(key => new SchemaField(key.Key, new ScalarSchema(ScalarKind.WholeNumber, key.Description)))])));
    }
}
