using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Net;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Model.Binding;

/// <summary>
/// The join across files: host names in the descriptor, server blocks, zones and certificates, and the providers
/// behind them. Cross-infrastructure rules only ask it questions, so every rule joins the same way. Built once per
/// model (<see cref="InfrastructureModel.Binding"/>); answers are cached and safe to ask from rules running in parallel.
/// </summary>
public sealed class InfrastructureBinding
{
    private readonly InfrastructureModel _model;
    private readonly ConcurrentDictionary<DomainName, HostBinding> _hosts = new();
    private readonly ImmutableArray<WebSite> _webSites;
    private readonly ImmutableArray<(ProviderElement Provider, ImmutableArray<DomainName> Domains, ImmutableArray<IPNetwork> Networks)> _providers;
    private readonly Lazy<ImmutableArray<ResolvedAddress>> _addressRecords;
    private readonly Lazy<HashSet<DomainName>> _serviceTargets;
    private readonly Lazy<HashSet<DomainName>> _cnameTargets;
    private readonly ConcurrentDictionary<DnsZone, HashSet<DomainName>> _existingNames = new();
    private readonly ConcurrentDictionary<DnsZone, ZoneProviders> _zoneProviders = new();
    private readonly Lazy<SiteNameIndex> _siteNameIndex;
    private readonly Lazy<Dictionary<DomainName, List<(object? Element, Located<string> Value)>>> _mentionIndex;
    private readonly Lazy<Dictionary<SiteElement, ImmutableArray<WebSite>>> _webSitesByDescriptorSite;

    /// <summary>Creates the binding of <paramref name="model"/>. Nothing is computed until asked.</summary>
    public InfrastructureBinding(InfrastructureModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        _model = model;
        _webSites = [.. model.BoundElementsOfType<WebSite>()];
        _providers = [.. model.Descriptors.SelectMany(d => d.Providers).Select(p => (p, ParseDomains(p), ParseNetworks(p)))];
        _addressRecords = new(() => [.. model.Dns.Zones.SelectMany(zone => zone.RecordsOfType(DnsRecordType.A, DnsRecordType.AAAA)
            .Where(r => r.Data is AddressRecordData && zone.IsAuthoritativeFor(r.Owner))
            .Select(r => new ResolvedAddress(((AddressRecordData)r.Data).Address, r, zone)))]);
        _serviceTargets = new(() => [.. model.Dns.Zones.SelectMany(ServiceTargetsOf)]);
        _siteNameIndex = new(IndexSiteNames);
        _mentionIndex = new(IndexMentions);
        _webSitesByDescriptorSite = new(() => _webSites.Where(w => w.DescriptorSite is not null).GroupBy(w => w.DescriptorSite!).ToDictionary(g => g.Key, g => g.ToImmutableArray()));
        _cnameTargets = new(() => [.. model.Dns.Zones.SelectMany(z => z.RecordsOfType(DnsRecordType.CNAME)).Select(r => r.Data).OfType<NameRecordData>().Select(n => n.Target)]);
    }

    /// <summary>The web sites (server blocks) in the scan.</summary>
    public ImmutableArray<WebSite> WebSites => _webSites;

    /// <summary>The web sites bound to the descriptor site <paramref name="site"/> (<see cref="WebSite.DescriptorSite"/>), in model order; indexed once, so a rule asking per site does not walk every web site each time.</summary>
    public ImmutableArray<WebSite> WebSitesOf(SiteElement site)
    {
        ArgumentNullException.ThrowIfNull(site);
        return _webSitesByDescriptorSite.Value.TryGetValue(site, out var sites) ? sites : [];
    }

    /// <summary>Every A and AAAA record the scanned zones answer with authoritatively (glue below delegations excluded).</summary>
    public ImmutableArray<ResolvedAddress> AddressRecords => _addressRecords.Value;

    /// <summary>Everything known about <paramref name="host"/>.</summary>
    public HostBinding Host(DomainName host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return _hosts.GetOrAdd(host, Bind);
    }

