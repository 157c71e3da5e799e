namespace ElectionAudit.Rules;

/// <summary>The rule pages (<c>rules-docs/EAnnnn.md</c>), embedded in this assembly.</summary>
public static class RuleDocumentation
{
    /// <summary>The Markdown of rule <paramref name="id"/>'s page, or null when there is none.</summary>
    public static string? GetPage(string id)
    {
        using var stream = typeof(RuleDocumentation).Assembly.GetManifestResourceStream($"rules-docs/{id}.md");
        if (stream is null)
        {
            return null;
        }

        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
