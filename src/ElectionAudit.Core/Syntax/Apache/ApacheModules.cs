namespace ElectionAudit.Syntax.Apache;

/// <summary>
/// The modules a whole httpd configuration has loaded at each point of its reading, so that <c>&lt;IfModule&gt;</c> can
/// be decided as httpd decides it while it reads: a module counts once a <c>LoadModule</c> read before the section has
/// loaded it (https://httpd.apache.org/docs/2.4/mod/core.html#ifmodule names a module by its identifier,
/// <c>ssl_module</c>, or by its source file, <c>mod_ssl.c</c>).
/// </summary>
/// <remarks>
/// Only a main configuration (<c>apache2.conf</c>, <c>httpd.conf</c>) that has loaded modules with <c>LoadModule</c>, and
/// whose includes read so far all resolved, decides: a fragment's modules are loaded elsewhere, a configuration without
/// <c>LoadModule</c> may run on a server built with its modules compiled in, and a missing include may have held the
/// <c>LoadModule</c>. A module loaded inside a condition that may not apply may be loaded. The modules httpd always has
/// compiled in (<c>core.c</c>, <c>http_core.c</c>, <c>mod_so.c</c>, which <c>LoadModule</c> itself needs) are loaded; the
/// others Debian's httpd compiles in (<c>apache2 -l</c>: <c>mod_watchdog.c</c>, <c>mod_log_config.c</c>,
/// <c>mod_logio.c</c>, <c>mod_version.c</c>, <c>mod_unixd.c</c>) may be, as other builds load them as shared modules.
/// </remarks>
internal sealed class ApacheModules(bool isMainConfiguration)
{
    private static readonly HashSet<string> AlwaysCompiledIn = new(StringComparer.Ordinal)
    {
        "core.c", "core_module", "http_core.c", "http_module", "mod_so.c", "so_module",
    };

    private static readonly HashSet<string> OftenCompiledIn = new(StringComparer.Ordinal)
    {
        "mod_watchdog.c", "watchdog_module", "mod_log_config.c", "log_config_module", "mod_logio.c", "logio_module",
        "mod_version.c", "version_module", "mod_unixd.c", "unixd_module",
    };

    private readonly HashSet<string> _loaded = new(StringComparer.Ordinal);
    private readonly HashSet<string> _mayBeLoaded = new(StringComparer.Ordinal);
    private bool _incomplete;

    /// <summary>Records <c>LoadModule identifier file</c>; <paramref name="certain"/> when no undecided condition encloses it.</summary>
    public void Load(string identifier, string file, bool certain)
    {
        var set = certain ? _loaded : _mayBeLoaded;
        set.Add(identifier);

        // The source file's name, as IfModule also accepts it: mod_ssl.so is built from mod_ssl.c.
        var name = file.AsSpan(file.LastIndexOfAny(['/', '\\']) + 1);
        if (name.StartsWith("mod_", StringComparison.Ordinal) && name.EndsWith(".so", StringComparison.Ordinal))
        {
            set.Add(string.Concat(name[..^3], ".c"));
        }
    }

    /// <summary>Records an include that did not resolve: what it held is unknown, so modules are no longer decided.</summary>
    public void MarkIncomplete() => _incomplete = true;

    /// <summary>The condition of <c>&lt;IfModule <paramref name="argument"/>&gt;</c> (<c>!</c> negates) at this point of the reading.</summary>
    public ApacheCondition Evaluate(string argument)
    {
        bool negated = argument.StartsWith('!');
        var name = negated ? argument[1..] : argument;
        bool? loaded = AlwaysCompiledIn.Contains(name) || _loaded.Contains(name) ? true
            : !isMainConfiguration || _incomplete || _loaded.Count == 0 || _mayBeLoaded.Contains(name) || OftenCompiledIn.Contains(name) ? null
            : false;
        return loaded is not { } value ? ApacheCondition.MayApply
            : value != negated ? ApacheCondition.Applies : ApacheCondition.DoesNotApply;
    }
}
