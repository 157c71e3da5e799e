using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>One address a site listens on (nginx <c>listen</c>).</summary>
/// <param name="Address">The address as written (<c>*</c>, <c>[::]</c>, <c>192.0.2.1</c>, <c>unix:/run/x.sock</c>).</param>
/// <param name="Port">The port, or null for a UNIX socket.</param>
/// <param name="IsSsl">Whether connections on it use TLS (the <c>ssl</c> or <c>quic</c> parameter).</param>
/// <param name="IsDefaultServer">Whether the site is the default for this address (<c>default_server</c>, or the old <c>default</c>).</param>
/// <param name="IsQuic">Whether it is an HTTP/3 (QUIC) socket.</param>
/// <param name="Location">The directive; null for nginx's implicit <c>listen *:80</c> when a server has none.</param>
public sealed record WebListen(string Address, int? Port, bool IsSsl, bool IsDefaultServer, bool IsQuic, Location? Location);

/// <summary>A <c>location</c> (or <c>if</c> inside one) of a site, with the response headers requests handled there get.</summary>
public sealed class WebLocationBlock
{
    internal WebLocationBlock(WebSite site, WebLocationBlock? parent, SyntaxNode directive, Location location, string match, ConfigurationLevel level, ResponseHeaderSet responseHeaders)
    {
        Site = site;
        Parent = parent;
        Directive = directive;
        Location = location;
        Match = match;
        Level = level;
        ResponseHeaders = responseHeaders;
    }

    /// <summary>The site.</summary>
    public WebSite Site { get; }

    /// <summary>The enclosing location for a nested one, or null.</summary>
    public WebLocationBlock? Parent { get; }

    /// <summary>The <c>location</c> or <c>if</c> directive.</summary>
    public SyntaxNode Directive { get; }

    /// <summary>The directive's name token (<c>location</c> or <c>if</c>): where a missing setting is reported.</summary>
    public Location Location { get; }

    /// <summary>The match as written, for example <c>= /results</c>, <c>~ \.php$</c> or, for an <c>if</c>, its condition.</summary>
    public string Match { get; }

    /// <summary><see cref="ConfigurationLevel.Location"/> or <see cref="ConfigurationLevel.If"/>.</summary>
    public ConfigurationLevel Level { get; }

    /// <summary>The effective response headers here.</summary>
    public ResponseHeaderSet ResponseHeaders { get; }

    /// <inheritdoc />
    public override string ToString() => $"{(Level == ConfigurationLevel.If ? "if" : "location")} {Match}";
}

/// <summary>
/// A virtual host: one nginx <c>server</c> block or Apache <c>&lt;VirtualHost&gt;</c> (or Apache's main server), with
/// its names, listen addresses, effective response headers per location and, when it serves TLS, its
/// <see cref="TlsEndpoint"/>. Linked by host name to the descriptor's <c>sites[]</c>, so rules know its role.
/// </summary>
public sealed class WebSite : ModelElement
{
    private readonly List<WebLocationBlock> _locations = [];

    internal WebSite(string software, SyntaxNode declaration, Location location, string key, IReadOnlyList<Located<string>> serverNames, IReadOnlyList<WebListen> listens)
    {
        Software = software;
        Declaration = declaration;
        Location = location;
        Key = key;
        ServerNames = serverNames;
        Listens = listens;
    }

    /// <summary>The server software, for example <c>nginx</c>.</summary>
    public string Software { get; }

    /// <summary>The block that declares the site (the nginx <c>server</c> directive).</summary>
    public SyntaxNode Declaration { get; }

    /// <summary>The <c>server</c> keyword: where findings about something the site lacks are reported.</summary>
    public override Location Location { get; }

    /// <inheritdoc />
    public override string Key { get; }

    /// <summary>The names the site answers to (nginx <c>server_name</c>, every directive's arguments in order).</summary>
    public IReadOnlyList<Located<string>> ServerNames { get; }

    /// <summary>Where it listens; nginx's implicit <c>*:80</c> when the block has no <c>listen</c>.</summary>
    public IReadOnlyList<WebListen> Listens { get; }

    /// <summary>Whether the site is the default server of any of its addresses.</summary>
    public bool IsDefaultServer => Listens.Any(l => l.IsDefaultServer);

    /// <summary>Whether the site serves TLS on any address.</summary>
    public bool UsesTls => Tls is not null;

    /// <summary>The TLS settings, when the site serves TLS; null otherwise.</summary>
    public TlsEndpoint? Tls { get; internal set; }

    /// <summary>The response headers of a request no <c>location</c> handles (the server level).</summary>
    public ResponseHeaderSet ResponseHeaders { get; internal set; } = ResponseHeaderSet.Empty;

    /// <summary>Every <c>location</c> and <c>if</c>-in-location block, nested ones included, in configuration order.</summary>
    public IReadOnlyList<WebLocationBlock> Locations => _locations;

    /// <summary>The descriptor's site this one serves (a <c>sites[].hosts</c> entry equals one of its names), or null.</summary>
    public SiteElement? DescriptorSite { get; internal set; }

    /// <summary>Whether the descriptor marks the site <c>role: results</c>.</summary>
    public bool IsResultsSite => DescriptorSite?.IsResultsSite == true;

    /// <summary>The server version the descriptor declares (<c>software[]</c> entry named after <see cref="Software"/>), or null.</summary>
    public WebServerVersion? DeclaredVersion { get; internal set; }

    /// <summary>
    /// The version whose defaults apply: the descriptor's, else <paramref name="optionValue"/> (a rule option such as
    /// <c>nginx-version</c>; ignored when empty or not a version), else the current stable release.
    /// </summary>
    public WebServerVersion ResolveVersion(string? optionValue = null)
    {
        if (DeclaredVersion is not null)
        {
            return DeclaredVersion;
        }

        if (WebServerVersion.ParseVersion(optionValue) is { } fromOption)
        {
            return new WebServerVersion(Software, fromOption, WebServerVersionSource.Option);
        }

        return Software == ApacheSoftware ? WebServerVersion.ApacheStable : WebServerVersion.NginxStable;
    }

    /// <summary>The <see cref="Software"/> name of sites bound from Apache httpd configurations.</summary>
    public const string ApacheSoftware = "apache";

    /// <summary>Whether the site comes from an Apache httpd configuration (rules name Apache's directives in messages then).</summary>
    public bool IsApache => Software == ApacheSoftware;

    /// <summary>A name for messages: the first server name and port, for example <c>results.example.nl:443</c>.</summary>
    public string DisplayName
    {
        get
        {
            var name = ServerNames.FirstOrDefault(n => n.Value.Length > 0)?.Value ?? "(no server_name)";
            var port = Listens.FirstOrDefault(l => l.IsSsl)?.Port ?? (Listens.Count > 0 ? Listens[0].Port : null);
            return port is null ? name : string.Create(CultureInfo.InvariantCulture, $"{name}:{port}");
        }
    }

    internal void AddLocation(WebLocationBlock block) => _locations.Add(block);

    /// <inheritdoc />
    public override string ToString() => $"{Software} server {DisplayName}";
}
