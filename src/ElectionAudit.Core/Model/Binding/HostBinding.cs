using System.Collections.Immutable;
using System.Net;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Binding;

/// <summary>A web site (server block) that answers to a host name, with the <c>server_name</c> entry that matched.</summary>
/// <param name="Site">The server block.</param>
/// <param name="ServerName">The name entry that matched (exact, or a wildcard such as <c>*.example.nl</c>).</param>
/// <param name="IsExact">Whether the entry names the host exactly rather than through a wildcard.</param>
public sealed record WebSiteMatch(WebSite Site, Located<string> ServerName, bool IsExact);

/// <summary>A certificate a web site serving a host presents, and whether it covers the host.</summary>
/// <param name="Site">The site that serves the certificate.</param>
/// <param name="Reference">The <c>ssl_certificate</c> reference.</param>
/// <param name="Chain">The certificate file as read.</param>
/// <param name="Covers">Whether the leaf certificate's names match the host (RFC 6125 rules).</param>
public sealed record CertificateCoverage(WebSite Site, CertificateReference Reference, CertificateChain Chain, bool Covers);

/// <summary>An address a host resolves to, with the record that publishes it.</summary>
/// <param name="Address">The address.</param>
/// <param name="Record">The A or AAAA record.</param>
/// <param name="Zone">The zone the record is in.</param>
public sealed record ResolvedAddress(IPAddress Address, ResourceRecordSyntax Record, DnsZone Zone);

/// <summary>How a provider was matched to a host.</summary>
public enum ProviderEvidence
{
    /// <summary>The descriptor names the provider for the host (a site's <c>ddos.provider</c>/<c>ddos.cdn</c>, a channel's <c>provider</c>, or a zone's <c>providers</c>).</summary>
    Declared,

    /// <summary>One of the provider's <c>domains</c> is a name server of the host's zone.</summary>
    NameServer,

    /// <summary>The host's CNAME chain passes through one of the provider's <c>domains</c>.</summary>
    CnameTarget,

    /// <summary>An address the host resolves to lies in one of the provider's <c>networks</c>.</summary>
    Hosting,
}

/// <summary>A provider of the descriptor's <c>providers[]</c> matched to a host.</summary>
/// <param name="Provider">The provider.</param>
/// <param name="Evidence">How it was matched.</param>
/// <param name="Location">The evidence: the descriptor value, the NS or CNAME record, or the address record.</param>
/// <param name="Detail">What matched, for messages (for example <c>NS ns1.dnsprovider.example</c>).</param>
public sealed record ProviderMatch(ProviderElement Provider, ProviderEvidence Evidence, Location Location, string Detail);

/// <summary>
/// Everything the repository says about one host name, joined across files: the descriptor entries that name it, the
/// server blocks that serve it, the zone that answers for it, its records and CNAME chain, the certificates presented
/// for it and the providers involved. Built by <see cref="InfrastructureBinding.Host(DomainName)"/>.
/// </summary>
public sealed class HostBinding
{
    internal HostBinding(
        DomainName name,
        ImmutableArray<Located<string>> descriptorMentions,
        ImmutableArray<SiteElement> sites,
        ImmutableArray<ResultsChannel> channels,
        ImmutableArray<AssetElement> assets,
        ImmutableArray<WebSiteMatch> webSites,
        DnsZone? enclosingZone,
        DnsZone? zone,
        ImmutableArray<ResourceRecordSyntax> records,
        ResourceRecordSyntax? wildcardSource,
        CnameChain chain,
        ImmutableArray<ResolvedAddress> addresses,
        ImmutableArray<CertificateCoverage> certificates,
        ImmutableArray<ProviderMatch> providers)
    {
        Name = name;
        DescriptorMentions = descriptorMentions;
        Sites = sites;
        Channels = channels;
        Assets = assets;
        WebSites = webSites;
        EnclosingZone = enclosingZone;
        Zone = zone;
        Records = records;
        WildcardSource = wildcardSource;
        Chain = chain;
        Addresses = addresses;
        Certificates = certificates;
        Providers = providers;
    }

    /// <summary>The host name.</summary>
    public DomainName Name { get; }

    /// <summary>Every descriptor value that names the host (<c>sites[].hosts</c>, <c>results.channels[].host</c>, <c>assets[].hosts</c>, <c>assets[].location.host</c>, <c>failover.standby</c>).</summary>
    public ImmutableArray<Located<string>> DescriptorMentions { get; }

    /// <summary>The descriptor sites whose <c>hosts</c> list the name.</summary>
    public ImmutableArray<SiteElement> Sites { get; }

    /// <summary>The results channels whose <c>host</c> is the name.</summary>
    public ImmutableArray<ResultsChannel> Channels { get; }

    /// <summary>The assets whose <c>hosts</c> or <c>location.host</c> name it.</summary>
    public ImmutableArray<AssetElement> Assets { get; }

    /// <summary>The server blocks that answer to the name: exact <c>server_name</c> entries first, then wildcard ones.</summary>
    public ImmutableArray<WebSiteMatch> WebSites { get; }

    /// <summary>The scanned zone with the longest apex at or above the name, even when it delegates the name away.</summary>
    public DnsZone? EnclosingZone { get; }

    /// <summary>The scanned zone that answers for the name (the enclosing zone, when the name is not below one of its delegations); null when no scanned zone does.</summary>
    public DnsZone? Zone { get; }

    /// <summary>The records at the name in <see cref="Zone"/> (empty when the zone has none, or when the name is only covered by a wildcard).</summary>
    public ImmutableArray<ResourceRecordSyntax> Records { get; }

    /// <summary>When the name has no records of its own, the first record of the wildcard that synthesises answers for it (RFC 4592), if any.</summary>
    public ResourceRecordSyntax? WildcardSource { get; }

    /// <summary>Whether <see cref="Zone"/> answers for the name with data: records of its own, or a wildcard.</summary>
    public bool IsPublished => !Records.IsEmpty || WildcardSource is not null;

    /// <summary>The CNAME chain from the name through the scanned zones (bounded at 16 steps; loops detected).</summary>
    public CnameChain Chain { get; }

    /// <summary>The A and AAAA records at the end of the chain, when it ends inside the scanned zones.</summary>
    public ImmutableArray<ResolvedAddress> Addresses { get; }

    /// <summary>The certificates the serving web sites present, with whether each covers the name.</summary>
    public ImmutableArray<CertificateCoverage> Certificates { get; }

    /// <summary>The providers involved: declared for the host, or matched by name server, CNAME target or address.</summary>
    public ImmutableArray<ProviderMatch> Providers { get; }

    /// <summary>Whether any descriptor entry, server block or zone record knows the name.</summary>
    public bool IsKnown => !DescriptorMentions.IsEmpty || !WebSites.IsEmpty || IsPublished;

    /// <inheritdoc />
    public override string ToString() => Name.ToString();
}
