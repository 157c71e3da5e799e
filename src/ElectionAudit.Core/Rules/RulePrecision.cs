namespace ElectionAudit.Rules;

/// <summary>How often a rule's findings are true positives (SARIF <c>properties.precision</c>).</summary>
public enum RulePrecision
{
    /// <summary>Findings are almost never wrong.</summary>
    VeryHigh,

    /// <summary>Findings are rarely wrong.</summary>
    High,

    /// <summary>Some findings need a human's judgement.</summary>
    Medium,

    /// <summary>Many findings need a human's judgement.</summary>
    Low,
}
