using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>One address a site listens on (nginx <c>listen</c>).</summary>
/// <param name="Address">The address as written (<c>*</c>, <c>[::]</c>, <c>192.0.2.1</c>, <c>unix:/run/x.sock</c>).</param>
/// <param name="Port">The port, or null for a UNIX socket or a port a template placeholder stands for (nginx <c>listen ${PORT}</c>; <see cref="Address"/> then holds the text as written).</param>
/// <param name="IsSsl">Whether connections on it use TLS (the <c>ssl</c> or <c>quic</c> parameter).</param>
/// <param name="IsDefaultServer">Whether the site is the default for this address (<c>default_server</c>, or the old <c>default</c>).</param>
/// <param name="IsQuic">Whether it is an HTTP/3 (QUIC) socket.</param>
/// <param name="Location">The directive; null for nginx's implicit <c>listen *:80</c> when a server has none.</param>
/// <remarks>
/// One the nginx binder makes keeps its directive and makes the location when it is first read, as
/// <see cref="Located{T}"/> does: rules read a listen's location only to report a default server. Equality, the hash
/// code, deconstruction, <c>with</c> and <see cref="ToString"/> see the location as if it had been given.
/// </remarks>
public sealed record WebListen(string Address, int? Port, bool IsSsl, bool IsDefaultServer, bool IsQuic, Location? Location)
{
    // The Location (or null), or the directive to make it from (see NodeLocation).
    private object? _where = Location;

    /// <summary>A listen written by <paramref name="directive"/>, whose location is made when <see cref="Location"/> is first read.</summary>
    internal WebListen(string address, int? port, bool isSsl, bool isDefaultServer, bool isQuic, SyntaxNode directive)
        : this(address, port, isSsl, isDefaultServer, isQuic, (Location?)null)
    {
        ArgumentNullException.ThrowIfNull(directive);
        _where = directive;
    }

    /// <summary>The directive; null for nginx's implicit <c>listen *:80</c> when a server has none.</summary>
    public Location? Location
    {
        get => NodeLocation.Read(ref _where);
        init => _where = value;
    }

    /// <inheritdoc />
    public bool Equals(WebListen? other) =>
        ReferenceEquals(this, other)
        || (other is not null
            && EqualityComparer<string>.Default.Equals(Address, other.Address)
            && EqualityComparer<int?>.Default.Equals(Port, other.Port)
            && EqualityComparer<bool>.Default.Equals(IsSsl, other.IsSsl)
            && EqualityComparer<bool>.Default.Equals(IsDefaultServer, other.IsDefaultServer)
            && EqualityComparer<bool>.Default.Equals(IsQuic, other.IsQuic)
            && (ReferenceEquals(_where, other._where) || EqualityComparer<Location?>.Default.Equals(Location, other.Location)));

    /// <inheritdoc />
    /// <remarks>The record's own hash code, written out because <see cref="Location"/> is not a field.</remarks>
    public override int GetHashCode()
    {
        int hash = EqualityComparer<Type>.Default.GetHashCode(EqualityContract);
        hash = (hash * -1521134295) + EqualityComparer<string>.Default.GetHashCode(Address);
        hash = (hash * -1521134295) + EqualityComparer<int?>.Default.GetHashCode(Port!);
        hash = (hash * -1521134295) + EqualityComparer<bool>.Default.GetHashCode(IsSsl);
        hash = (hash * -1521134295) + EqualityComparer<bool>.Default.GetHashCode(IsDefaultServer);
        hash = (hash * -1521134295) + EqualityComparer<bool>.Default.GetHashCode(IsQuic);
        return (hash * -1521134295) + EqualityComparer<Location?>.Default.GetHashCode(Location!);
    }

    /// <summary>
    /// Whether only programs on the same host can connect: a UNIX socket, <c>localhost</c>, or a loopback address
    /// (127.0.0.0/8 or ::1, RFC 1122 §3.2.1.3 and RFC 4291 §2.5.3), as a back end behind a local proxy listens.
    /// </summary>
    public bool IsLoopback =>
        Address.StartsWith("unix:", StringComparison.Ordinal)
        || Address.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(Address.AsSpan().Trim("[]"), out var ip) && System.Net.IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip));
}

