namespace ElectionAudit.Rules;

/// <summary>An option a rule reads from configuration (<c>rules: EAnnnn: options: key: value</c>).</summary>
/// <param name="Key">The kebab-case key.</param>
/// <param name="Description">What it changes, for the rule page and <c>electionaudit rules</c>.</param>
/// <param name="DefaultValue">The value used when the option is not set, as text.</param>
public sealed record RuleOption(string Key, string Description, string DefaultValue);
