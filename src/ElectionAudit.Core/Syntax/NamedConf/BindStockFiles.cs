namespace ElectionAudit.Syntax.NamedConf;

/// <summary>
/// Files Debian's bind9 package puts in <c>/etc/bind/</c> that a named.conf includes and that a repository has no reason
/// to hold: <c>named.conf.default-zones</c> (the root hints and the localhost, 127, 0 and 255 zones, loaded from the
/// package's own zone files) and <c>zones.rfc1918</c> (empty zones for the RFC 1918 reverse space), both shipped by
/// the package; <c>bind.keys</c> (the DNSSEC trust anchors, shipped by the package); and <c>rndc.key</c> (the control
/// channel's key, which the package generates at installation: a secret a repository must not hold). They hold only
/// <c>zone</c> statements over the package's data, <c>trust-anchors</c> and <c>key</c> statements; the rules about
/// zone statements judge the operator's zones, and the package's ones are the same on every server.
/// </summary>
/// <remarks>
/// Debian's <c>named.conf.options</c> and <c>named.conf.local</c> are not on the list: they are where the operator
/// configures the server and its zones.
/// </remarks>
internal static class BindStockFiles
{
    private static readonly StockFileNames Files = new(["named.conf.default-zones", "zones.rfc1918", "bind.keys", "rndc.key"], ["/bind"]);

    // The zone files the package installs, as its stock zone statements name them.
    private static readonly HashSet<string> ZoneFiles = new(StringComparer.Ordinal)
    {
        "/etc/bind/db.local", "/etc/bind/db.127", "/etc/bind/db.0", "/etc/bind/db.255", "/etc/bind/db.empty",
    };

    /// <summary>
    /// Whether an include's file name names a stock file where the package puts it: the bare name (named opens it in
    /// its working folder), or an absolute path in a <c>…/bind</c> folder (<c>/etc/bind/</c>).
    /// </summary>
    public static bool IsStockInclude(string file) => Files.IsStockInclude(file);

    /// <summary>
    /// Whether a zone statement's <c>file</c> is one of the zone files the package installs, named by its installed path:
    /// <c>db.local</c> (localhost's 127.0.0.1 and ::1), <c>db.127</c> (127.0.0.1's PTR to localhost), and <c>db.0</c>,
    /// <c>db.255</c> and <c>db.empty</c> (an SOA and an NS record only).
    /// </summary>
    public static bool IsPackageZoneFile(string file) => ZoneFiles.Contains(file);
}
