using System.Collections.Immutable;
using ElectionAudit.Rules;
using ElectionAudit.Schema;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Configuration;

/// <summary>A problem in a configuration file: its place and key, for a message like <c>.electionaudit.yml:4:3: unknown key ...</c>.</summary>
/// <param name="Location">Where.</param>
/// <param name="Key">The dotted key path.</param>
/// <param name="Message">What is wrong, with a suggestion where one is likely.</param>
public sealed record ConfigurationError(Location Location, string Key, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Location.Path}:{Location.StartLine}:{Location.StartColumn}: error: {Message}";
}

/// <summary>Thrown when configuration is invalid; the CLI exits with code 2 and prints every error.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception from its errors.</summary>
    public ConfigurationException(IReadOnlyList<ConfigurationError> errors)
        : base(string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    /// <summary>Creates the exception with a plain message.</summary>
    public ConfigurationException(string message)
        : base(message)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with a plain message and cause.</summary>
    public ConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    /// <summary>Creates the exception with no message.</summary>
    public ConfigurationException()
    {
        Errors = [];
    }

    /// <summary>Every error found.</summary>
    public IReadOnlyList<ConfigurationError> Errors { get; }
}

/// <summary>Reads <c>.electionaudit.yml</c>.</summary>
public static class ConfigurationLoader
{
    /// <summary>
    /// Parses configuration text. Unknown rule IDs and option keys are checked against <paramref name="knownRules"/> when given.
    /// Throws <see cref="ConfigurationException"/> listing every problem.
    /// </summary>
    public static AuditConfiguration Parse(SourceText source, IReadOnlyCollection<RuleDescriptor>? knownRules = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        var tree = YamlParser.Parse(source, InputFormat.Configuration);
        var errors = tree.Diagnostics.Select(d => new ConfigurationError(d.Location, d.LogicalKey ?? string.Empty, d.Message)).ToList();
        var root = tree.Document.Root;
        if (root is null || root is YamlScalarSyntax { IsNull: true })
        {
            return errors.Count > 0 ? throw new ConfigurationException(errors) : AuditConfiguration.Default with { SourcePath = source.Path };
        }

        errors.AddRange(SchemaValidator.Validate(root, ConfigurationSchema.Root).Select(p => new ConfigurationError(p.Node.GetLocation(), p.Path, p.Message)));
        if (errors.Count > 0 || root is not YamlMappingSyntax mapping)
        {
            throw new ConfigurationException(errors);
        }

        var config = AuditConfiguration.Default with { SourcePath = source.Path };
        if (Sequence(mapping, "include") is { } include)
        {
            config = config with { Include = include };
        }

        if (Sequence(mapping, "exclude") is { } exclude)
        {
            config = config with { Exclude = [.. AuditConfiguration.Default.Exclude, .. exclude] };
        }

        if (Sequence(mapping, "plugins") is { } plugins)
        {
            config = config with { Plugins = plugins };
        }

        if (Scalar(mapping, "fail-on") is { } failOn && SeverityNames.TryParse(failOn.Value, out var failLevel))
        {
            config = config with { FailOn = failLevel };
        }

        if (Scalar(mapping, "as-of") is { } asOf && ScalarValues.TryParseDate(asOf.Value, out var date))
        {
            config = config with { AsOf = date };
        }

        if (Scalar(mapping, "tls-profile") is { } profile)
        {
            config = config with { TlsProfile = profile.Value == "ncsc-nl" ? TlsProfile.NcscNl : TlsProfile.MozillaIntermediate };
        }

        if (mapping.Find("limits")?.Value is YamlMappingSyntax limits)
        {
            config = config with { Limits = ReadLimits(limits, errors) };
        }

        var categories = ImmutableDictionary.CreateBuilder<RuleCategory, Severity>();
        foreach (var entry in (mapping.Find("categories")?.Value as YamlMappingSyntax)?.Entries ?? [])
        {
            if (RuleCategoryNames.TryParse(entry.Key.Value, out var category) && entry.Value is YamlScalarSyntax s && SeverityNames.TryParse(s.Value, out var severity))
            {
                categories[category] = severity;
            }
        }

        var ruleSeverities = ImmutableDictionary.CreateBuilder<string, Severity>(StringComparer.Ordinal);
        var ruleOptions = ImmutableDictionary.CreateBuilder<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var byId = knownRules?.ToDictionary(r => r.Id, StringComparer.Ordinal);
        foreach (var entry in (mapping.Find("rules")?.Value as YamlMappingSyntax)?.Entries ?? [])
        {
            var id = entry.Key.Value;
            RuleDescriptor? rule = null;
            if (byId is not null && !byId.TryGetValue(id, out rule))
            {
                var suggestion = Suggestions.Closest(id, byId.Keys);
                errors.Add(new ConfigurationError(entry.Key.GetLocation(), "rules." + id, $"Unknown rule '{id}'." + (suggestion is null ? string.Empty : $" Did you mean '{suggestion}'?")));
                continue;
            }

            YamlScalarSyntax? severityNode = entry.Value as YamlScalarSyntax;
            if (entry.Value is YamlMappingSyntax settings)
            {
                severityNode = Scalar(settings, "severity");
                if (settings.Find("options")?.Value is YamlMappingSyntax options)
                {
                    var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
                    foreach (var option in options.Entries)
                    {
                        if (rule is not null && rule.Options.All(o => o.Key != option.Key.Value))
                        {
                            var suggestion = Suggestions.Closest(option.Key.Value, rule.Options.Select(o => o.Key));
                            var valid = rule.Options.Length == 0 ? $"{id} has no options." : $"Valid options: {string.Join(", ", rule.Options.Select(o => o.Key))}.";
                            errors.Add(new ConfigurationError(option.Key.GetLocation(), $"rules.{id}.options.{option.Key.Value}", $"Unknown option '{option.Key.Value}' for {id}." + (suggestion is null ? " " + valid : $" Did you mean '{suggestion}'?")));
                            continue;
                        }

                        values[option.Key.Value] = (option.Value as YamlScalarSyntax)?.Value ?? string.Empty;
                    }

                    ruleOptions[id] = values;
                }
            }

            if (severityNode is not null && SeverityNames.TryParse(severityNode.Value, out var ruleSeverity))
            {
                ruleSeverities[id] = ruleSeverity;
            }
        }

        if (errors.Count > 0)
        {
            throw new ConfigurationException(errors);
        }

        return config with
        {
            CategorySeverities = categories.ToImmutable(),
            RuleSeverities = ruleSeverities.ToImmutable(),
            RuleOptions = ruleOptions.ToImmutable(),
        };
    }