    /// <summary>Everything known about a host written as text (a descriptor value or a <c>server_name</c>); null when it is not a valid name.</summary>
    public HostBinding? Host(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        return ParseHost(host) is { } name ? Host(name) : null;
    }

    /// <summary>Parses a host name as the descriptor or a server block writes it (absolute with or without the final dot); null for wildcards, regular expressions, IP address literals and invalid names.</summary>
    public static DomainName? ParseHost(string host)
    {
        ArgumentNullException.ThrowIfNull(host);
        var text = host.Trim();
        if (text.Length == 0 || text.Contains('*', StringComparison.Ordinal) || text[0] is '~' or '.' || text == "_" || IsAddressLiteral(text))
        {
            return null;
        }

        return DnsModel.TryParseHost(text);
    }

    // "server_name 127.0.0.1" or "[::1]" answers requests whose Host is the address: no zone holds a name for it, and no
    // top-level domain is all digits (RFC 3696 §2), so a dotted quad is never a name to look up.
    private static bool IsAddressLiteral(string text)
    {
        if (text.Contains(':', StringComparison.Ordinal))
        {
            return IPAddress.TryParse(text.AsSpan().Trim('[').TrimEnd(']'), out _);
        }

        int dots = text.AsSpan().TrimEnd('.').Count('.');
        return dots == 3 && IPAddress.TryParse(text.AsSpan().TrimEnd('.'), out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork;
    }

    /// <summary>The server blocks that answer to <paramref name="host"/>: exact <c>server_name</c> entries, then wildcards on ports no exact one listens on (<c>*.example.nl</c>, <c>.example.nl</c>, <c>www.example.*</c>). Regular-expression names are not evaluated.</summary>
    public ImmutableArray<WebSiteMatch> WebSitesServing(DomainName host)
    {
        ArgumentNullException.ThrowIfNull(host);
        // Only sites with this exact name or with some wildcard name can match; the index keeps a lookup from going
        // through every server name of the scan (which made binding quadratic in sites).
        var candidates = _siteNameIndex.Value.Candidates(host.ToString().AsSpan().TrimEnd('.'));
        if (candidates is null)
        {
            // Most names a scan binds (a zone's owners) are served by no site at all: nothing is allocated for them.
            return [];
        }

        var text = host.ToString().TrimEnd('.');
        var exact = new List<WebSiteMatch>();
        var wildcard = new List<WebSiteMatch>();

        foreach (var site in candidates.Select(index => _webSites[index]))
        {
            if (FirstMatch(site, text) is { } match)
            {
                (match.IsExact ? exact : wildcard).Add(match);
            }
        }

        // nginx picks the server per listening port: an exact name beats a wildcard there, so a wildcard block still
        // serves the host on the ports where no exact block listens (https://nginx.org/en/docs/http/request_processing.html).
        var exactPorts = exact.SelectMany(m => m.Site.Listens).Select(l => l.Port).ToHashSet();
        return [.. exact, .. wildcard.Where(m => m.Site.Listens.Any(l => !exactPorts.Contains(l.Port)))];
    }

    /// <summary>The A and AAAA records, in any scanned zone, that publish <paramref name="address"/>.</summary>
    public IEnumerable<ResolvedAddress> RecordsWithAddress(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return AddressRecords.Where(r => r.Address.Equals(address));
    }

    /// <summary>
    /// Whether <paramref name="name"/> is a name-server, mail-exchange or service target in the scanned zones: names such
    /// as <c>ns1</c> or <c>mail</c> that exist for DNS and mail rather than to be browsed.
    /// </summary>
    public bool IsServiceTarget(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _serviceTargets.Value.Contains(name);
    }

    /// <summary>
    /// Whether a server block answers to <paramref name="name"/> or the descriptor mentions it: the same answer as
    /// <c>Host(name)</c>'s <see cref="HostBinding.WebSites"/> and <see cref="HostBinding.DescriptorMentions"/> being
    /// non-empty, without binding the host (records, CNAME chain, certificates, providers) and keeping it. A rule that
    /// goes through every address record of a large zone asks this first.
    /// </summary>
    public bool IsServedOrMentioned(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_hosts.TryGetValue(name, out var bound))
        {
            return !bound.WebSites.IsEmpty || !bound.DescriptorMentions.IsEmpty;
        }

        return _mentionIndex.Value.ContainsKey(name) || IsServed(name);
    }

