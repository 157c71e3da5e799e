using System.Collections.Immutable;
using System.Globalization;
using ElectionAudit.Descriptor;
using ElectionAudit.Engine;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Model.Web;

/// <summary>
/// Binds an Apache httpd configuration into <see cref="WebSite"/>s (one per <c>&lt;VirtualHost&gt;</c>, plus the main
/// server when it serves an address no virtual host covers), their <see cref="TlsEndpoint"/>s and the
/// <see cref="CertificateChain"/>s they serve, with httpd 2.4's semantics:
/// <list type="bullet">
/// <item>Server-level directives: within one level the last occurrence wins (mod_ssl's command handlers overwrite the
/// field); a virtual host's own value wins over the main server's, which it otherwise inherits (ssl_engine_config.c
/// <c>cfgMerge</c>: "add unset ? base : add"). <c>SSLCertificateFile</c>s of a virtual host replace the main
/// server's; <c>SSLOpenSSLConfCmd</c> commands add up, the main server's first, and are applied after
/// <c>SSLProtocol</c> / <c>SSLCipherSuite</c>, so a later <c>CipherString</c> or <c>Ciphersuites</c> command wins.</item>
/// <item>Sections: <c>&lt;IfModule&gt;</c> and the other conditions the configuration cannot decide are read
/// through, and a value set inside one is recorded as "may apply" (<see cref="EffectiveValue{T}.Condition"/>);
/// <c>&lt;IfDefine&gt;</c> / <c>Define</c> / <c>${VAR}</c> as <see cref="ApacheConfigurationLoader"/> resolves them; a
/// section known not to apply is skipped.</item>
/// <item>Response headers (mod_headers <c>Header</c>): applied in the order mod_headers documents
/// (https://httpd.apache.org/docs/2.4/mod/mod_headers.html, "Order of Processing"): main server, virtual host, then
/// the <c>&lt;Directory&gt;</c> / <c>&lt;Files&gt;</c> / <c>&lt;Location&gt;</c> / <c>&lt;If&gt;</c> section; each
/// section's own directives in file order. <c>always</c> and <c>onsuccess</c> are separate tables: an
/// <c>unset</c> in one leaves the other's header alone.</item>
/// <item>Settings (<see cref="WebSite.Settings"/>, <see cref="WebLocationBlock.Settings"/>): per level, as
/// <c>ApacheSettingsBinder</c> computes them.</item>
/// </list>
/// Defaults are Apache 2.4's documented ones (<see cref="ApacheDefaults"/>).
/// </summary>
public static class ApacheSiteBinder
{
    /// <summary>The <see cref="WebSite.Software"/> of the sites bound here.</summary>
    public const string Software = WebSite.ApacheSoftware;

    private static readonly string[] ConditionSections = ["IfModule", "IfDefine", "IfVersion", "IfFile", "IfDirective", "IfSection"];

