using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Model.Web;

/// <summary>
/// An nginx configuration the loader read, with the TLS files it names; binds into web sites. <paramref name="content"/>,
/// when given, is the folder map of the configuration's prefix, shared with the other configurations there.
/// </summary>
internal sealed class NginxModelSource(NginxConfiguration configuration, ImmutableDictionary<string, ReferencedFile> files, Engine.IScanFileSystem? fileSystem = null, ContentMap? content = null) : IModelContributor
{
    public NginxConfiguration Configuration { get; } = configuration;

    public IEnumerable<ModelElement> Bind(ModelBindingContext context) => NginxSiteBinder.Bind(Configuration, files, context, fileSystem, content);
}

/// <summary>
/// Binds an nginx configuration into <see cref="WebSite"/>s (one per <c>server</c> block of <c>http</c>), their
/// <see cref="TlsEndpoint"/>s and the <see cref="CertificateChain"/>s they serve, applying nginx's inheritance:
/// for the <c>ssl_*</c> directives (contexts http and server) the server's own directive wins, else the http
/// block's, else the documented default (ngx_http_ssl_merge_srv_conf); for <c>add_header</c> see
/// <see cref="ResponseHeaderSet"/>. Directives brought in by <c>include</c> count where the include is.
/// </summary>
public static class NginxSiteBinder
{
    /// <summary>Binds the sites of <paramref name="configuration"/>, reading the files it names through <paramref name="fileSystem"/>.</summary>
    public static IReadOnlyList<ModelElement> Bind(NginxConfiguration configuration, Engine.IScanFileSystem fileSystem, ModelBindingContext? context = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(fileSystem);
        var prefix = NginxFormatLoader.PrefixOf(configuration);
        var files = configuration.GetAllEffectiveDirectives()
            .Where(d => (d.Is("ssl_certificate") || d.Is("ssl_dhparam")) && d.Arguments.Length == 1)
            .Select(d => d.Arguments[0].Value)
            .Distinct(StringComparer.Ordinal)
            .ToImmutableDictionary(v => v, v => ReferencedFile.Resolve(v, prefix, fileSystem), StringComparer.Ordinal);
        return Bind(configuration, files, context ?? new ModelBindingContext([]), fileSystem).ToList();
    }

    internal static IEnumerable<ModelElement> Bind(NginxConfiguration configuration, ImmutableDictionary<string, ReferencedFile> files, ModelBindingContext context, Engine.IScanFileSystem? fileSystem = null, ContentMap? content = null)
    {
        var state = new BindState(configuration, files, context, fileSystem, content);
        var http = configuration.GetEffectiveDirectives(configuration.MainTree.Root).FirstOrDefault(d => d.Is("http") && d.Block is not null);

        // A fragment loaded on its own (a sites-enabled file without nginx.conf) holds what nginx would see inside http.
        var httpBlock = http?.Block ?? configuration.MainTree.Root;
        var httpLocation = http is null ? Location.ForFile(configuration.MainTree.Source.Path) : NameLocation(http);
        var httpDirectives = configuration.GetEffectiveDirectiveList(httpBlock);
        var httpHeaders = HeaderLevel.Root.Enter(httpDirectives, ConfigurationLevel.Http, httpLocation);
        var mainDirectives = http is null ? [] : configuration.GetEffectiveDirectiveList(configuration.MainTree.Root);
        var version = FindDeclaredVersion(context, "nginx") ?? WebServerVersion.NginxStable;
        var settings = new NginxSettingsBinder(mainDirectives, httpDirectives, httpLocation, version);

        bool httpIncomplete = HasUnresolvedInclude(configuration, httpBlock, enterBlocks: false, depth: 0);
        var elements = new List<ModelElement>();
        var sites = new List<WebSite>();

        // Servers look up inherited settings by directive name (ssl_protocols, ssl_ciphers ...), never "server": leaving the server
        // blocks out of that list keeps each lookup short when an include brings thousands of servers into http.
        var httpSettings = httpDirectives.Where(d => !d.Is("server")).ToList();
        foreach (var server in httpDirectives.Where(d => d.Is("server") && d.Block is not null))
        {
            var site = BindServer(state, server, httpSettings, httpHeaders, settings);
            site.HasUnresolvedIncludes = httpIncomplete || HasUnresolvedInclude(configuration, server.Block!, enterBlocks: true, depth: 0);
            sites.Add(site);
            elements.Add(site);
            if (site.Tls is not null)
            {
                elements.Add(site.Tls);
            }
        }

        AssignDefaultServers(sites);

        foreach (var chain in state.Chains.Values.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            chain.Endpoints = [.. elements.OfType<TlsEndpoint>().Where(e => e.Certificates.Any(c => c.Chain == chain))];
            elements.Add(chain);
        }

        return elements;
    }