    /// <summary>
    /// Whether <see cref="WebSitesServing"/> would return any match, without building the matches. Every site the index
    /// offers has a name that matches the host. The list is empty only when no site matches exactly (so no port is taken
    /// by an exact block) and every wildcard site listens nowhere; so a site that listens somewhere, or whose first
    /// matching name is the host itself, settles it. The corpus's zones ask this of thousands of owners under names
    /// that many wildcard server blocks serve: building each list was 7% of a corpus scan.
    /// </summary>
    private bool IsServed(DomainName host)
    {
        // Formatted on the stack: ToString keeps its string on the name, one per owner asked about.
        Span<char> buffer = stackalloc char[DomainName.MaxPresentationLength];
        var text = buffer[..host.FormatInto(buffer)].TrimEnd('.');
        return _siteNameIndex.Value.Any(text, this);
    }

    private bool Serves(int site, ReadOnlySpan<char> host)
    {
        var candidate = _webSites[site];
        if (candidate.Listens.Count > 0)
        {
            return true;
        }

        return FirstMatch(candidate, host.ToString())?.IsExact == true;
    }

    /// <summary>The first of <paramref name="site"/>'s server names that matches <paramref name="host"/> (without a trailing dot), exactly or as a wildcard.</summary>
    private static WebSiteMatch? FirstMatch(WebSite site, string host)
    {
        foreach (var name in site.ServerNames)
        {
            var entry = name.Value.TrimEnd('.');
            if (string.Equals(entry, host, StringComparison.OrdinalIgnoreCase))
            {
                return new WebSiteMatch(site, name, true);
            }

            if (MatchesServerNameWildcard(host, entry))
            {
                return new WebSiteMatch(site, name, false);
            }
        }

        return null;
    }

    /// <summary>Whether a CNAME record in the scanned zones points at <paramref name="name"/>, so it is served under other names too.</summary>
    public bool IsCnameTarget(DomainName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _cnameTargets.Value.Contains(name);
    }

    /// <summary>
    /// The origin addresses of the results sites (<c>role: results</c>): the A/AAAA records their host names resolve to
    /// inside the scanned zones, and the explicit addresses their server blocks listen on.
    /// </summary>
    public ImmutableArray<(SiteElement Site, Located<string> Host, IPAddress Address, Location Location)> ResultsOriginAddresses()
    {
        var result = new List<(SiteElement, Located<string>, IPAddress, Location)>();
        foreach (var site in _model.Descriptors.SelectMany(d => d.Sites).Where(s => s.IsResultsSite))
        {
            foreach (var host in site.Hosts)
            {
                if (Host(host.Value) is not { } binding)
                {
                    continue;
                }

                foreach (var address in binding.Addresses)
                {
                    result.Add((site, host, address.Address, address.Record.GetLocation()));
                }

                foreach (var (listen, address) in binding.WebSites.SelectMany(w => ListenAddresses(w.Site)))
                {
                    result.Add((site, host, address, listen.Location!));
                }
            }
        }

        return [.. result.DistinctBy(r => (r.Item1, r.Item2.Value, r.Item3))];
    }

    /// <summary>The explicit IP addresses a server block listens on (not <c>*</c>, <c>[::]</c> or UNIX sockets).</summary>
    public static IEnumerable<(WebListen Listen, IPAddress Address)> ListenAddresses(WebSite site)
    {
        ArgumentNullException.ThrowIfNull(site);
        foreach (var listen in site.Listens)
        {
            var text = listen.Address.Trim('[', ']');
            if (listen.Location is not null && IPAddress.TryParse(text, out var address) && !address.Equals(IPAddress.Any) && !address.Equals(IPAddress.IPv6Any))
            {
                yield return (listen, address);
            }
        }
    }