    /// <summary>Binds the sites of <paramref name="configuration"/>, reading the files it names through <paramref name="fileSystem"/>.</summary>
    /// <param name="configuration">The loaded configuration.</param>
    /// <param name="fileSystem">The scan's files, for certificates and DH parameters.</param>
    /// <param name="context">The descriptors to link sites with, if any.</param>
    /// <param name="isMainConfiguration">Whether the configuration is a whole server's (<c>apache2.conf</c>), so that its main server can be a site of its own; a standalone virtual host file is not.</param>
    public static IReadOnlyList<ModelElement> Bind(ApacheConfiguration configuration, IScanFileSystem fileSystem, ModelBindingContext? context = null, bool isMainConfiguration = true)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(fileSystem);
        return Bind(configuration, isMainConfiguration, ReadReferencedFiles(configuration, fileSystem), context ?? new ModelBindingContext([]), fileSystem).ToList();
    }

    internal static ImmutableDictionary<string, ReferencedFile> ReadReferencedFiles(ApacheConfiguration configuration, IScanFileSystem fileSystem)
    {
        var files = ImmutableDictionary.CreateBuilder<string, ReferencedFile>(StringComparer.Ordinal);
        foreach (var node in configuration.Walk())
        {
            if (node.IsSection || node.Applicability == ApacheCondition.DoesNotApply)
            {
                continue;
            }

            // SSLCertificateKeyFile is deliberately not read: a private key is only checked to exist (see KeyFileExists).
            string? value = null;
            if ((node.IsNamed("SSLCertificateFile") || node.IsNamed("SSLCertificateChainFile")) && node.Arguments.Length == 1)
            {
                value = node.Arguments[0];
            }
            else if (node.IsNamed("SSLOpenSSLConfCmd") && node.Arguments.Length == 2 && node.Arguments[0].Equals("DHParameters", StringComparison.OrdinalIgnoreCase))
            {
                value = node.Arguments[1];
            }

            if (value is not null && !files.ContainsKey(value))
            {
                files[value] = Resolve(value, configuration.MainPath, fileSystem, read: true);
            }
        }

        return files.ToImmutable();
    }

    /// <summary>
    /// Resolves a file a directive names the way the include loader maps httpd's paths into the scan: a relative path
    /// against <c>ServerRoot</c>, taken as the main file's directory or a directory above it; an absolute one by its
    /// trailing segments under those directories.
    /// </summary>
    internal static ReferencedFile Resolve(string value, string mainPath, IScanFileSystem fileSystem, bool read)
    {
        if (value.Contains("${", StringComparison.Ordinal))
        {
            return new(value, null, ReferencedFileStatus.NotStatic, $"\"{value}\" uses a variable the configuration does not define, so the file cannot be known from the configuration", null);
        }

        var directories = PathUtil.FolderAndAncestors(PathUtil.GetDirectory(mainPath));

        var normalized = value.Replace('\\', '/');
        bool absolute = normalized.StartsWith('/');
        var segments = PathUtil.Normalize(normalized).Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (int skip = 0; skip < (absolute ? segments.Length : 1); skip++)
        {
            var suffix = string.Join('/', segments[skip..]);
            foreach (var directory in directories)
            {
                var candidate = PathUtil.Combine(directory, suffix);
                if (candidate.Length > 0 && PathUtil.IsInsideRoot(candidate) && fileSystem.FileExists(candidate))
                {
                    if (!read)
                    {
                        return new(value, candidate, ReferencedFileStatus.Loaded, null, null);
                    }

                    return fileSystem.TryRead(candidate) is { } source
                        ? new(value, candidate, ReferencedFileStatus.Loaded, null, source)
                        : new(value, candidate, ReferencedFileStatus.NotFound, $"\"{candidate}\" could not be read", null);
                }
            }
        }

        var start = directories[0].Length == 0 ? "the scan root" : $"\"{directories[0]}\"";
        return absolute
            ? new(value, null, ReferencedFileStatus.NotFound, $"\"{value}\" is an absolute path outside the scan, and no file under {start} or the directories above it has its trailing path segments", null)
            : new(value, null, ReferencedFileStatus.NotFound, $"\"{value}\" is not in the scan: httpd resolves it against ServerRoot, taken here as {start} or a directory above it", null);
    }

    internal static IEnumerable<ModelElement> Bind(ApacheConfiguration configuration, bool isMainConfiguration, ImmutableDictionary<string, ReferencedFile> files, ModelBindingContext context, IScanFileSystem? fileSystem = null)
    {
        var state = new BindState(configuration, files, context, fileSystem);
        var main = new Level();
        Collect(configuration.Statements, main, collectVirtualHosts: true);

        var mainTree = configuration.MainTree;
        var mainLocation = Location.ForFile(configuration.MainPath);
        var mainHeaders = HeaderState.Root.Apply(main.Headers, ConfigurationLevel.Http, mainLocation);
        var listenPorts = main.Directives.Where(d => d.IsNamed("Listen") && d.Arguments.Length > 0).Select(ParseListen).ToList();
        var loopbackPorts = isMainConfiguration ? LoopbackOnlyPorts(listenPorts) : null;
        var mainSettings = ApacheSettingsBinder.MainServer(ApacheSettingsBinder.Flatten(configuration.Statements), mainLocation, FindDeclaredVersion(context) ?? WebServerVersion.ApacheStable);

        var sites = new List<WebSite>();
        var defaultKeys = new HashSet<string>(StringComparer.Ordinal);
        var defaultHosts = new Dictionary<string, ApacheSettingsBinder.LevelState>(StringComparer.Ordinal);
        foreach (var virtualHost in main.VirtualHosts)
        {
            var own = new Level();
            Collect(virtualHost.Children, own, collectVirtualHosts: false);
            var section = (ApacheSectionSyntax)virtualHost.Syntax;
            var location = virtualHost.Tree.Source.GetLocation(section.NameSpan);
            var names = Names(own, main);
            bool tls = UsesTls(own, main);
            var listens = new List<WebListen>();
            var groups = new List<string>();
            for (int i = 0; i < virtualHost.Arguments.Length; i++)
            {
                var (address, port) = SplitAddress(virtualHost.Arguments[i]);
                port ??= listenPorts.Select(l => l.Port).Distinct().Count() == 1 ? listenPorts[0].Port : null;

                // httpd: the first virtual host for an address and port is its default; _default_ says so explicitly.
                var group = string.Create(CultureInfo.InvariantCulture, $"{(IsWildcard(address) ? "*" : address.ToLowerInvariant())}:{port}");
                bool isDefault = address == "_default_" || defaultKeys.Add(group);
                groups.Add(group);
                var argumentSpan = i < section.Arguments.Length ? section.Arguments[i].Span : section.NameSpan;
                listens.Add(new WebListen(address, port, tls, isDefault, false, virtualHost.Tree.Source.GetLocation(argumentSpan)));
            }

            var site = new WebSite(Software, section, location, state.UniqueKey("vhost", names, listens), names, listens)
            {
                DescriptorSite = FindDescriptorSite(context, names),
                DeclaredVersion = FindDeclaredVersion(context),
            };
            if (loopbackPorts is not null && IsReachedOnlyOverLoopback(listens, loopbackPorts))
            {
                site.MarkLoopbackOnly();
            }

            var headers = mainHeaders.Apply(own.Headers, ConfigurationLevel.Server, location);
            site.ResponseHeaders = headers.Set;
            var ownDirectives = ApacheSettingsBinder.Flatten(virtualHost.Children);
            var settings = ApacheSettingsBinder.VirtualHost(mainSettings, ownDirectives, location);

            // certbot's "RewriteCond %{SERVER_NAME} =name" redirect holds for every request a host gets by name; a host that is
            // the first for one of its addresses also gets the requests for unknown names, which it serves.
            if (settings.FixedResponse is { IsConditional: true } && groups.All(defaultHosts.ContainsKey)
                && ApacheSettingsBinder.RedirectForEveryName(ownDirectives, [.. names.Select(n => n.Value)]) is { } everyName)
            {
                settings = settings with { FixedResponse = everyName };
            }

            // httpd reads the request line and header with the limits of the connection's default virtual host, before
            // it knows which name-based host the request is for (core documentation of LimitRequestFieldSize; checked
            // against a live apache2 2.4, with and without TLS/SNI): a later host's own LimitRequestLine,
            // LimitRequestFields and LimitRequestFieldSize have no effect.
            if (groups.Count > 0 && defaultHosts.TryGetValue(groups[0], out var defaultHost))
            {
                settings = ApacheSettingsBinder.WithRequestLimitsOf(settings, defaultHost);
            }

            foreach (var group in groups)
            {
                defaultHosts.TryAdd(group, settings);
            }

            site.Settings = ApacheSettingsBinder.ToSettings(settings);

            // The main server's sections are merged into every virtual host, before the virtual host's own
            // (https://httpd.apache.org/docs/2.4/sections.html#merging: "Sections inside <VirtualHost> sections are
            // applied after the corresponding sections outside the virtual host definition"). A main <Directory> for a
            // folder the virtual host does not serve is left out, so that it does not show as one of the site's levels.
            var aliasTargets = ApacheRequestResolver.AliasTargets(own.Directives.Concat(main.Directives));
            var sections = main.Sections.Where(s => ApacheRequestResolver.ServesDirectory(s, settings.DocumentRoot.Value, aliasTargets)).Concat(own.Sections).ToList();
            var blocks = new Dictionary<ApacheConfigurationNode, WebLocationBlock>();
            BindSections(site, null, sections, headers, settings, blocks, [.. main.Sections]);
            ApacheRequestResolver.Attach(site, state.Content, sections, blocks, headers, settings, own.Directives, main.Directives);
            if (tls)
            {
                site.Tls = BindTls(state, site, own, main);
            }

            sites.Add(site);
        }

        // The main server answers on the Listen addresses no virtual host covers; a standalone vhost file has none.
        if (isMainConfiguration && mainTree is not null)
        {
            var covered = sites.SelectMany(s => s.Listens).ToList();
            var uncovered = listenPorts
                .Where(l => !covered.Any(c => c.Port is null || (c.Port == l.Port && (IsWildcard(c.Address) || IsWildcard(l.Address) || c.Address.Equals(l.Address, StringComparison.OrdinalIgnoreCase)))))
                .ToList();
            if (uncovered.Count > 0)
            {
                var empty = new Level();
                var names = Names(empty, main);
                var declaration = main.Directives.LastOrDefault(d => d.IsNamed("ServerName")) ?? main.Directives.First(d => d.IsNamed("Listen"));
                var location = declaration.Tree.Source.GetLocation(declaration.Syntax.NameSpan);
                bool tls = UsesTls(empty, main);
                var listens = uncovered.Select(l => l with { IsSsl = tls }).ToList();
                var site = new WebSite(Software, mainTree.Root, location, state.UniqueKey("main", names, listens), names, listens)
                {
                    DescriptorSite = FindDescriptorSite(context, names),
                    DeclaredVersion = FindDeclaredVersion(context),
                    ResponseHeaders = mainHeaders.Set,
                };
                var settings = ApacheSettingsBinder.VirtualHost(mainSettings, [], location);
                site.Settings = ApacheSettingsBinder.ToSettings(settings);
                var blocks = new Dictionary<ApacheConfigurationNode, WebLocationBlock>();
                BindSections(site, null, main.Sections, mainHeaders, settings, blocks, []);
                ApacheRequestResolver.Attach(site, state.Content, main.Sections, blocks, mainHeaders, settings, main.Directives, []);
                if (tls)
                {
                    site.Tls = BindTls(state, site, empty, main);
                }

                sites.Add(site);
            }
        }

        var elements = new List<ModelElement>();
        foreach (var site in sites)
        {
            elements.Add(site);
            if (site.Tls is not null)
            {
                elements.Add(site.Tls);
            }
        }

        foreach (var chain in state.Chains.Values.OrderBy(c => c.Path, StringComparer.Ordinal))
        {
            chain.Endpoints = [.. elements.OfType<TlsEndpoint>().Where(e => e.Certificates.Any(c => c.Chain == chain))];
            elements.Add(chain);
        }

        return elements;
    }

    /// <summary>The directives, virtual hosts and per-directory sections of one server level, reading through condition sections.</summary>
    internal sealed class Level
    {
        public List<ApacheConfigurationNode> Directives { get; } = [];

        public List<ApacheConfigurationNode> VirtualHosts { get; } = [];

        public List<ApacheConfigurationNode> Sections { get; } = [];

        public IEnumerable<ApacheConfigurationNode> Headers => Directives.Where(d => d.IsNamed("Header"));

        public ApacheConfigurationNode? Last(string name) => Directives.LastOrDefault(d => d.IsNamed(name));
    }

    internal static void Collect(IEnumerable<ApacheConfigurationNode> nodes, Level level, bool collectVirtualHosts)
    {
        foreach (var node in nodes)
        {
            if (node.Applicability == ApacheCondition.DoesNotApply)
            {
                continue;
            }

            if (!node.IsSection)
            {
                level.Directives.Add(node);
            }
            else if (ConditionSections.Any(node.IsNamed))
            {
                Collect(node.Children, level, collectVirtualHosts);
            }
            else if (node.IsNamed("VirtualHost"))
            {
                if (collectVirtualHosts)
                {
                    level.VirtualHosts.Add(node);
                }
            }
            else if (SectionLevel(node) is not null)
            {
                level.Sections.Add(node);
            }
        }
    }

    internal static ConfigurationLevel? SectionLevel(ApacheConfigurationNode node) =>
        node.IsNamed("Directory") || node.IsNamed("DirectoryMatch") ? ConfigurationLevel.Directory
        : node.IsNamed("Files") || node.IsNamed("FilesMatch") ? ConfigurationLevel.Files
        : node.IsNamed("Location") || node.IsNamed("LocationMatch") ? ConfigurationLevel.Location
        : node.IsNamed("If") || node.IsNamed("ElseIf") || node.IsNamed("Else") ? ConfigurationLevel.If
        : null;

    private static void BindSections(
        WebSite site,
        WebLocationBlock? parent,
        List<ApacheConfigurationNode> sections,
        HeaderState enclosing,
        ApacheSettingsBinder.LevelState enclosingSettings,
        Dictionary<ApacheConfigurationNode, WebLocationBlock> blocks,
        HashSet<ApacheConfigurationNode> fromMainServer)
    {
        // A plain <Directory> merges over the <Directory> sections of the folders that contain it, which httpd applies
        // first ("shortest directory component to longest", sections.html#merging): its enclosing level is the last
        // such section before it in that order, else the server level.
        var chained = new Dictionary<ApacheConfigurationNode, (HeaderState Headers, ApacheSettingsBinder.LevelState Settings)>();
        foreach (var section in ApacheRequestResolver.InMergeOrder(sections.Where(ApacheRequestResolver.IsPlainDirectory)))
        {
            var path = ApacheRequestResolver.DirectoryPath(section);
            var container = chained.Keys.LastOrDefault(c => ApacheRequestResolver.IsUnder(path, ApacheRequestResolver.DirectoryPath(c)));
            var (headers, settings) = container is null ? (enclosing, enclosingSettings) : chained[container];
            chained[section] = Enter(section, headers, settings);
        }

        foreach (var section in sections)
        {
            var (headers, settings) = chained.TryGetValue(section, out var state) ? state : Enter(section, enclosing, enclosingSettings);
            var syntax = (ApacheSectionSyntax)section.Syntax;
            var location = section.Tree.Source.GetLocation(syntax.NameSpan);
            var block = new WebLocationBlock(site, parent, syntax, location, string.Join(' ', section.Arguments), SectionLevel(section)!.Value, headers.Set)
            {
                Settings = ApacheSettingsBinder.ToSettings(settings),
                IsFromMainServer = parent?.IsFromMainServer ?? fromMainServer.Contains(section),
            };
            site.AddLocation(block);
            blocks[section] = block;
            var inner = new Level();
            Collect(section.Children, inner, collectVirtualHosts: false);
            BindSections(site, block, inner.Sections, headers, settings, blocks, fromMainServer);
        }
    }

    /// <summary>The response headers and settings after one section's own directives, over its enclosing level's.</summary>
    internal static (HeaderState Headers, ApacheSettingsBinder.LevelState Settings) Enter(ApacheConfigurationNode section, HeaderState enclosing, ApacheSettingsBinder.LevelState enclosingSettings)
    {
        var inner = new Level();
        Collect(section.Children, inner, collectVirtualHosts: false);
        var location = section.Tree.Source.GetLocation(((ApacheSectionSyntax)section.Syntax).NameSpan);
        return (enclosing.Apply(inner.Headers, SectionLevel(section)!.Value, location), ApacheSettingsBinder.Section(enclosingSettings, section, location));
    }

    private static List<Located<string>> Names(Level own, Level main)
    {
        // A virtual host without ServerName takes the main server's (httpd core.c merges server_hostname).
        var serverName = own.Last("ServerName") ?? main.Last("ServerName");
        var names = new List<Located<string>>();
        if (serverName is { Arguments.Length: > 0 })
        {
            names.Add(new Located<string>(HostOfServerName(serverName.Arguments[0]), ArgumentLocation(serverName, 0)));
        }

        foreach (var alias in own.Directives.Where(d => d.IsNamed("ServerAlias")))
        {
            for (int i = 0; i < alias.Arguments.Length; i++)
            {
                names.Add(new Located<string>(alias.Arguments[i], ArgumentLocation(alias, i)));
            }
        }

        return names;
    }

    /// <summary>The host of <c>ServerName [scheme://]fully-qualified-domain-name[:port]</c>.</summary>
    internal static string HostOfServerName(string value)
    {
        var host = value;
        int scheme = host.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            host = host[(scheme + 3)..];
        }

        int close = host.LastIndexOf(']');
        int colon = host.LastIndexOf(':');
        if (colon > close && colon > 0)
        {
            host = host[..colon];
        }

        return host;
    }

    private static bool UsesTls(Level own, Level main)
    {
        // SSLEngine on|off|optional|addr[:port]...: "optional" is an RFC 2817 upgrade no browser uses, so only "on" and
        // the address form (2.4.30+) count as serving TLS.
        var engine = own.Last("SSLEngine") ?? main.Last("SSLEngine");
        return engine is { Arguments.Length: > 0 }
            && !engine.Arguments[0].Equals("off", StringComparison.OrdinalIgnoreCase)
            && !engine.Arguments[0].Equals("optional", StringComparison.OrdinalIgnoreCase);
    }

    private static TlsEndpoint BindTls(BindState state, WebSite site, Level own, Level main)
    {
        var scope = site.Location;
        ApacheConfigurationNode? Last(string name) => own.Last(name) ?? main.Last(name);

        EffectiveValue<bool> Flag(string name, bool defaultValue)
        {
            var node = Last(name);
            return node is { Arguments.Length: > 0 }
                ? Setting(node.Arguments[0].Equals("on", StringComparison.OrdinalIgnoreCase), node, scope)
                : EffectiveValue.FromDefault<bool>(defaultValue, $"Apache 2.4's default \"{name} {(defaultValue ? "on" : "off")}\"", scope);
        }

        // SSLOpenSSLConfCmd is a list (main server's first) applied after mod_ssl's own settings, so its last command of a kind wins.
        var commands = main.Directives.Concat(own.Directives).Where(d => d.IsNamed("SSLOpenSSLConfCmd") && d.Arguments.Length == 2).ToList();
        ApacheConfigurationNode? Command(string name) => commands.LastOrDefault(c => c.Arguments[0].Equals(name, StringComparison.OrdinalIgnoreCase));
        // The endpoint keeps this function to the end of the scan: it closes over the directives it reads and the scope
        // only, not over this method's locals (the bind state, both levels' directive lists).
        var protocols = ProtocolsResolver(Last("SSLProtocol"), Command("MinProtocol"), Command("MaxProtocol"), scope);

        // SSLCipherSuite [protocol] spec: "SSL" (or no protocol) is the TLS 1.2-and-below list, "TLSv1.3" the TLS 1.3 suites (2.4.36+).
        static bool IsTls12Spec(ApacheConfigurationNode n) => n.IsNamed("SSLCipherSuite") && (n.Arguments.Length == 1 || (n.Arguments.Length == 2 && n.Arguments[0].Equals("SSL", StringComparison.OrdinalIgnoreCase)));
        static bool IsTls13Spec(ApacheConfigurationNode n) => n.IsNamed("SSLCipherSuite") && n.Arguments.Length == 2 && n.Arguments[0].Equals("TLSv1.3", StringComparison.OrdinalIgnoreCase);
        var cipherNode = own.Directives.LastOrDefault(IsTls12Spec) ?? main.Directives.LastOrDefault(IsTls12Spec);
        var tls13Node = own.Directives.LastOrDefault(IsTls13Spec) ?? main.Directives.LastOrDefault(IsTls13Spec);

        var cipherCommand = Command("CipherString");
        var ciphersuitesCommand = Command("Ciphersuites");

        EffectiveValue<string> cipherString = cipherCommand is not null
            ? Setting(cipherCommand.Arguments[1], cipherCommand, scope)
            : cipherNode is not null
                ? Setting(cipherNode.Arguments[^1], cipherNode, scope)
                : EffectiveValue.FromDefault<string>(ApacheDefaults.Ciphers, $"Apache 2.4's default \"SSLCipherSuite {ApacheDefaults.Ciphers}\" (mod_ssl leaves OpenSSL's default list)", scope);

        var tls13Source = ciphersuitesCommand ?? tls13Node;
        var tls13 = tls13Source is null
            ? EffectiveValue.FromDefault<IReadOnlyList<CipherSuite>>(CipherSuiteCatalog.Tls13Default, "OpenSSL's default TLS 1.3 suites (no \"SSLCipherSuite TLSv1.3\" or \"SSLOpenSSLConfCmd Ciphersuites\")", scope)
            : Setting<IReadOnlyList<CipherSuite>>(Tls13CipherSuites.Parse(tls13Source.Arguments[^1]).Suites, tls13Source, scope);

        var certificateNodes = own.Directives.Where(d => d.IsNamed("SSLCertificateFile") && d.Arguments.Length == 1).ToList();
        if (certificateNodes.Count == 0)
        {
            certificateNodes = [.. main.Directives.Where(d => d.IsNamed("SSLCertificateFile") && d.Arguments.Length == 1)];
        }

        var chainNode = Last("SSLCertificateChainFile");
        var certificates = certificateNodes.Select(n => state.Certificate(n, chainNode)).ToList();

        // mod_ssl pairs the n-th SSLCertificateKeyFile with the n-th SSLCertificateFile; the key file is only checked to exist.
        var keyNodes = own.Directives.Where(d => d.IsNamed("SSLCertificateKeyFile") && d.Arguments.Length == 1).ToList();
        if (keyNodes.Count == 0 && own.Directives.All(d => !d.IsNamed("SSLCertificateFile")))
        {
            keyNodes = [.. main.Directives.Where(d => d.IsNamed("SSLCertificateKeyFile") && d.Arguments.Length == 1)];
        }

        for (int i = 0; i < certificates.Count && i < keyNodes.Count; i++)
        {
            certificates[i].KeyPathAsWritten = keyNodes[i].Arguments[0];
            certificates[i].KeyFileExists = Resolve(keyNodes[i].Arguments[0], state.Configuration.MainPath, state.FileSystem, read: false).Status == ReferencedFileStatus.Loaded;
        }

        // DH parameters: SSLOpenSSLConfCmd DHParameters, else a DH PARAMETERS block appended to the first certificate
        // file (mod_ssl 2.4.7+), else mod_ssl picks a standard group matching the key size.
        var dhCommand = Command("DHParameters");
        EffectiveValue<DhParametersReference?> dh;
        if (dhCommand is not null)
        {
            dh = Directive<DhParametersReference?>(state.DhParameters(dhCommand, 1), dhCommand, scope);
        }
        else if (certificateNodes.Count > 0 && state.DhParametersInCertificate(certificateNodes[0]) is { } appended)
        {
            dh = Directive<DhParametersReference?>(appended, certificateNodes[0], scope);
        }
        else
        {
            dh = EffectiveValue.FromDefault<DhParametersReference?>(null, "no custom DH parameters: mod_ssl 2.4.7+ uses a standard group sized to the certificate's key", scope);
        }

        var endpoint = new TlsEndpoint(
            site,
            protocols,
            cipherString,
            tls13,
            certificates,
            dh,
            Flag("SSLUseStapling", ApacheDefaults.Stapling),
            EffectiveValue.FromDefault<IReadOnlyList<string>>([], "Apache reaches the OCSP responder through the system resolver", scope),
            Flag("SSLSessionTickets", ApacheDefaults.SessionTickets),
            EffectiveValue.FromDefault<bool>(false, "mod_ssl offers no TLS 1.3 early data", scope),
            Flag("SSLHonorCipherOrder", ApacheDefaults.HonorCipherOrder),
            EffectiveValue.FromDefault<bool>(false, "Apache has no setting that rejects every handshake", scope))
        {
            Compression = Flag("SSLCompression", ApacheDefaults.Compression),
            InsecureRenegotiation = Flag("SSLInsecureRenegotiation", ApacheDefaults.InsecureRenegotiation),
        };
        return endpoint;
    }

    /// <summary>
    /// The effective protocols for a server version: <c>SSLProtocol</c> (or the version's default), narrowed by
    /// <c>SSLOpenSSLConfCmd MinProtocol</c> / <c>MaxProtocol</c>, which run after mod_ssl set its range, so the effective
    /// range is what OpenSSL keeps of the protocols mod_ssl enabled, bounded by the commands.
    /// </summary>
    private static Func<WebServerVersion, EffectiveValue<ImmutableArray<Located<TlsProtocol>>>> ProtocolsResolver(
        ApacheConfigurationNode? protocolNode, ApacheConfigurationNode? minimumCommand, ApacheConfigurationNode? maximumCommand, Location scope) => version =>
    {
        EffectiveValue<ImmutableArray<Located<TlsProtocol>>> value;
        if (protocolNode is not null)
        {
            value = Setting(EvaluateProtocols(protocolNode), protocolNode, scope);
        }
        else
        {
            var defaults = ApacheDefaults.Protocols(version.Version);
            value = EffectiveValue.FromDefault<ImmutableArray<Located<TlsProtocol>>>(
                [.. defaults.Select(p => new Located<TlsProtocol>(p, scope))],
                $"the default \"SSLProtocol {ApacheDefaults.ProtocolDirective}\" of {version.Describe()}",
                scope);
        }

        var minimum = ProtocolBound(minimumCommand);
        var maximum = ProtocolBound(maximumCommand);
        if (minimum.Node is null && maximum.Node is null)
        {
            return value;
        }

        var node = maximum.Node ?? minimum.Node!;
        if (value.IsUnknown || ApacheSettingsBinder.HasEnvironmentVariable(node))
        {
            return value.IsUnknown ? value : EffectiveValue.FromUnknown(value.Value, node.Syntax, scope);
        }

        var kept = value.Value
            .Where(p => (minimum.Protocol is null || p.Value >= minimum.Protocol) && (maximum.Protocol is null || p.Value <= maximum.Protocol))
            .Select(p => value.IsDefault ? p with { Location = ArgumentLocation(node, 1) } : p)
            .ToImmutableArray();
        return value.IsDefault ? Directive(kept, node, scope) : EffectiveValue.FromDirective(kept, value.Directive!, scope, value.Condition ?? ConditionOf(node));
    };

    private static (ApacheConfigurationNode? Node, TlsProtocol? Protocol) ProtocolBound(ApacheConfigurationNode? command) =>
        command is null ? (null, null) : (command, ApacheDefaults.ParseProtocol(command.Arguments[1]));

    /// <summary>
    /// Evaluates <c>SSLProtocol</c> as mod_ssl does. Parsing (ssl_engine_config.c <c>ssl_cmd_protocol_parse</c>): from
    /// nothing, <c>+</c> adds a protocol or <c>all</c>, <c>-</c> removes it, and a word without a sign replaces what the
    /// words before it set (httpd warns "overrides already set parameter(s)"). Enabling (ssl_engine_init.c
    /// <c>ssl_init_ctx_protocol</c>, OpenSSL 1.1.0+): the highest protocol set is the maximum version, and the minimum
    /// goes down only while the next lower protocol is set too ("we do not allow holes between max and min"), so
    /// <c>TLSv1 +TLSv1.3</c> enables TLSv1.3 alone. Each enabled protocol carries the word that set it.
    /// </summary>
    internal static ImmutableArray<Located<TlsProtocol>> EvaluateProtocols(ApacheConfigurationNode node)
    {
        var set = new SortedDictionary<TlsProtocol, Location>();
        for (int i = 0; i < node.Arguments.Length; i++)
        {
            var word = node.Arguments[i];
            char action = word.Length > 0 && word[0] is '+' or '-' ? word[0] : '=';
            var name = action == '=' ? word : word[1..];
            IEnumerable<TlsProtocol> protocols = name.Equals("all", StringComparison.OrdinalIgnoreCase)
                ? ApacheDefaults.All
                : ApacheDefaults.ParseProtocol(name) is { } one ? [one] : [];
            if (action == '=')
            {
                set.Clear();
            }

            foreach (var protocol in protocols)
            {
                if (action == '-')
                {
                    set.Remove(protocol);
                }
                else
                {
                    set[protocol] = ArgumentLocation(node, i);
                }
            }
        }

        var enabled = new List<Located<TlsProtocol>>();
        if (set.Count > 0)
        {
            // SSLv2 is no protocol of OpenSSL 1.1.0+, so the range ends at SSLv3 at the lowest.
            for (var protocol = set.Keys.Max(); protocol >= TlsProtocol.Ssl3 && set.TryGetValue(protocol, out var location); protocol--)
            {
                enabled.Insert(0, new Located<TlsProtocol>(protocol, location));
            }
        }

        return [.. enabled];
    }

    private static EffectiveValue<T> Directive<T>(T value, ApacheConfigurationNode node, Location scope) =>
        EffectiveValue.FromDirective(value, node.Syntax, scope, ConditionOf(node));

    /// <summary>
    /// <see cref="Directive"/> for a setting whose text the rules judge: unknown when an environment variable gives it
    /// (see <see cref="ApacheSettingsBinder.HasEnvironmentVariable"/>), with <paramref name="value"/> as the stand-in.
    /// </summary>
    private static EffectiveValue<T> Setting<T>(T value, ApacheConfigurationNode node, Location scope) =>
        ApacheSettingsBinder.HasEnvironmentVariable(node) ? EffectiveValue.FromUnknown(value, node.Syntax, scope) : Directive(value, node, scope);

    /// <summary>The innermost enclosing section whose condition the configuration cannot decide, as written (<c>&lt;IfModule mod_ssl.c&gt;</c>), or null.</summary>
    internal static string? ConditionOf(ApacheConfigurationNode node)
    {
        for (var parent = node.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent.Condition == ApacheCondition.MayApply)
            {
                return "<" + parent.Name + (parent.Arguments.Length > 0 ? " " + string.Join(' ', parent.Arguments) : string.Empty) + ">";
            }
        }

        return null;
    }

    internal static Location ArgumentLocation(ApacheConfigurationNode node, int index) =>
        index < node.Syntax.Arguments.Length ? node.Tree.Source.GetLocation(node.Syntax.Arguments[index].Span) : node.GetLocation();

    /// <summary>
    /// The ports that only <c>Listen</c> directives on loopback addresses open: httpd accepts connections only on its
    /// Listen sockets (https://httpd.apache.org/docs/2.4/bind.html), so a wildcard virtual host on such a port is
    /// reached by local programs alone. Worked out once per configuration, not once per virtual host.
    /// </summary>
    private static HashSet<int> LoopbackOnlyPorts(List<WebListen> sockets)
    {
        var ports = new HashSet<int>();
        var networkPorts = new HashSet<int>();
        foreach (var socket in sockets)
        {
            if (socket.Port is { } port)
            {
                (socket.IsLoopback ? ports : networkPorts).Add(port);
            }
        }

        ports.ExceptWith(networkPorts);
        return ports;
    }

    /// <summary>
    /// Whether a virtual host can only be reached over loopback: each of its addresses is a loopback address, or a
    /// wildcard (<c>*</c>, <c>_default_</c>) for a port in <paramref name="loopbackPorts"/>.
    /// </summary>
    private static bool IsReachedOnlyOverLoopback(List<WebListen> listens, HashSet<int> loopbackPorts) =>
        listens.Count > 0 && listens.TrueForAll(l => l.IsLoopback || (IsWildcard(l.Address) && l.Port is { } port && loopbackPorts.Contains(port)));

    /// <summary>
    /// Whether a virtual host or Listen address stands for every address: <c>*</c>, <c>_default_</c>, and the unspecified
    /// addresses <c>0.0.0.0</c> and <c>[::]</c>, which httpd puts in the same name-based group as <c>*</c> (<c>apache2 -S</c>
    /// lists <c>&lt;VirtualHost 0.0.0.0:80&gt;</c>, <c>[::]:80</c> and <c>*:80</c> as one <c>*:80</c> with one default).
    /// </summary>
    internal static bool IsWildcard(string address) =>
        address is "*" or "_default_"
        || (System.Net.IPAddress.TryParse(address.AsSpan().Trim("[]"), out var ip) && (ip.Equals(System.Net.IPAddress.Any) || ip.Equals(System.Net.IPAddress.IPv6Any)));

    private static WebListen ParseListen(ApacheConfigurationNode node)
    {
        var (address, port) = SplitAddress(node.Arguments[0]);
        bool https = node.Arguments.Length > 1 && node.Arguments[1].Equals("https", StringComparison.OrdinalIgnoreCase);
        return new WebListen(address, port, https, false, false, node.GetLocation());
    }

    /// <summary>Splits <c>[address:]port</c>, <c>[v6]:port</c>, <c>*:443</c>, <c>_default_:443</c> or an address alone (port null).</summary>
    internal static (string Address, int? Port) SplitAddress(string value)
    {
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bare))
        {
            return ("*", bare);
        }

        int close = value.LastIndexOf(']');
        int colon = value.LastIndexOf(':');
        if (colon > close && int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return (value[..colon], port);
        }

        if (colon > close && value.AsSpan(colon + 1).SequenceEqual("*"))
        {
            return (value[..colon], null);
        }

        return (value, null);
    }

    // Looked up in the scan's host index, as for nginx: comparing every name with every descriptor host was quadratic in sites.
    private static SiteElement? FindDescriptorSite(ModelBindingContext context, IReadOnlyList<Located<string>> names) =>
        NginxSiteBinder.FindDescriptorSite(context, names);

    /// <summary>The descriptor's <c>software[]</c> entry for Apache (named <c>apache</c>, <c>apache2</c>, <c>httpd</c> or <c>apache-httpd</c>).</summary>
    private static WebServerVersion? FindDeclaredVersion(ModelBindingContext context)
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
                    && name.Value.ToLowerInvariant() is "apache" or "apache2" or "httpd" or "apache-httpd" or "apache httpd"
                    && entry.Find("version")?.Value is YamlScalarSyntax version
                    && WebServerVersion.ParseVersion(version.Value) is { } parsed)
                {
                    return new WebServerVersion(Software, parsed, WebServerVersionSource.Descriptor, version.GetLocation());
                }
            }
        }

        return null;
    }

    /// <summary>One step of the mod_headers merge: the response headers in effect after a level's <c>Header</c> directives.</summary>
    internal sealed class HeaderState
    {
        private HeaderState(ResponseHeaderSet set) => Set = set;

        public static HeaderState Root { get; } = new(ResponseHeaderSet.Empty);

        public ResponseHeaderSet Set { get; }

        public HeaderState Apply(IEnumerable<ApacheConfigurationNode> directives, ConfigurationLevel level, Location levelLocation)
        {
            var headers = new List<ResponseHeader>(Set.Headers);
            var dropped = new List<ResponseHeader>(Set.Dropped);
            bool any = false;
            foreach (var node in directives)
            {
                if (ParseHeader(node, level, levelLocation) is not { } operation)
                {
                    continue;
                }

                any = true;
                var (action, header) = operation;
                int existing = headers.FindLastIndex(h => h.Is(header.Name) && h.IsAlways == header.IsAlways);
                switch (action)
                {
                    case "set":
                        dropped.AddRange(headers.Where(h => h.Is(header.Name) && h.IsAlways == header.IsAlways && h.Level != level));
                        headers.RemoveAll(h => h.Is(header.Name) && h.IsAlways == header.IsAlways);
                        headers.Add(header);
                        break;
                    case "setifempty":
                        if (!headers.Any(h => h.Is(header.Name)))
                        {
                            headers.Add(header);
                        }

                        break;
                    case "add":
                        headers.Add(header);
                        break;
                    case "append":
                    case "merge":
                        if (existing < 0)
                        {
                            headers.Add(header);
                        }
                        else if (action == "append" || !headers[existing].Value.Split(',').Any(v => v.Trim() == header.Value))
                        {
                            var old = headers[existing];
                            headers[existing] = new ResponseHeader(old.Name, old.Value + ", " + header.Value, old.IsAlways, header.Directive, header.NameLocation, header.ValueLocation, level, levelLocation);
                        }

                        break;
                    case "unset":
                        dropped.AddRange(headers.Where(h => h.Is(header.Name) && h.IsAlways == header.IsAlways));
                        headers.RemoveAll(h => h.Is(header.Name) && h.IsAlways == header.IsAlways);
                        break;
                }
            }

            if (!any)
            {
                return this;
            }

            return new HeaderState(new ResponseHeaderSet(headers, dropped, levelLocation));
        }

        /// <summary>
        /// <c>Header [always|onsuccess] action header [value]</c>; null for request-side or value-editing actions
        /// (echo, edit, edit*, note) and malformed directives, which change no header this model tracks.
        /// </summary>
        private static (string Action, ResponseHeader Header)? ParseHeader(ApacheConfigurationNode node, ConfigurationLevel level, Location levelLocation)
        {
            var arguments = node.Arguments;
            int index = 0;
            bool always = false;
            if (arguments.Length > 0 && (arguments[0].Equals("always", StringComparison.OrdinalIgnoreCase) || arguments[0].Equals("onsuccess", StringComparison.OrdinalIgnoreCase)))
            {
                always = arguments[0].Equals("always", StringComparison.OrdinalIgnoreCase);
                index = 1;
            }

            if (arguments.Length < index + 2)
            {
                return null;
            }

            var action = arguments[index].ToLowerInvariant();
            if (action is not ("set" or "setifempty" or "add" or "append" or "merge" or "unset"))
            {
                return null;
            }

            bool hasValue = action != "unset" && arguments.Length > index + 2;
            if (action != "unset" && !hasValue)
            {
                return null;
            }

            var value = hasValue ? arguments[index + 2] : string.Empty;
            if (value.StartsWith("expr=", StringComparison.OrdinalIgnoreCase))
            {
                value = value[5..];
            }

            var nameLocation = ArgumentLocation(node, index + 1);
            var header = new ResponseHeader(arguments[index + 1], value, always, node.Syntax, nameLocation, hasValue ? ArgumentLocation(node, index + 2) : nameLocation, level, levelLocation);
            return (action, header);
        }
    }

    private sealed class BindState(ApacheConfiguration configuration, ImmutableDictionary<string, ReferencedFile> files, ModelBindingContext context, IScanFileSystem? fileSystem)
    {
        /// <summary>For existence checks of key files; without one (a caller that only has the files read), no key is found.</summary>
        public IScanFileSystem FileSystem { get; } = fileSystem ?? new InMemoryFileSystem();

        private readonly Dictionary<string, int> _keys = new(StringComparer.Ordinal);

        public ApacheConfiguration Configuration { get; } = configuration;

        public ModelBindingContext Context { get; } = context;

        public Dictionary<string, CertificateChain> Chains { get; } = new(StringComparer.Ordinal);

        /// <summary>Where the configuration's document roots and alias targets are in the scan, shared by its sites.</summary>
        public ContentMap Content { get; } = new(configuration.MainPath, fileSystem);

        public string UniqueKey(string kind, List<Located<string>> names, List<WebListen> listens)
        {
            var name = names.FirstOrDefault(n => n.Value.Length > 0)?.Value ?? "_";
            var port = listens.FirstOrDefault(l => l.IsSsl)?.Port ?? listens.FirstOrDefault()?.Port;
            var key = string.Create(CultureInfo.InvariantCulture, $"{kind}:{name}:{port}");
            int count = _keys.GetValueOrDefault(key) + 1;
            _keys[key] = count;
            return count == 1 ? key : string.Create(CultureInfo.InvariantCulture, $"{key}#{count}");
        }

        private ReferencedFile File(string value) =>
            files.GetValueOrDefault(value) ?? new ReferencedFile(value, null, ReferencedFileStatus.NotFound, "not resolved", null);

        public CertificateReference Certificate(ApacheConfigurationNode node, ApacheConfigurationNode? chainNode)
        {
            var value = node.Arguments[0];
            var file = File(value);
            var (chain, status, problem) = file.ReadCertificateChain(Chains);

            var reference = new CertificateReference(node.Syntax, ArgumentLocation(node, 0), value, file.ResolvedPath, status, problem) { Chain = chain };
            if (chainNode is { Arguments.Length: 1 } && File(chainNode.Arguments[0]) is { Status: ReferencedFileStatus.Loaded, Source: { } chainSource })
            {
                var chainFile = PemCertificateFile.Parse(chainSource);
                if (chainFile.Certificates.Count > 0)
                {
                    reference.ChainFile = chainFile;
                    reference.ChainFileDirective = chainNode.Syntax;
                }
            }

            chain?.AddReference(reference);
            return reference;
        }

        public DhParametersReference DhParameters(ApacheConfigurationNode node, int argument)
        {
            var value = node.Arguments[argument];
            var location = ArgumentLocation(node, argument);
            var file = File(value);
            if (file is { Status: ReferencedFileStatus.Loaded, Source: { } source })
            {
                var parameters = Web.DhParameters.Parse(source.Text);
                return parameters is null
                    ? new DhParametersReference(location, value, file.ResolvedPath, ReferencedFileStatus.Unusable, $"\"{file.ResolvedPath}\" holds no readable DH PARAMETERS block", null, source)
                    : new DhParametersReference(location, value, file.ResolvedPath, ReferencedFileStatus.Loaded, null, parameters, source);
            }

            return new DhParametersReference(location, value, file.ResolvedPath, file.Status, file.Problem, null, null);
        }

        public DhParametersReference? DhParametersInCertificate(ApacheConfigurationNode certificateNode)
        {
            var file = File(certificateNode.Arguments[0]);
            return file is { Status: ReferencedFileStatus.Loaded, Source: { } source } && Web.DhParameters.Parse(source.Text) is { } parameters
                ? new DhParametersReference(ArgumentLocation(certificateNode, 0), certificateNode.Arguments[0], file.ResolvedPath, ReferencedFileStatus.Loaded, null, parameters, source)
                : null;
        }
    }
}
