namespace ElectionAudit.Rules;

/// <summary>How serious a finding is. Ordered: <see cref="None"/> &lt; <see cref="Note"/> &lt; <see cref="Warning"/> &lt; <see cref="Error"/>.</summary>
public enum Severity
{
    /// <summary>Switched off: the rule does not report.</summary>
    None = 0,

    /// <summary>Hygiene or policy.</summary>
    Note = 1,

    /// <summary>Weakens defence in depth.</summary>
    Warning = 2,

    /// <summary>Directly enables spoofing, interception, or loss of availability or integrity of results.</summary>
    Error = 3,
}

/// <summary>Parsing and naming of <see cref="Severity"/> values as users write them.</summary>
public static class SeverityNames
{
    /// <summary>The lower-case names users write: error, warning, note, none.</summary>
    public static IReadOnlyList<string> All { get; } = ["error", "warning", "note", "none"];

    /// <summary>Parses a lower-case severity name.</summary>
    public static bool TryParse(string? text, out Severity severity)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "error": severity = Severity.Error; return true;
            case "warning": severity = Severity.Warning; return true;
            case "note": severity = Severity.Note; return true;
            case "none": severity = Severity.None; return true;
            default: severity = Severity.None; return false;
        }
    }

    /// <summary>The lower-case name of a severity, as SARIF levels spell it.</summary>
    public static string ToName(this Severity severity) => severity switch
    {
        Severity.Error => "error",
        Severity.Warning => "warning",
        Severity.Note => "note",
        _ => "none",
    };
}
