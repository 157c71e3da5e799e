namespace ElectionAudit.Rules;

/// <summary>The area a rule belongs to; the first digit of its ID says the same.</summary>
public enum RuleCategory
{
    /// <summary>EA0xxx: the tool itself (parse errors, includes, configuration, suppressions).</summary>
    Tool,

    /// <summary>EA1xxx: DNS.</summary>
    Dns,

    /// <summary>EA2xxx: TLS.</summary>
    Tls,

    /// <summary>EA3xxx: web server.</summary>
    WebServer,

    /// <summary>EA4xxx: backup.</summary>
    Backup,

    /// <summary>EA5xxx: results dissemination and availability.</summary>
    Results,

    /// <summary>EA6xxx: organisation and process.</summary>
    Organisation,

    /// <summary>EA7xxx: cross-infrastructure consistency.</summary>
    CrossInfrastructure,
}

/// <summary>Names of categories as users write them in configuration and as SARIF tags.</summary>
public static class RuleCategoryNames
{
    /// <summary>The kebab-case name of a category (tool, dns, tls, web-server, backup, results, organisation, cross-infrastructure).</summary>
    public static string ToName(this RuleCategory category) => category switch
    {
        RuleCategory.Tool => "tool",
        RuleCategory.Dns => "dns",
        RuleCategory.Tls => "tls",
        RuleCategory.WebServer => "web-server",
        RuleCategory.Backup => "backup",
        RuleCategory.Results => "results",
        RuleCategory.Organisation => "organisation",
        RuleCategory.CrossInfrastructure => "cross-infrastructure",
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    /// <summary>All category names.</summary>
    public static IReadOnlyList<string> All { get; } = Enum.GetValues<RuleCategory>().Select(c => c.ToName()).ToArray();

    /// <summary>Parses a category name (case-insensitive).</summary>
    public static bool TryParse(string text, out RuleCategory category)
    {
        foreach (var value in Enum.GetValues<RuleCategory>())
        {
            if (string.Equals(value.ToName(), text, StringComparison.OrdinalIgnoreCase))
            {
                category = value;
                return true;
            }
        }

        category = default;
        return false;
    }

    /// <summary>The category an ID's first digit names (EA1xxx → DNS).</summary>
    public static RuleCategory FromId(string id) => id.Length >= 3 && id[2] is >= '0' and <= '7' ? (RuleCategory)(id[2] - '0') : RuleCategory.Tool;
}
