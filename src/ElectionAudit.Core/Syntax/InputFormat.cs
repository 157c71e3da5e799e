namespace ElectionAudit.Syntax;

/// <summary>An input format the engine can load. Well-known formats are static members; a plugin may define its own.</summary>
/// <param name="Name">Stable, lower-case name used in output and configuration (for example <c>nginx</c>).</param>
public sealed record InputFormat(string Name)
{
    /// <summary>The YAML election infrastructure descriptor.</summary>
    public static InputFormat Descriptor { get; } = new("descriptor");

    /// <summary>The tool's own <c>.electionaudit.yml</c>.</summary>
    public static InputFormat Configuration { get; } = new("configuration");

    /// <summary>nginx configuration.</summary>
    public static InputFormat Nginx { get; } = new("nginx");

    /// <summary>Apache httpd configuration.</summary>
    public static InputFormat Apache { get; } = new("apache");

    /// <summary>DNS master file (RFC 1035 §5).</summary>
    public static InputFormat Zone { get; } = new("zone");

    /// <summary>BIND named.conf.</summary>
    public static InputFormat NamedConf { get; } = new("named.conf");

    /// <summary>PEM certificates.</summary>
    public static InputFormat Pem { get; } = new("pem");

    /// <summary>borgmatic configuration.</summary>
    public static InputFormat Borgmatic { get; } = new("borgmatic");

    /// <summary>resticprofile configuration.</summary>
    public static InputFormat Resticprofile { get; } = new("resticprofile");

    /// <summary>Bacula configuration (director, file daemon and the files they include).</summary>
    public static InputFormat Bacula { get; } = new("bacula");

    /// <inheritdoc />
    public override string ToString() => Name;
}
