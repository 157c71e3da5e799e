using System.Collections.Immutable;
using System.Reflection;
using ElectionAudit.Rules;

namespace ElectionAudit.Plugins;

/// <summary>A loaded rule plugin: its assembly (in its own load context), declared prefix and rules.</summary>
public sealed class RulePlugin
{
    internal RulePlugin(string path, Assembly assembly, string name, string ruleIdPrefix, ImmutableArray<AuditRule> rules)
    {
        Path = path;
        Assembly = assembly;
        Name = name;
        RuleIdPrefix = ruleIdPrefix;
        Rules = rules;
    }

    /// <summary>The full path of the plugin assembly.</summary>
    public string Path { get; }

    /// <summary>The plugin assembly.</summary>
    public Assembly Assembly { get; }

    /// <summary>The plugin's name (from <see cref="RulePluginAttribute.Name"/>, else the assembly name).</summary>
    public string Name { get; }

    /// <summary>The declared rule ID prefix.</summary>
    public string RuleIdPrefix { get; }

    /// <summary>One instance of every public rule type in the assembly.</summary>
    public ImmutableArray<AuditRule> Rules { get; }

    /// <summary>
    /// The rule page the plugin embeds for <paramref name="ruleId"/> (a manifest resource named <c>rules-docs/EAnnnn.md</c>,
    /// as the built-in rules do), or null.
    /// </summary>
    public string? GetRulePage(string ruleId)
    {
        using var stream = Assembly.GetManifestResourceStream($"rules-docs/{ruleId}.md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