    /// <summary>The descriptor provider named <paramref name="name"/>, in any descriptor.</summary>
    public ProviderElement? FindProvider(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _model.Descriptors.Select(d => d.FindProvider(name)).FirstOrDefault(p => p is not null);
    }

    /// <summary>Whether <paramref name="address"/> lies in one of the provider's declared <c>networks</c>.</summary>
    public bool IsInProviderNetwork(ProviderElement provider, IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(address);
        return _providers.Any(p => p.Provider == provider && p.Networks.Any(n => n.Contains(address)));
    }

    /// <summary>Whether <paramref name="name"/> is at or below one of the provider's declared <c>domains</c>.</summary>
    public bool IsProviderName(ProviderElement provider, DomainName name)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(name);
        return _providers.Any(p => p.Provider == provider && IsUnderAny(name, p.Domains));
    }

    /// <summary>The name servers of <paramref name="zone"/>'s apex, as names (the NS set), sorted.</summary>
    public static ImmutableArray<DomainName> NameServerSet(DnsZone zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        return [.. zone.GetRecords(zone.Apex, DnsRecordType.NS).Select(r => r.Data).OfType<NameRecordData>().Select(n => n.Target).Distinct().OrderBy(n => n.ToString(), StringComparer.OrdinalIgnoreCase)];
    }

    private HostBinding Bind(DomainName name)
    {
        var dns = _model.Dns;
        ImmutableArray<Located<string>> mentions = [];
        ImmutableArray<SiteElement> sites = [];
        ImmutableArray<ResultsChannel> channels = [];
        ImmutableArray<AssetElement> assets = [];

        // The descriptor's mentions of the name, in descriptor order (sites with their standby, channels, assets). Most
        // names a scan binds (a zone's owners) have none, and get no lists.
        if (_mentionIndex.Value.TryGetValue(name, out var mentioned))
        {
            var mentionList = ImmutableArray.CreateBuilder<Located<string>>(mentioned.Count);
            var siteList = ImmutableArray.CreateBuilder<SiteElement>();
            var channelList = ImmutableArray.CreateBuilder<ResultsChannel>();
            var assetList = ImmutableArray.CreateBuilder<AssetElement>();
            foreach (var (element, value) in mentioned)
            {
                mentionList.Add(value);
                switch (element)
                {
                    case SiteElement site when !siteList.Contains(site):
                        siteList.Add(site);
                        break;
                    case ResultsChannel channel:
                        channelList.Add(channel);
                        break;
                    case AssetElement asset when !assetList.Contains(asset):
                        assetList.Add(asset);
                        break;
                }
            }

            (mentions, sites, channels, assets) = (mentionList.ToImmutable(), siteList.ToImmutable(), channelList.ToImmutable(), assetList.ToImmutable());
        }

        var webSites = WebSitesServing(name);
        var enclosing = dns.FindZone(name);
        var zone = enclosing is not null && enclosing.IsAuthoritativeFor(name) ? enclosing : null;
        ImmutableArray<ResourceRecordSyntax> records = zone is null ? [] : [.. zone.GetRecords(name)];
        var wildcard = zone is not null && records.IsEmpty ? FindWildcard(zone, name) : null;
        var chain = dns.ResolveCname(name);
        var addresses = ImmutableArray<ResolvedAddress>.Empty;
        if (!chain.LeavesRepository && !chain.IsLoop && dns.FindAuthoritativeZone(chain.Target) is { } targetZone)
        {
            var atTarget = targetZone.GetRecords(chain.Target);
            if (atTarget.Count == 0 && FindWildcard(targetZone, chain.Target) is { } source)
            {
                atTarget = targetZone.GetRecords(source.Owner);
            }

            addresses = [.. atTarget.Where(r => r.Data is AddressRecordData).Select(r => new ResolvedAddress(((AddressRecordData)r.Data).Address, r, targetZone))];
        }

        ImmutableArray<CertificateCoverage> certificates = [];
        if (!webSites.IsEmpty)
        {
            var coverage = ImmutableArray.CreateBuilder<CertificateCoverage>();
            foreach (var match in webSites)
            {
                foreach (var reference in match.Site.Tls?.Certificates ?? [])
                {
                    if (reference.Chain is { Leaf: { } leaf } certificateChain)
                    {
                        coverage.Add(new CertificateCoverage(match.Site, reference, certificateChain, CertificateHostNameMatcher.Matches(leaf, name.ToString().TrimEnd('.'))));
                    }
                }
            }

            certificates = coverage.ToImmutable();
        }

        var providers = MatchProviders(sites, channels, zone ?? enclosing, chain, addresses);
        return new HostBinding(name, mentions, sites, channels, assets, webSites, enclosing, zone, records, wildcard, chain, addresses, certificates, providers);
    }

    private ImmutableArray<ProviderMatch> MatchProviders(ImmutableArray<SiteElement> sites, ImmutableArray<ResultsChannel> channels, DnsZone? zone, CnameChain chain, ImmutableArray<ResolvedAddress> addresses)
    {
        // Without a provider in the descriptor nothing is declared or matched.
        if (_providers.IsEmpty)
        {
            return [];
        }

        // What the zone says (its descriptor entry's providers, its apex name servers) is the same for every name in it:
        // found once per zone, not once per owner a rule binds.
        var fromZone = zone is null ? null : _zoneProviders.GetOrAdd(zone, ZoneProvidersOf);
        var matches = new List<ProviderMatch>();
        foreach (var site in sites)
        {
            Declared(matches, site.Ddos.GetText("provider"));
            Declared(matches, site.Ddos.GetText("cdn"));
        }

        foreach (var channel in channels)
        {
            Declared(matches, channel.GetText("provider"));
        }

        if (fromZone is not null)
        {
            matches.AddRange(fromZone.Declared);
        }

        for (int index = 0; index < _providers.Length; index++)
        {
            var (provider, domains, networks) = _providers[index];
            if (fromZone is not null)
            {
                matches.AddRange(fromZone.NameServers[index]);
            }

            foreach (var step in chain.Steps)
            {
                if (step.Data is NameRecordData target && IsUnderAny(target.Target, domains))
                {
                    matches.Add(new ProviderMatch(provider, ProviderEvidence.CnameTarget, step.GetLocation(), $"CNAME to {target.Target}"));
                }
            }

            foreach (var address in addresses)
            {
                if (networks.Any(n => n.Contains(address.Address)))
                {
                    matches.Add(new ProviderMatch(provider, ProviderEvidence.Hosting, address.Record.GetLocation(), $"address {address.Address}"));
                }
            }
        }

        return [.. matches];
    }

    // A provider declared by name in the descriptor (a site's ddos provider or cdn, a channel's or a zone's providers).
    private void Declared(List<ProviderMatch> matches, Located<string>? value)
    {
        if (value is not null && FindProvider(value.Value) is { } provider)
        {
            matches.Add(new ProviderMatch(provider, ProviderEvidence.Declared, value.Location, $"declared as {value.Value}"));
        }
    }

    private static bool IsUnderAny(DomainName name, ImmutableArray<DomainName> domains)
    {
        foreach (var domain in domains)
        {
            if (name.IsSubdomainOf(domain))
            {
                return true;
            }
        }

        return false;
    }

    private ZoneProviders ZoneProvidersOf(DnsZone zone)
    {
        var declared = new List<ProviderMatch>();
        if (zone.DescriptorEntry is { } entry)
        {
            foreach (var value in entry.GetTextList("providers"))
            {
                Declared(declared, value);
            }
        }

        var nameServers = new ImmutableArray<ProviderMatch>[_providers.Length];
        ResourceRecordSyntax[] apexRecords = [.. zone.GetRecords(zone.Apex, DnsRecordType.NS)];
        for (int index = 0; index < _providers.Length; index++)
        {
            var (provider, domains, _) = _providers[index];
            var matches = ImmutableArray.CreateBuilder<ProviderMatch>();
            foreach (var ns in apexRecords)
            {
                if (ns.Data is NameRecordData target && IsUnderAny(target.Target, domains))
                {
                    matches.Add(new ProviderMatch(provider, ProviderEvidence.NameServer, ns.GetLocation(), $"name server {target.Target}"));
                }
            }

            nameServers[index] = matches.ToImmutable();
        }

        return new ZoneProviders([.. declared], nameServers);
    }

    /// <summary>The providers a zone names in its descriptor entry, and those of its apex name servers, per provider of <see cref="_providers"/>.</summary>
    private sealed record ZoneProviders(ImmutableArray<ProviderMatch> Declared, ImmutableArray<ProviderMatch>[] NameServers);

    // RFC 4592 §3.3.1: a wildcard answers for a name when the name does not exist and "*" sits directly below its
    // closest encloser (the longest existing ancestor, empty non-terminals counting as existing).
    private ResourceRecordSyntax? FindWildcard(DnsZone zone, DomainName name)
    {
        // Every name that exists in the zone (owners and the empty non-terminals above them, up to the apex), looked up
        // as suffixes of a name so that walking up one makes no object per level; an ancestor is made only to be added.
        var existing = _existingNames.GetOrAdd(zone, z =>
        {
            var set = new HashSet<DomainName>(DomainName.SuffixComparer.Instance);
            var lookup = set.GetAlternateLookup<DomainName.Suffix>();
            foreach (var owner in z.Owners)
            {
                if (!owner.IsSubdomainOf(z.Apex))
                {
                    continue;
                }

                // The owner itself is kept as it is; its ancestors are made as they are added.
                for (int level = 0; owner.LabelCount - level >= z.Apex.LabelCount; level++)
                {
                    if (!(level == 0 ? set.Add(owner) : lookup.Add(owner.Ancestor(level))) || owner.LabelCount - level == z.Apex.LabelCount)
                    {
                        break;
                    }
                }
            }

            return set;
        });
        if (existing.Contains(name) || !name.IsSubdomainOf(zone.Apex))
        {
            return null;
        }

        var names = existing.GetAlternateLookup<DomainName.Suffix>();
        for (int level = 1; name.LabelCount - level >= zone.Apex.LabelCount; level++)
        {
            if (names.Contains(name.Ancestor(level)))
            {
                var encloser = name.Ancestor(level).ToName();
                var records = zone.GetRecords(DomainName.FromLabels(["*", .. encloser.Labels]));
                return records.Count > 0 ? records[0] : null;
            }
        }

        return null;
    }

    private static IEnumerable<DomainName> ServiceTargetsOf(DnsZone zone)
    {
        // Only the three types are read: a signed zone's records are mostly signatures and addresses, and a class test per
        // record of every zone showed in a corpus scan's profile.
        foreach (var record in zone.RecordsOfType(DnsRecordType.NS, DnsRecordType.MX, DnsRecordType.SRV))
        {
            var type = record.Type;
            if (type == DnsRecordType.NS && record.Data is NameRecordData target)
            {
                yield return target.Target;
            }
            else if (type == DnsRecordType.MX && record.Data is MxRecordData mx)
            {
                yield return mx.Exchange;
            }
            else if (type == DnsRecordType.SRV && record.Data is SrvRecordData srv)
            {
                yield return srv.Target;
            }
        }
    }

    // nginx server_name wildcards: "*" only as a whole first or last label; ".example.org" is example.org and every
    // name below it (https://nginx.org/en/docs/http/server_names.html#wildcard_names).
    /// <summary>
    /// Every host name the descriptors write, with the element that names it, in descriptor order: a site's hosts (the
    /// site), its failover standby (null: a mention only), a channel's host, an asset's hosts and location host. Built
    /// once, so binding a name does not go through the whole descriptor (which made binding quadratic).
    /// </summary>
    private Dictionary<DomainName, List<(object? Element, Located<string> Value)>> IndexMentions()
    {
        var index = new Dictionary<DomainName, List<(object? Element, Located<string> Value)>>();
        void Add(object? element, Located<string> value)
        {
            if (ParseHost(value.Value) is not { } parsed)
            {
                return;
            }

            if (!index.TryGetValue(parsed, out var list))
            {
                index[parsed] = list = [];
            }

            list.Add((element, value));
        }

        foreach (var descriptor in _model.Descriptors)
        {
            foreach (var site in descriptor.Sites)
            {
                foreach (var host in site.Hosts)
                {
                    Add(site, host);
                }

                if (site.Section("failover").GetText("standby") is { } standby)
                {
                    Add(null, standby);
                }
            }

            foreach (var channel in descriptor.ResultsChannels)
            {
                if (channel.Host is { } host)
                {
                    Add(channel, host);
                }
            }

            foreach (var asset in descriptor.Assets)
            {
                foreach (var host in asset.GetTextList("hosts"))
                {
                    Add(asset, host);
                }

                if (asset.Section("location").GetText("host") is { } locationHost)
                {
                    Add(asset, locationHost);
                }
            }
        }

        return index;
    }

    /// <summary>Site indexes by exact server name (case-insensitive, without a trailing dot), and the sites with a wildcard name.</summary>
    private SiteNameIndex IndexSiteNames()
    {
        var index = new SiteNameIndex();
        for (int i = 0; i < _webSites.Length; i++)
        {
            foreach (var name in _webSites[i].ServerNames)
            {
                index.Add(name.Value.TrimEnd('.'), i);
            }
        }

        return index;
    }

    /// <summary>
    /// The server names of the scan's sites by what a host must contain to match them, so that a lookup visits only the
    /// sites that can serve the host: exact names by the name, <c>*.x</c> and <c>.x</c> by <c>x</c> (a suffix of the host
    /// after one of its dots, or for <c>.x</c> the host itself), <c>x.*</c> by <c>x</c> (the host before its last dot).
    /// Comparing every host with every wildcard site made binding the corpus's many zone owners slow.
    /// </summary>
    private sealed class SiteNameIndex
    {
        private readonly Dictionary<string, List<int>> _exact = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<int>> _leadingStar = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<int>> _leadingDot = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, List<int>> _trailingStar = new(StringComparer.OrdinalIgnoreCase);

        public void Add(string entry, int site)
        {
            // The same order of tests as MatchesServerNameWildcard, so each entry is filed under the form it is matched as.
            if (entry.StartsWith("*.", StringComparison.Ordinal))
            {
                AddTo(_leadingStar, entry[2..], site);
            }
            else if (entry.StartsWith('.'))
            {
                AddTo(_leadingDot, entry[1..], site);
            }
            else if (entry.EndsWith(".*", StringComparison.Ordinal))
            {
                AddTo(_trailingStar, entry[..^2], site);
            }
            else
            {
                AddTo(_exact, entry, site);
            }
        }

        /// <summary>A visit of the site lists <see cref="Walk"/> finds; returning true ends the walk.</summary>
        private interface IBucketVisitor
        {
            bool Visit(List<int> sites);
        }

        /// <summary>Every site that may serve <paramref name="host"/> (a superset of the matches), in site order; null when none can.</summary>
        public List<int>? Candidates(ReadOnlySpan<char> host)
        {
            // Looked up by span, so the suffixes of a name no site serves cost no strings and no list.
            var collector = default(Collector);
            Walk(host, ref collector);
            var found = collector.Found;
            if (found is { Count: > 1 })
            {
                found.Sort();
                found = [.. found.Distinct()];
            }

            return found;
        }

        /// <summary>Whether <paramref name="binding"/> says some site of <see cref="Candidates"/> serves <paramref name="host"/>, visiting them without collecting them.</summary>
        public bool Any(ReadOnlySpan<char> host, InfrastructureBinding binding)
        {
            var test = new ServedTest(host, binding);
            return Walk(host, ref test);
        }

        // The lists a host's sites are filed under: its exact name and .name, then *.suffix and .suffix for each suffix after
        // one of its dots, then prefix.* for the part before its last dot. One walk serves both the collection and the test.
        private bool Walk<TVisitor>(ReadOnlySpan<char> host, ref TVisitor visitor)
            where TVisitor : IBucketVisitor, allows ref struct
        {
            if (Visit(_exact, host, ref visitor) || Visit(_leadingDot, host, ref visitor))
            {
                return true;
            }

            for (int dot = host.IndexOf('.'); dot >= 0; dot = NextDot(host, dot))
            {
                var suffix = host[(dot + 1)..];
                if (Visit(_leadingStar, suffix, ref visitor) || Visit(_leadingDot, suffix, ref visitor))
                {
                    return true;
                }
            }

            int last = host.LastIndexOf('.');
            return last > 0 && Visit(_trailingStar, host[..last], ref visitor);
        }

        private static bool Visit<TVisitor>(Dictionary<string, List<int>> map, ReadOnlySpan<char> key, ref TVisitor visitor)
            where TVisitor : IBucketVisitor, allows ref struct =>
            map.Count > 0 && map.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(key, out var sites) && visitor.Visit(sites);

        private static int NextDot(ReadOnlySpan<char> host, int dot)
        {
            int next = host[(dot + 1)..].IndexOf('.');
            return next < 0 ? -1 : dot + 1 + next;
        }

        private static void AddTo(Dictionary<string, List<int>> map, string key, int site)
        {
            if (!map.TryGetValue(key, out var sites))
            {
                map[key] = sites = [];
            }

            if (sites.Count == 0 || sites[^1] != site)
            {
                sites.Add(site);
            }
        }

        private struct Collector : IBucketVisitor
        {
            public List<int>? Found;

            public bool Visit(List<int> sites)
            {
                (Found ??= []).AddRange(sites);
                return false;
            }
        }

        private readonly ref struct ServedTest(ReadOnlySpan<char> host, InfrastructureBinding binding) : IBucketVisitor
        {
            private readonly ReadOnlySpan<char> _host = host;

            public bool Visit(List<int> sites)
            {
                foreach (var site in sites)
                {
                    if (binding.Serves(site, _host))
                    {
                        return true;
                    }
                }

                return false;
            }
        }
    }

    private static bool MatchesServerNameWildcard(string host, string entry)
    {
        if (entry.StartsWith("*.", StringComparison.Ordinal))
        {
            return host.Length > entry.Length - 1 && host.EndsWith(entry[1..], StringComparison.OrdinalIgnoreCase);
        }

        if (entry.StartsWith('.'))
        {
            return string.Equals(host, entry[1..], StringComparison.OrdinalIgnoreCase) || host.EndsWith(entry, StringComparison.OrdinalIgnoreCase);
        }

        if (entry.EndsWith(".*", StringComparison.Ordinal))
        {
            var prefix = entry[..^1];
            return host.Length > prefix.Length && host.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && !host.AsSpan(prefix.Length).Contains('.');
        }

        return false;
    }

    private static bool Same(string written, DomainName name) => ParseHost(written) is { } parsed && parsed == name;

    private static ImmutableArray<DomainName> ParseDomains(ProviderElement provider) =>
        [.. provider.GetTextList("domains").Select(d => DnsModel.TryParseHost(d.Value.TrimStart('*', '.'))).OfType<DomainName>()];

    private static ImmutableArray<IPNetwork> ParseNetworks(ProviderElement provider)
    {
        var networks = ImmutableArray.CreateBuilder<IPNetwork>();
        foreach (var text in provider.GetTextList("networks"))
        {
            if (IPNetwork.TryParse(text.Value.Trim(), out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(text.Value.Trim(), out var single))
            {
                networks.Add(new IPNetwork(single, single.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            }
        }

        return networks.ToImmutable();
    }
}
