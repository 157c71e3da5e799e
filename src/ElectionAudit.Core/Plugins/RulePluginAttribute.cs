namespace ElectionAudit.Plugins;

/// <summary>
/// Declares an assembly as an ElectionAudit rule plugin and the rule ID range it owns. Every rule ID the plugin's rules
/// report must start with <see cref="RuleIdPrefix"/>, so that two plugins (or a plugin and the built-in rules) cannot
/// claim the same IDs by accident.
/// </summary>
/// <example>
/// <code>
/// [assembly: ElectionAudit.Plugins.RulePlugin("EA79", Name = "National election rules")]
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = false)]
public sealed class RulePluginAttribute : Attribute
{
    /// <summary>Declares the plugin's rule ID prefix: <c>EA</c> and one to three digits, not <c>EA0</c> (the tool's own IDs).</summary>
    public RulePluginAttribute(string ruleIdPrefix)
    {
        RuleIdPrefix = ruleIdPrefix;
    }

    /// <summary>The prefix every rule ID of the plugin starts with, for example <c>EA79</c>.</summary>
    public string RuleIdPrefix { get; }

    /// <summary>A name for people (messages, <c>electionaudit rules</c>); defaults to the assembly name.</summary>
    public string? Name { get; set; }
}