    /// <summary>
    /// Whether <paramref name="block"/> (entering nested blocks when <paramref name="enterBlocks"/>) holds an include
    /// that brought nothing in although it names one file (a glob that matches nothing is fine for nginx), or that the
    /// loader could not follow at all.
    /// </summary>
    private static bool HasUnresolvedInclude(NginxConfiguration configuration, NginxBlockSyntax block, bool enterBlocks, int depth) =>
        HasUnresolvedInclude(configuration, block, enterBlocks, depth, []);

    // A file included many times over is looked into once (the answer for it is the same each time): a walk of every path
    // to it would be exponential.
    private static bool HasUnresolvedInclude(NginxConfiguration configuration, NginxBlockSyntax block, bool enterBlocks, int depth, HashSet<NginxSyntaxTree> seen)
    {
        // The loader bounds include depth and drops cycles; this bound only guards against pathological nesting.
        if (depth > 64)
        {
            return false;
        }

        foreach (var directive in block.Directives)
        {
            if (directive.IsInclude)
            {
                var include = configuration.GetInclude(directive);
                if (include is null || include.IsCut || (!include.IsGlob && include.Trees.IsEmpty && !include.IsStockPackageFile))
                {
                    return true;
                }

                if (include.Trees.Any(tree => seen.Add(tree) && HasUnresolvedInclude(configuration, tree.Root, enterBlocks, depth + 1, seen)))
                {
                    return true;
                }
            }
            else if (enterBlocks && directive.Block is not null && HasUnresolvedInclude(configuration, directive.Block, enterBlocks, depth + 1, seen))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// ngx_http_core_module, listen: "If none of the directives have the default_server parameter then the first server
    /// with the address:port pair will be the default server for this pair."
    /// <para>
    /// A listen written as a placeholder (<c>listen ${PORT}</c>, see <see cref="ParseListen"/>) may become any pair. So
    /// the first server of a pair is only known to be its default when no listen of another pair that could become the
    /// same one (a placeholder, or any pair when this one is a placeholder) comes before it or says
    /// <c>default_server</c>; otherwise no server is recorded as that pair's default.
    /// </para>
    /// </summary>
    private static void AssignDefaultServers(List<WebSite> sites)
    {
        var defaults = new Dictionary<WebSite, List<WebListen>>();
        var groups = sites.SelectMany((s, index) => s.Listens.Select(l => (Site: s, Index: index, Listen: l))).GroupBy(p => (Pair(p.Listen.Address), p.Listen.Port)).ToList();
        var others = PairsThatMayCoincide.Of(groups);
        foreach (var group in groups)
        {
            var chosen = group.FirstOrDefault(p => p.Listen.IsDefaultServer);
            if (chosen.Site is null)
            {
                chosen = group.First();
                if (others?.MayDisplace(group.Key, IsPlaceholder(chosen.Listen), chosen.Index) == true)
                {
                    continue;
                }
            }

            if (!defaults.TryGetValue(chosen.Site, out var list))
            {
                defaults[chosen.Site] = list = [];
            }

            list.Add(chosen.Listen);
        }

        foreach (var (site, chosen) in defaults)
        {
            site.DefaultServerFor = chosen;
        }
    }

    /// <summary>
    /// The address part of the address:port pair nginx groups servers by: <c>listen 80</c>, <c>*:80</c> and
    /// <c>0.0.0.0:80</c> are one pair (each binds every IPv4 address; checked against a live nginx, whose first server of
    /// the three answered an unknown host name). IPv6 <c>[::]</c> is a pair of its own.
    /// </summary>
    private static string Pair(string address) => address == "0.0.0.0" ? "*" : address;

    // As ParseListen reads it: an address holding a "$" has no port of its own.
    private static bool IsPlaceholder(WebListen listen) => listen.Port is null && listen.Address.Contains('$', StringComparison.Ordinal);

    /// <summary>
    /// For each pair, whether a listen of another pair that could become the same one comes before a given server or
    /// says default_server: in one pass over the pairs, so a template with many placeholder listens stays linear.
    /// </summary>
    private sealed class PairsThatMayCoincide
    {
        // The two pairs whose first listen comes earliest (any pair may be what a placeholder becomes), the earliest
        // placeholder pair, and whether any pair (any placeholder pair) says default_server.
        private (string, int?) _earliestKey;
        private int _earliest = int.MaxValue;
        private int _secondEarliest = int.MaxValue;
        private int _earliestPlaceholder = int.MaxValue;
        private int _defaultPairs;
        private bool _placeholderDefault;

        public static PairsThatMayCoincide? Of(List<IGrouping<(string Address, int? Port), (WebSite Site, int Index, WebListen Listen)>> groups)
        {
            if (!groups.Exists(g => IsPlaceholder(g.First().Listen)))
            {
                return null;
            }

            var pairs = new PairsThatMayCoincide();
            foreach (var group in groups)
            {
                int first = group.First().Index;
                bool isDefault = group.Any(p => p.Listen.IsDefaultServer);
                pairs._defaultPairs += isDefault ? 1 : 0;
                if (first < pairs._earliest)
                {
                    (pairs._secondEarliest, pairs._earliest, pairs._earliestKey) = (pairs._earliest, first, group.Key);
                }
                else if (first < pairs._secondEarliest)
                {
                    pairs._secondEarliest = first;
                }

                if (IsPlaceholder(group.First().Listen))
                {
                    pairs._earliestPlaceholder = Math.Min(pairs._earliestPlaceholder, first);
                    pairs._placeholderDefault |= isDefault;
                }
            }

            return pairs;
        }

        /// <summary>Whether another pair could take the default of <paramref name="key"/> from its first server, at <paramref name="index"/>, which does not say default_server.</summary>
        public bool MayDisplace((string, int?) key, bool placeholder, int index)
        {
            if (placeholder)
            {
                int earliestOther = key == _earliestKey ? _secondEarliest : _earliest;
                return earliestOther < index || _defaultPairs > 0;
            }

            return _earliestPlaceholder < index || _placeholderDefault;
        }
    }

    private static WebSite BindServer(BindState state, NginxDirectiveSyntax server, List<NginxDirectiveSyntax> httpDirectives, HeaderLevel httpHeaders, NginxSettingsBinder settings)
    {
        var configuration = state.Configuration;
        var directives = configuration.GetEffectiveDirectiveList(server.Block!);
        var location = NameLocation(server);
        var names = directives.Where(d => d.Is("server_name")).SelectMany(d => d.Arguments).Select(a => new Located<string>(a.Value, a)).ToList();
        var listens = directives.Where(d => d.Is("listen") && d.Arguments.Length > 0).Select(ParseListen).ToList();
        if (listens.Count == 0)
        {
            // ngx_http_core_module: "listen *:80 | *:8000" by default (80 when nginx runs as root, as servers do).
            listens.Add(new WebListen("*", 80, false, false, false, (Location?)null));
        }

        var site = new WebSite("nginx", server, location, state.UniqueKey(names, listens), names, listens)
        {
            DescriptorSite = state.FindDescriptorSite(names),
            DeclaredVersion = FindDeclaredVersion(state.Context, "nginx"),
            Content = state.Content,
        };

        var serverHeaders = httpHeaders.Enter(directives, ConfigurationLevel.Server, location);
        site.ResponseHeaders = serverHeaders.Set;
        var serverSettings = settings.Enter(settings.Http, directives, location, isLocation: false);
        site.Settings = NginxSettingsBinder.ToSettings(serverSettings);
        BindLocations(configuration, site, null, directives, serverHeaders, settings, serverSettings);

        // "ssl on" (http or server; removed in 1.25.1) also turned TLS on for every listen of the server.
        var legacySsl = Nearest(directives, httpDirectives, "ssl");
        bool usesTls = listens.Any(l => l.IsSsl) || (legacySsl is not null && IsOn(legacySsl));
        if (usesTls)
        {
            site.Tls = BindTls(state, site, directives, httpDirectives);
        }

        return site;
    }

    private static void BindLocations(NginxConfiguration configuration, WebSite site, WebLocationBlock? parent, List<NginxDirectiveSyntax> directives, HeaderLevel enclosing, NginxSettingsBinder settings, NginxSettingsBinder.LevelState enclosingSettings)
    {
        foreach (var directive in directives.Where(d => d.Block is not null && (d.Is("location") || (d.Is("if") && parent is not null))))
        {
            var level = directive.Is("if") ? ConfigurationLevel.If : ConfigurationLevel.Location;
            var inner = configuration.GetEffectiveDirectiveList(directive.Block!);
            var location = NameLocation(directive);
            var headers = enclosing.Enter(inner, level, location);
            var block = new WebLocationBlock(site, parent, directive, location, string.Join(' ', directive.Arguments.Select(a => a.Value)), level, headers.Set);
            var blockSettings = settings.Enter(enclosingSettings, inner, location, isLocation: true);
            block.Settings = NginxSettingsBinder.ToSettings(blockSettings);
            site.AddLocation(block);
            BindLocations(configuration, site, block, inner, headers, settings, blockSettings);
        }
    }

    // The descriptions of the TLS flags' defaults, one per flag rather than one per site that leaves it unset.
    private static readonly ConcurrentDictionary<(string Name, string Text), string> FlagDefaults = new();

    private static TlsEndpoint BindTls(BindState state, WebSite site, List<NginxDirectiveSyntax> server, List<NginxDirectiveSyntax> http)
    {
        var scope = site.Location;

        EffectiveValue<bool> Flag(string name, bool defaultValue, string defaultText)
        {
            var directive = Nearest(server, http, name);
            return directive is null
                ? EffectiveValue.FromDefault<bool>(defaultValue, FlagDefaults.GetOrAdd((name, defaultText), key => $"nginx's default \"{key.Name} {key.Text};\""), scope)
                : NginxSettingsBinder.HasPlaceholder(directive) ? EffectiveValue.FromUnknown<bool>(defaultValue, directive, scope)
                : EffectiveValue.FromDirective<bool>(IsOn(directive), directive, scope);
        }

        // ssl_protocols is a bitmask slot: several directives at one level add up; the server level replaces http's.
        var protocols = ProtocolsResolver(Level(server, http, "ssl_protocols"), scope);

        var ciphers = Nearest(server, http, "ssl_ciphers");
        var cipherString = ciphers is { Arguments.Length: 1 }
            ? NginxSettingsBinder.HasPlaceholder(ciphers)
                ? EffectiveValue.FromUnknown<string>(NginxDefaults.Ciphers, ciphers, scope)
                : EffectiveValue.FromDirective<string>(ciphers.Arguments[0].Value, ciphers, scope)
            : EffectiveValue.FromDefault<string>(NginxDefaults.Ciphers, $"nginx's default \"ssl_ciphers {NginxDefaults.Ciphers};\"", scope);

        // ssl_conf_command is a list: a level with any replaces the inherited list; OpenSSL applies commands in order, so the last Ciphersuites wins.
        var commands = Level(server, http, "ssl_conf_command");
        var ciphersuites = commands.LastOrDefault(c => c.Arguments.Length == 2 && c.Arguments[0].Value.Equals("Ciphersuites", StringComparison.OrdinalIgnoreCase));
        var tls13 = ciphersuites is null
            ? EffectiveValue.FromDefault<IReadOnlyList<CipherSuite>>(CipherSuiteCatalog.Tls13Default, "OpenSSL's default TLS 1.3 suites (no \"ssl_conf_command Ciphersuites\")", scope)
            : NginxSettingsBinder.HasPlaceholder(ciphersuites)
                ? EffectiveValue.FromUnknown<IReadOnlyList<CipherSuite>>(CipherSuiteCatalog.Tls13Default, ciphersuites, scope)
                : EffectiveValue.FromDirective<IReadOnlyList<CipherSuite>>(Tls13CipherSuites.Parse(ciphersuites.Arguments[1].Value).Suites, ciphersuites, scope);

        // ssl_certificate is a list too: the server's own replace http's.
        var certificates = Level(server, http, "ssl_certificate").Where(d => d.Arguments.Length == 1).Select(d => state.Certificate(d)).ToList();

        var dhparam = Nearest(server, http, "ssl_dhparam");
        var dh = dhparam is { Arguments.Length: 1 }
            ? EffectiveValue.FromDirective<DhParametersReference?>(state.DhParameters(dhparam), dhparam, scope)
            : EffectiveValue.FromDefault<DhParametersReference?>(null, "no ssl_dhparam: nginx sets no DH parameters, so it offers no DHE suite", scope);

        var resolver = Nearest(server, http, "resolver");
        var resolvers = resolver is null
            ? EffectiveValue.FromDefault<IReadOnlyList<string>>([], "no resolver", scope)
            : EffectiveValue.FromDirective<IReadOnlyList<string>>([.. resolver.Arguments.Select(a => a.Value).Where(v => !v.Contains('=', StringComparison.Ordinal))], resolver, scope);

        var endpoint = new TlsEndpoint(
            site,
            protocols,
            cipherString,
            tls13,
            certificates,
            dh,
            Flag("ssl_stapling", NginxDefaults.Stapling, "off"),
            resolvers,
            Flag("ssl_session_tickets", NginxDefaults.SessionTickets, "on"),
            Flag("ssl_early_data", NginxDefaults.EarlyData, "off"),
            Flag("ssl_prefer_server_ciphers", NginxDefaults.PreferServerCiphers, "off"),
            Flag("ssl_reject_handshake", false, "off"));
        return endpoint;
    }

    /// <summary>
    /// The endpoint's protocols for the server version a rule asks about. Made apart from <see cref="BindTls"/>, whose
    /// lambdas share one closure: the endpoint keeps this function to the end of the scan, and through that closure it
    /// kept the bind state (its key table and folder cache) and the server's and http's directive lists, 1.5 MB at
    /// 4,000 files.
    /// </summary>
    private static Func<WebServerVersion, EffectiveValue<ImmutableArray<Located<TlsProtocol>>>> ProtocolsResolver(List<NginxDirectiveSyntax> protocolDirectives, Location scope) => version =>
    {
        if (protocolDirectives.Count > 0)
        {
            var list = protocolDirectives
                .SelectMany(d => d.Arguments)
                .Select(a => (Protocol: TlsProtocols.FromNginxName(a.Value), Argument: a))
                .Where(p => p.Protocol is not null)
                .Select(p => new Located<TlsProtocol>(p.Protocol!.Value, p.Argument))
                .ToImmutableArray();
            var placeholder = protocolDirectives.Find(NginxSettingsBinder.HasPlaceholder);
            return placeholder is null
                ? EffectiveValue.FromDirective<ImmutableArray<Located<TlsProtocol>>>(list, protocolDirectives[0], scope)
                : EffectiveValue.FromUnknown<ImmutableArray<Located<TlsProtocol>>>(list, placeholder, scope);
        }

        var defaults = NginxDefaults.Protocols(version.Version);
        return EffectiveValue.FromDefault<ImmutableArray<Located<TlsProtocol>>>(
            [.. defaults.Select(p => new Located<TlsProtocol>(p, scope))],
            ProtocolDefaultDescriptions.GetOrAdd(version with { Location = null }, DescribeProtocolDefault),
            scope);
    };

    // The description of the default protocols, made once per version rather than at each call (rules ask every site, and
    // findings keep the text): keyed without the version's location, which the description does not use.
    private static readonly ConcurrentDictionary<WebServerVersion, string> ProtocolDefaultDescriptions = new();

    private static string DescribeProtocolDefault(WebServerVersion version) =>
        $"the default \"ssl_protocols {string.Join(' ', NginxDefaults.Protocols(version.Version).Select(p => p.ToConfigurationName()))};\" of {version.Describe()}";

    /// <summary>The server's directives named <paramref name="name"/> if it has any, else the http block's.</summary>
    private static List<NginxDirectiveSyntax> Level(List<NginxDirectiveSyntax> server, List<NginxDirectiveSyntax> http, string name)
    {
        // Loops, not LINQ with a lambda capturing the name: a closure, a delegate and an iterator per name per server.
        var own = Named(server, name);
        return own.Count > 0 ? own : Named(http, name);
    }

    private static List<NginxDirectiveSyntax> Named(List<NginxDirectiveSyntax> directives, string name)
    {
        var named = new List<NginxDirectiveSyntax>();
        foreach (var directive in directives)
        {
            if (directive.Is(name))
            {
                named.Add(directive);
            }
        }

        return named;
    }

    /// <summary>The first directive named <paramref name="name"/> at the nearest level that has one (nginx rejects a second one as "is duplicate").</summary>
    private static NginxDirectiveSyntax? Nearest(List<NginxDirectiveSyntax> server, List<NginxDirectiveSyntax> http, string name) =>
        FirstNamed(server, name) ?? FirstNamed(http, name);

    private static NginxDirectiveSyntax? FirstNamed(List<NginxDirectiveSyntax> directives, string name)
    {
        foreach (var directive in directives)
        {
            if (directive.Is(name))
            {
                return directive;
            }
        }

        return null;
    }

    private static bool IsOn(NginxDirectiveSyntax directive) =>
        directive.Arguments.Length > 0 && directive.Arguments[0].Value.Equals("on", StringComparison.OrdinalIgnoreCase);

    internal static Location NameLocation(NginxDirectiveSyntax directive) => directive.Tree.Source.GetLocation(directive.NameSpan);

    private static WebListen ParseListen(NginxDirectiveSyntax directive)
    {
        var target = directive.Arguments[0].Value;
        bool ssl = false, quic = false, isDefault = false;
        for (int i = 1; i < directive.Arguments.Length; i++)
        {
            switch (directive.Arguments[i].Value)
            {
                case "ssl": ssl = true; break;
                case "quic": quic = true; break;
                case "default_server" or "default": isDefault = true; break;
            }
        }

        string address = "*";
        int? port = 80;
        if (target.StartsWith("unix:", StringComparison.Ordinal))
        {
            address = target;
            port = null;
        }
        else if (int.TryParse(target, NumberStyles.None, CultureInfo.InvariantCulture, out var bare))
        {
            port = bare;
        }
        else
        {
            // [::]:443, 192.0.2.1:443, *:443, example.org:8443, or an address alone (port 80).
            int close = target.LastIndexOf(']');
            int colon = target.LastIndexOf(':');
            if (colon > close && int.TryParse(target.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
            {
                // Pooled: "[::]" and "*" are in most servers' listen directives.
                address = StringPool.Token(target.AsSpan(0, colon));
                port = parsed;
            }
            else
            {
                address = target;

                // "listen ${PORT} ssl": nginx expands no variable in listen, so the "$" is a placeholder that a template
                // step (the nginx image's envsubst, a deployment tool) fills in before nginx reads the file. The port is
                // whatever it becomes, not the 80 of an address written alone.
                if (target.Contains('$', StringComparison.Ordinal))
                {
                    port = null;
                }
            }
        }

        return new WebListen(address, port, ssl || quic, isDefault, quic, directive);
    }

    /// <summary>
    /// The first descriptor site (in descriptor order) with a host that one of <paramref name="names"/> matches as
    /// <see cref="ServerNameMatches"/> would. Shared with the Apache binder.
    /// </summary>
    internal static SiteElement? FindDescriptorSite(ModelBindingContext context, IReadOnlyList<Located<string>> names)
    {
        // A server's site is found by lookup in the scan's host index rather than by comparing its names with every
        // host, which made binding quadratic in the number of sites.
        var (hosts, firstByHost) = context.DescriptorHosts;

        int first = int.MaxValue;
        foreach (var name in names)
        {
            var trimmed = name.Value.TrimEnd('.');
            if (trimmed.StartsWith('.') || trimmed.StartsWith("*.", StringComparison.Ordinal))
            {
                // Wildcard forms are rare: compare them with every host.
                for (int index = 0; index < Math.Min(first, hosts.Count); index++)
                {
                    if (ServerNameMatches(name.Value, hosts[index].Host))
                    {
                        first = index;
                        break;
                    }
                }
            }
            else if (trimmed.Length > 0 && !trimmed.StartsWith('~') && firstByHost.TryGetValue(trimmed, out var index))
            {
                first = Math.Min(first, index);
            }
        }

        return first == int.MaxValue ? null : hosts[first].Site;
    }

    /// <summary>Whether nginx <c>server_name</c> <paramref name="serverName"/> answers for <paramref name="host"/> (exact, <c>*.</c> prefix or <c>.</c> suffix forms; regular expressions are not evaluated).</summary>
    internal static bool ServerNameMatches(string serverName, string host)
    {
        var name = serverName.TrimEnd('.');
        var target = host.TrimEnd('.');
        if (name.Length == 0 || name.StartsWith('~'))
        {
            return false;
        }

        if (name.StartsWith('.'))
        {
            return target.Equals(name[1..], StringComparison.OrdinalIgnoreCase) || target.EndsWith(name, StringComparison.OrdinalIgnoreCase);
        }

        if (name.StartsWith("*.", StringComparison.Ordinal))
        {
            return target.EndsWith(name[1..], StringComparison.OrdinalIgnoreCase);
        }

        return name.Equals(target, StringComparison.OrdinalIgnoreCase);
    }

    private static WebServerVersion? FindDeclaredVersion(ModelBindingContext context, string product)
    {
        foreach (var descriptor in context.Descriptors)
        {
            if (descriptor.Mapping?.Find("software")?.Value is not YamlSequenceSyntax software)
            {
                continue;
            }

            foreach (var entry in software.Items.OfType<YamlMappingSyntax>())
            {
                if (entry.Find("name")?.Value is YamlScalarSyntax name
                    && name.Value.Equals(product, StringComparison.OrdinalIgnoreCase)
                    && entry.Find("version")?.Value is YamlScalarSyntax version
                    && WebServerVersion.ParseVersion(version.Value) is { } parsed)
                {
                    return new WebServerVersion(product, parsed, WebServerVersionSource.Descriptor, version.GetLocation());
                }
            }
        }

        return null;
    }

    private sealed class BindState(NginxConfiguration configuration, ImmutableDictionary<string, ReferencedFile> files, ModelBindingContext context, Engine.IScanFileSystem? fileSystem, ContentMap? content)
    {
        /// <summary>Where the configuration's roots and alias targets are in the scan, shared by its servers; finds nothing without a file system.</summary>
        public ContentMap Content { get; } = content ?? new(configuration.MainTree.Source.Path, fileSystem);

        private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);

        public NginxConfiguration Configuration { get; } = configuration;

        public ModelBindingContext Context { get; } = context;

        public Dictionary<string, CertificateChain> Chains { get; } = new(StringComparer.Ordinal);

        /// <summary>The first descriptor site (in descriptor order) with a host that one of <paramref name="names"/> answers for.</summary>
        public SiteElement? FindDescriptorSite(IReadOnlyList<Located<string>> names) => NginxSiteBinder.FindDescriptorSite(Context, names);

        public string UniqueKey(List<Located<string>> names, List<WebListen> listens)
        {
            var name = names.FirstOrDefault(n => n.Value.Length > 0)?.Value ?? "_";
            var port = listens.FirstOrDefault(l => l.IsSsl)?.Port ?? listens[0].Port;
            var key = string.Create(CultureInfo.InvariantCulture, $"server:{name}:{port}");
            int count = _keys.GetValueOrDefault(key) + 1;
            _keys[key] = count;
            return count == 1 ? key : string.Create(CultureInfo.InvariantCulture, $"{key}#{count}");
        }

        public CertificateReference Certificate(NginxDirectiveSyntax directive)
        {
            var argument = directive.Arguments[0];
            var file = files.GetValueOrDefault(argument.Value) ?? new ReferencedFile(argument.Value, null, ReferencedFileStatus.NotFound, "not resolved", null);
            var (chain, status, problem) = file.ReadCertificateChain(Chains);

            var reference = new CertificateReference(directive, argument.GetLocation(), argument.Value, file.ResolvedPath, status, problem) { Chain = chain };
            chain?.AddReference(reference);
            return reference;
        }

        public DhParametersReference DhParameters(NginxDirectiveSyntax directive)
        {
            var argument = directive.Arguments[0];
            var file = files.GetValueOrDefault(argument.Value) ?? new ReferencedFile(argument.Value, null, ReferencedFileStatus.NotFound, "not resolved", null);
            if (file is { Status: ReferencedFileStatus.Loaded, Source: { } source })
            {
                var parameters = Web.DhParameters.Parse(source.Text);
                return parameters is null
                    ? new DhParametersReference(argument.GetLocation(), argument.Value, file.ResolvedPath, ReferencedFileStatus.Unusable, $"\"{file.ResolvedPath}\" holds no readable DH PARAMETERS block", null, source)
                    : new DhParametersReference(argument.GetLocation(), argument.Value, file.ResolvedPath, ReferencedFileStatus.Loaded, null, parameters, source);
            }

            return new DhParametersReference(argument.GetLocation(), argument.Value, file.ResolvedPath, file.Status, file.Problem, null, null);
        }
    }
}