    private static Engine.ScanLimits ReadLimits(YamlMappingSyntax section, List<ConfigurationError> errors)
    {
        var limits = Engine.ScanLimits.Default;
        foreach (var entry in section.Entries)
        {
            if (entry.Value is not YamlScalarSyntax scalar || !long.TryParse(scalar.Value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            {
                continue; // the schema has already reported a value that is not a whole number
            }

            if (value < 1)
            {
                errors.Add(new ConfigurationError(scalar.GetLocation(), "limits." + entry.Key.Value, $"limits.{entry.Key.Value} must be at least 1."));
                continue;
            }

            int clamped = (int)Math.Min(value, int.MaxValue);
            limits = entry.Key.Value switch
            {
                "max-file-bytes" => limits with { MaxFileBytes = value },
                "max-include-depth" => limits with { MaxIncludeDepth = clamped },
                "max-included-files" => limits with { MaxIncludedFiles = clamped },
                "max-glob-matches" => limits with { MaxGlobMatches = clamped },
                "max-yaml-nodes" => limits with { MaxYamlNodes = clamped },
                "max-yaml-depth" => limits with { MaxYamlDepth = clamped },
                "max-block-nesting" => limits with { MaxBlockNesting = clamped },
                "rule-time-budget-seconds" => limits with { RuleTimeBudget = TimeSpan.FromSeconds(Math.Min(value, 86_400)) },
                _ => limits,
            };
        }

        return limits;
    }

    private static YamlScalarSyntax? Scalar(YamlMappingSyntax mapping, string key) =>
        mapping.Find(key)?.Value is YamlScalarSyntax { IsNull: false } s ? s : null;

    private static ImmutableArray<string>? Sequence(YamlMappingSyntax mapping, string key) =>
        mapping.Find(key)?.Value is YamlSequenceSyntax sequence ? [.. sequence.Items.OfType<YamlScalarSyntax>().Select(s => s.Value)] : null;
}