/// <summary>A <c>location</c> (or <c>if</c> inside one) of a site, with the response headers requests handled there get.</summary>
public sealed class WebLocationBlock
{
    // Longer modifiers first, so "^~" and "~*" are not read as "~".
    private static readonly string[] GluedModifiers = ["^~", "~*", "=", "~", "@"];

    // The match parsed once: FindLocation and the rules asked for it again and again, and each time split the match into
    // new strings (3 MB at 4,000 generated files). The pattern is most often the match itself.
    private readonly string _modifier;
    private readonly string _pattern;

    internal WebLocationBlock(WebSite site, WebLocationBlock? parent, SyntaxNode directive, Location location, string match, ConfigurationLevel level, ResponseHeaderSet responseHeaders)
    {
        Site = site;
        Parent = parent;
        Directive = directive;
        Location = location;
        Match = match;
        Level = level;
        ResponseHeaders = responseHeaders;
        (_modifier, _pattern) = Parse(match);
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

    /// <summary>The effective settings here (limits, logging, access control …), or null when the binder for this format does not compute them yet.</summary>
    public WebSettings? Settings { get; internal set; }

    /// <summary>
    /// Whether the block is a section of Apache's main server that httpd merges into this virtual host (so every
    /// virtual host that serves the path has it, and a rule about the section itself reports it once).
    /// </summary>
    public bool IsFromMainServer { get; internal init; }

    /// <summary>
    /// The location's match kind and text: <c>=</c> exact, <c>^~</c> prefix that stops the regular-expression search,
    /// <c>~</c>/<c>~*</c> regular expression (case-sensitive / insensitive), <c>@</c> named, or a plain prefix.
    /// </summary>
    public (string Modifier, string Pattern) ParseMatch() => (_modifier, _pattern);

    /// <summary>Whether this is a top-level <c>location /</c> (plain or <c>^~</c>), which takes every request no other location takes.</summary>
    internal bool IsRootLocation => Parent is null && Level == ConfigurationLevel.Location && _modifier is "" or "^~" && _pattern == "/";

    private static (string Modifier, string Pattern) Parse(string match)
    {
        var parts = match.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && parts[0] is "=" or "^~" or "~" or "~*")
        {
            return (parts[0], parts[1]);
        }

        if (parts.Length == 1)
        {
            // nginx also accepts the modifier glued to the pattern ("=/x", "~*\.php$") and named locations ("@name").
            foreach (var modifier in GluedModifiers)
            {
                if (parts[0].StartsWith(modifier, StringComparison.Ordinal) && parts[0].Length > modifier.Length)
                {
                    return (modifier, modifier == "@" ? parts[0] : parts[0][modifier.Length..]);
                }
            }

            return (string.Empty, parts[0]);
        }

        return (string.Empty, match);
    }

