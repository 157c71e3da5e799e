using System.Globalization;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>Where the server version that decides documented defaults comes from.</summary>
public enum WebServerVersionSource
{
    /// <summary>The descriptor's <c>software[]</c> entry for the server.</summary>
    Descriptor,

    /// <summary>A rule or configuration option.</summary>
    Option,

    /// <summary>Nothing says: the current stable release is assumed.</summary>
    AssumedStable,
}

/// <summary>
/// The version of a web server whose documented defaults apply (nginx enabled TLS 1.0 and 1.1 by default until
/// 1.27.3, for example). RULES.md: the descriptor's <c>software[]</c> first, else an option, else the current
/// stable release.
/// </summary>
/// <param name="Product">The product, for example <c>nginx</c>.</param>
/// <param name="Version">The version (major.minor.patch).</param>
/// <param name="Source">Where it comes from.</param>
/// <param name="Location">The descriptor value that declares it, when <see cref="Source"/> is <see cref="WebServerVersionSource.Descriptor"/>.</param>
public sealed record WebServerVersion(string Product, Version Version, WebServerVersionSource Source, Location? Location = null)
{
    /// <summary>
    /// The nginx stable release assumed when nothing declares the version: 1.30, the stable branch since
    /// 2026-04-14 (nginx.org news; endoflife.date/nginx lists 1.30 as the supported stable cycle, 1.31 as mainline).
    /// </summary>
    public static WebServerVersion NginxStable { get; } = new("nginx", new Version(1, 30, 0), WebServerVersionSource.AssumedStable);

    /// <summary>
    /// The Apache httpd release assumed when nothing declares the version: the 2.4 branch, the only one the Apache
    /// HTTP Server Project maintains (https://httpd.apache.org/: 2.4.x is the current stable series). Every default the
    /// model reads is the same across 2.4.17 and later; messages show "2.4".
    /// </summary>
    public static WebServerVersion ApacheStable { get; } = new("apache", new Version(2, 4, 65), WebServerVersionSource.AssumedStable);

    /// <summary>Parses a version such as <c>1.26.3</c>, <c>1.26</c> or <c>nginx/1.26.3</c>; null when it is not one.</summary>
    public static Version? ParseVersion(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var value = text.Trim();
        int slash = value.LastIndexOf('/');
        if (slash >= 0)
        {
            value = value[(slash + 1)..];
        }

        // Keep the leading dotted digits only ("1.26.3-1~bookworm" is Debian's 1.26.3).
        int end = 0;
        while (end < value.Length && (char.IsAsciiDigit(value[end]) || value[end] == '.'))
        {
            end++;
        }

        value = value[..end].TrimEnd('.');
        if (!value.Contains('.', StringComparison.Ordinal))
        {
            return null;
        }

        return Version.TryParse(value, out var version) ? new Version(version.Major, version.Minor, Math.Max(0, version.Build)) : null;
    }

    /// <summary>Says which version was assumed and why, for messages: <c>nginx 1.26.3 (declared in the descriptor)</c>.</summary>
    public string Describe() => Source switch
    {
        WebServerVersionSource.Descriptor => string.Create(CultureInfo.InvariantCulture, $"{Product} {Version} (declared in the descriptor's software list)"),
        WebServerVersionSource.Option => string.Create(CultureInfo.InvariantCulture, $"{Product} {Version} (from the rule option)"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Product} {Version.ToString(2)} (assumed: the current stable release, as no version is declared)"),
    };

    /// <summary>Whether the version is at least <paramref name="major"/>.<paramref name="minor"/>.<paramref name="patch"/>.</summary>
    public bool IsAtLeast(int major, int minor, int patch) => Version >= new Version(major, minor, patch);
}
