namespace ElectionAudit.Plugins;

/// <summary>A plugin could not be used: a missing or bad assembly, no prefix, a rule ID outside it, a duplicate rule ID. The CLI exits with code 2.</summary>
public sealed class PluginLoadException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PluginLoadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public PluginLoadException()
    {
    }
}