    /// <summary>
    /// Whether a request for <paramref name="uri"/> matches this location's own pattern (not how nginx picks among
    /// several: see <see cref="WebSite.FindLocation"/>). Regular expressions are evaluated with .NET's engine, which
    /// agrees with PCRE on the patterns configurations use for paths; one that .NET cannot parse matches nothing.
    /// </summary>
    public bool Matches(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (Level != ConfigurationLevel.Location)
        {
            return false;
        }

        var (modifier, pattern) = ParseMatch();
        switch (modifier)
        {
            case "=":
                return string.Equals(uri, pattern, StringComparison.Ordinal);
            case "~" or "~*":
                try
                {
                    var options = System.Text.RegularExpressions.RegexOptions.CultureInvariant | (modifier == "~*" ? System.Text.RegularExpressions.RegexOptions.IgnoreCase : 0);
                    return System.Text.RegularExpressions.Regex.IsMatch(uri, pattern, options, TimeSpan.FromMilliseconds(100));
                }
                catch (ArgumentException)
                {
                    return false;
                }
                catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
                {
                    return false;
                }

            case "@":
                return false;
            default:
                return uri.StartsWith(pattern, StringComparison.Ordinal);
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"{(Level == ConfigurationLevel.If ? "if" : "location")} {Match}";
}

/// <summary>A URL path an Apache site maps into a folder: <c>Alias /phpmyadmin /usr/share/phpmyadmin</c>.</summary>
/// <param name="UrlPath">The URL path (or, for the <c>Match</c> forms, the regular expression) as written.</param>
/// <param name="Target">The folder or file it maps to, as written.</param>
/// <param name="IsRegex">Whether <paramref name="UrlPath"/> is a regular expression (<c>AliasMatch</c>, <c>ScriptAliasMatch</c>, <c>WSGIScriptAliasMatch</c>).</param>
/// <param name="Directive">The directive.</param>
/// <param name="IsFromMainServer">Whether it is the main server's, which reaches every virtual host.</param>
public sealed record WebPathAlias(string UrlPath, string Target, bool IsRegex, SyntaxNode Directive, bool IsFromMainServer)
{
    /// <summary>Where the directive is written.</summary>
    public Location Location => Directive.GetLocation();
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

    // IsLoopbackOnly: 0 not yet known, 1 yes, 2 no.
    private int _loopbackOnly;

    /// <summary>
    /// Whether every address the site listens on is a loopback address or a UNIX socket: no client on the network
    /// connects to it, only a proxy or program on the same host. Rules about what clients on the network get (a
    /// redirect to HTTPS, HSTS, rate and slow-request limits, the answer to unknown host names) leave such a site to
    /// the front end that does face them.
    /// </summary>
    /// <remarks>Worked out once: several rules ask for every site (a race only computes the same answer twice).</remarks>
    public bool IsLoopbackOnly
    {
        get
        {
            if (_loopbackOnly == 0)
            {
                _loopbackOnly = Listens.Count > 0 && Listens.All(l => l.IsLoopback) ? 1 : 2;
            }

            return _loopbackOnly == 1;
        }
    }

    /// <summary>For a binder that knows more than the listens say: httpd's <c>&lt;VirtualHost *:8080&gt;</c> answers only where a <c>Listen</c> opens port 8080.</summary>
    internal void MarkLoopbackOnly() => _loopbackOnly = 1;

    /// <summary>Whether the site is the default server of any of its addresses.</summary>
    public bool IsDefaultServer => Listens.Any(l => l.IsDefaultServer);

    /// <summary>Whether the site serves TLS on any address.</summary>
    public bool UsesTls => Tls is not null;

    /// <summary>The TLS settings, when the site serves TLS; null otherwise.</summary>
    public TlsEndpoint? Tls { get; internal set; }

    /// <summary>
    /// The effective settings at the server level (what a request no <c>location</c> handles gets, and what locations
    /// inherit), or null when the binder for this format does not compute them yet.
    /// </summary>
    public WebSettings? Settings { get; internal set; }

    /// <summary>
    /// Whether an include in the site's block (at any depth) or directly in its http block could not be resolved
    /// (EA0003): settings it may hold are unknown, so rules about a missing setting stay silent for the site.
    /// </summary>
    public bool HasUnresolvedIncludes { get; internal set; }

    /// <summary>
    /// The listen addresses this site is the default server for: those marked <c>default_server</c>, and those where no
    /// site of the configuration is marked and this site is the first to listen (nginx then uses the first server).
    /// An address that a placeholder listen of another server (<c>listen ${PORT}</c>) could turn out to share has no
    /// implicit default here: which server nginx picks depends on the value.
    /// </summary>
    public IReadOnlyList<WebListen> DefaultServerFor { get; internal set; } = [];

    /// <summary>Whether the site is the default server of some address only because it comes first (no <c>default_server</c> is written).</summary>
    public bool IsImplicitDefaultServer => DefaultServerFor.Any(l => !l.IsDefaultServer);

    /// <summary>
    /// The fixed response every request gets, if any: an unconditional server-level <c>return</c> (or redirecting
    /// <c>rewrite</c>), which the rewrite module applies before any location is chosen; else one in <c>location /</c>;
    /// else a conditional one at the server level (for example certbot's <c>if ($host = …) { return 301 https://…; }</c>).
    /// </summary>
    public WebFixedResponse? CatchAllResponse
    {
        get
        {
            var server = Settings?.FixedResponse;
            if (server is { IsConditional: false })
            {
                return server;
            }

            return RootLocation()?.Settings?.FixedResponse ?? server;
        }
    }

    /// <summary>
    /// Whether the site serves content: it neither rejects TLS handshakes nor answers every request with a redirect or a
    /// refusal. A conditional redirect (certbot's <c>if ($scheme != "https")</c> in a server that also listens with TLS)
    /// leaves the other requests served.
    /// </summary>
    public bool ServesContent =>
        Tls?.RejectsHandshake.Value != true && CatchAllResponse is not { IsConditional: false, StatusCode: not 200 };

    /// <summary>Whether the descriptor marks the site official: <c>official: true</c>, or the role results, info or registration.</summary>
    public bool IsOfficialSite => (Roles() & OfficialRole) != 0;

    /// <summary>
    /// The top-level location nginx chooses for <paramref name="uri"/>: an exact (<c>=</c>) match; else the longest
    /// prefix, which wins at once when marked <c>^~</c>; else the first regular expression that matches, in
    /// configuration order; else that longest prefix (ngx_http_core_find_location). Null when none matches.
    /// </summary>
    public WebLocationBlock? FindLocation(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);

        // Loops over the top-level locations: the queries (a list of them, and a closure over the URI per query) were
        // made for every path every request rule asks about.
        WebLocationBlock? prefix = null;
        foreach (var block in _locations)
        {
            if (!IsTopLevel(block))
            {
                continue;
            }

            var (modifier, pattern) = block.ParseMatch();
            if (modifier == "=" && block.Matches(uri))
            {
                return block;
            }

            // The longest; the first of equal length.
            if (modifier is "" or "^~" && (prefix is null || pattern.Length > prefix.ParseMatch().Pattern.Length) && block.Matches(uri))
            {
                prefix = block;
            }
        }

        if (prefix?.ParseMatch().Modifier == "^~")
        {
            return prefix;
        }

        foreach (var block in _locations)
        {
            if (IsTopLevel(block) && block.ParseMatch().Modifier is "~" or "~*" && block.Matches(uri))
            {
                return block;
            }
        }

        return prefix;
    }

    private static bool IsTopLevel(WebLocationBlock block) => block.Parent is null && block.Level == ConfigurationLevel.Location;

    /// <summary>The first top-level <c>location /</c> (plain or <c>^~</c>), which takes every request no other location takes, or null.</summary>
    internal WebLocationBlock? RootLocation()
    {
        foreach (var block in _locations)
        {
            if (block.IsRootLocation)
            {
                return block;
            }
        }

        return null;
    }

    /// <summary>
    /// What the site does with a request for <paramref name="uri"/>. nginx: the location <see cref="FindLocation"/>
    /// chooses, else the server level; the path is mapped to a file through the effective <c>root</c> (root plus the
    /// whole path) or <c>alias</c> (the alias replaces the part the location's prefix matched). Apache: the server level merged with every section that applies, in httpd's order
    /// (https://httpd.apache.org/docs/2.4/sections.html#merging): <c>&lt;Directory&gt;</c> from the shortest path to
    /// the longest, then <c>&lt;DirectoryMatch&gt;</c>, then <c>&lt;Files&gt;</c>/<c>&lt;FilesMatch&gt;</c>, then
    /// <c>&lt;Location&gt;</c>/<c>&lt;LocationMatch&gt;</c>, the main server's sections before the virtual host's; the
    /// path is mapped to a file through <c>Alias</c>/<c>AliasMatch</c> or <c>DocumentRoot</c>. <c>&lt;If&gt;</c>
    /// sections, whose expressions depend on the request, are not applied.
    /// </summary>
    public WebRequestHandling HandleRequest(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (RequestResolver is { } resolve)
        {
            return resolve(uri);
        }

        var block = FindLocation(uri);
        var settings = block?.Settings ?? Settings ?? throw new InvalidOperationException($"The binder for {Software} computes no settings for {DisplayName}.");
        var (filePath, alias) = NginxFilePath(block, settings, uri);
        return new WebRequestHandling(uri, settings, block?.ResponseHeaders ?? ResponseHeaders, block is null ? [] : [block])
        {
            FilePath = filePath,
            Alias = alias,
            // A misconfigured alias ("location /i/ { alias /data/images; }") yields a path outside its folder, which cannot be mapped.
            FileInScan = filePath is not null && filePath.StartsWith(settings.DocumentRoot.Value.TrimEnd('/') + "/", StringComparison.Ordinal)
                ? Content?.FileInScan(settings.DocumentRoot.Value, filePath)
                : null,
        };
    }

    /// <summary>
    /// The file nginx serves for <paramref name="uri"/> in <paramref name="block"/> (or the server level), and the
    /// <c>alias</c> directive when one maps it. ngx_http_core_module, root: "A path to the file is constructed by merely
    /// adding a URI to the value of the root directive"; alias: for <c>location /i/ { alias /data/w3/images/; }</c> "on
    /// request of /i/top.gif, the file /data/w3/images/top.gif will be sent", that is the alias replaces the location's
    /// prefix (https://nginx.org/en/docs/http/ngx_http_core_module.html#alias). An alias inherited by a nested location
    /// still replaces the prefix of the location that declares it. Null when the path depends on the request: a root or
    /// alias with variables, or an alias in a regular-expression location ("such regular expression should contain
    /// captures and alias should refer to these captures").
    /// </summary>
    private static (string? FilePath, SyntaxNode? Alias) NginxFilePath(WebLocationBlock? block, WebSettings settings, string uri)
    {
        var root = settings.DocumentRoot;
        var directive = root.Directive is Syntax.Nginx.NginxDirectiveSyntax { } named && named.Is("alias") ? named : null;
        if (root.Value.Length == 0 || root.Value.Contains('$', StringComparison.Ordinal))
        {
            return (null, directive);
        }

        if (directive is null)
        {
            // Appending to a root with a final slash would double it; nginx's file system lookup treats both the same.
            return (root.Value.TrimEnd('/') + uri, null);
        }

        // The declaring location is the outermost of the chain that still has this very alias in effect.
        var declaring = block;
        while (declaring?.Parent is { Settings.DocumentRoot.Directive: { } inherited } parent && ReferenceEquals(inherited, directive))
        {
            declaring = parent;
        }

        if (declaring is null)
        {
            return (null, null);
        }

        var (modifier, pattern) = declaring.ParseMatch();
        if (modifier is not ("" or "^~" or "=") || !uri.StartsWith(pattern, StringComparison.Ordinal))
        {
            return (null, directive);
        }

        return (root.Value + uri[pattern.Length..], directive);
    }

    /// <summary>Where the configuration's roots are in the scan (nginx); null when the binder does not map them.</summary>
    internal ContentMap? Content { get; init; }

    /// <summary>
    /// The request paths of files under the site's document root that are in the scan and whose file name matches
    /// <paramref name="fileNamePattern"/> (a glob such as <c>*.sig</c>), up to three folders deep, in ordinal order. Empty
    /// when the document root's folder is not in the scan, or the binder for the format does not list content files (nginx maps single requests only, see <see cref="HandleRequest"/>).
    /// </summary>
    public IReadOnlyList<string> FindContentFiles(string fileNamePattern)
    {
        ArgumentNullException.ThrowIfNull(fileNamePattern);
        return ContentFileFinder?.Invoke(fileNamePattern) ?? [];
    }

    /// <summary>Set by a binder that resolves requests itself (Apache); null for the nginx selection above.</summary>
    internal Func<string, WebRequestHandling>? RequestResolver { get; set; }

    /// <summary>Set by a binder that maps the document root into the scan.</summary>
    internal Func<string, IReadOnlyList<string>>? ContentFileFinder { get; set; }

    /// <summary>The response headers of a request no <c>location</c> handles (the server level).</summary>
    public ResponseHeaderSet ResponseHeaders { get; internal set; } = ResponseHeaderSet.Empty;

    /// <summary>Every <c>location</c> and <c>if</c>-in-location block, nested ones included, in configuration order.</summary>
    public IReadOnlyList<WebLocationBlock> Locations => _locations;

    /// <summary>
    /// The URL paths the site maps into folders other than its document root (Apache <c>Alias</c>, <c>ScriptAlias</c>,
    /// <c>WSGIScriptAlias</c> and their <c>Match</c> forms), the virtual host's own before the main server's, in
    /// configuration order. Empty for nginx, whose <c>alias</c> lives in a <c>location</c>.
    /// </summary>
    public IReadOnlyList<WebPathAlias> PathAliases { get; internal set; } = [];

    /// <summary>
    /// The effective settings of every level that can answer a request, includes expanded: the server level unless a
    /// top-level <c>location /</c> (plain or <c>^~</c>) takes every request no other location takes, then every
    /// location and <c>if</c> block in configuration order. Empty when the binder for the site's format computes no settings.
    /// </summary>
    public IEnumerable<WebSettings> AnsweringLevels()
    {
        if (Settings is null)
        {
            yield break;
        }

        // ngx_http_core_find_location: a "/" prefix matches every URI, so with one present no request is left to the server level.
        if (RootLocation() is null)
        {
            yield return Settings;
        }

        foreach (var block in _locations)
        {
            if (block.Settings is { } settings)
            {
                yield return settings;
            }
        }
    }

    /// <summary>The descriptor's site this one serves (a <c>sites[].hosts</c> entry equals one of its names), or null.</summary>
    public SiteElement? DescriptorSite { get; internal set; }

    /// <summary>Whether the descriptor marks the site <c>role: results</c>.</summary>
    public bool IsResultsSite => (Roles() & ResultsRole) != 0;

    // The descriptor site's role flags, read once: rules ask them for every site, several times (every EA3xxx finding's
    // severity), and each ask looked the keys up in the site's YAML mapping again.
    private const int RolesRead = 1;
    private const int OfficialRole = 2;
    private const int ResultsRole = 4;

    private int _roles;

    private int Roles()
    {
        int roles = _roles;
        if (roles == 0)
        {
            roles = RolesRead;
            if (DescriptorSite is { } site)
            {
                var role = site.GetTextValue("role");
                roles |= site.GetBooleanValue("official") == true || role is "results" or "info" or "registration" ? OfficialRole : 0;
                roles |= site.IsResultsSite ? ResultsRole : 0;
            }

            _roles = roles;
        }

        return roles;
    }

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
    /// <remarks>
    /// Made once per site (names and listens are fixed at construction): findings keep it in their messages, and a
    /// repository of 16,000 files held 119,000 copies of its sites' names when each read built a new one.
    /// </remarks>
    public string DisplayName => _displayName ??= MakeDisplayName();

    private string? _displayName;

    private string MakeDisplayName()
    {
        var name = ServerNames.FirstOrDefault(n => n.Value.Length > 0)?.Value ?? "(no server_name)";
        var port = Listens.FirstOrDefault(l => l.IsSsl)?.Port ?? (Listens.Count > 0 ? Listens[0].Port : null);
        return port is null ? name : string.Create(CultureInfo.InvariantCulture, $"{name}:{port}");
    }

    internal void AddLocation(WebLocationBlock block) => _locations.Add(block);

    /// <inheritdoc />
    public override string ToString() => $"{Software} server {DisplayName}";
}
