using System.Net;
using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Model.Binding;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Core.Tests.Model.Binding;

/// <summary>The cross-file binder over one small scan: descriptor, nginx with a certificate, a parent and a child zone.</summary>
public class InfrastructureBindingTests
{
    // Test certificate (certificate only, no key): CN and SAN results.election.example, issuer O=Let's Encrypt (a test CA
    // named after the real one so the issuer-to-CAA mapping can be exercised), valid 2026-04-01 to 2026-06-30.
    private const string ResultsCertificate = """
        -----BEGIN CERTIFICATE-----
        MIIB9DCCAZugAwIBAgICEAAwCgYIKoZIzj0EAwIwRjELMAkGA1UEBhMCVVMxFjAU
        BgNVBAoMDUxldCdzIEVuY3J5cHQxHzAdBgNVBAMMFkVsZWN0aW9uQXVkaXQgVGVz
        dCBSMTEwHhcNMjYwNDAxMDAwMDAwWhcNMjYwNjMwMDAwMDAwWjAjMSEwHwYDVQQD
        DBhyZXN1bHRzLmVsZWN0aW9uLmV4YW1wbGUwWTATBgcqhkjOPQIBBggqhkjOPQMB
        BwNCAAR/oAM19oEul/6i+Hk47mf/JgPgucFwhkja0IWhpIHCdrtEMwPfSJ4Rupv3
        c80ZDvAhGt/TiJ8hkdtxONu4bEC3o4GbMIGYMAwGA1UdEwEB/wQCMAAwDgYDVR0P
        AQH/BAQDAgeAMBMGA1UdJQQMMAoGCCsGAQUFBwMBMCMGA1UdEQQcMBqCGHJlc3Vs
        dHMuZWxlY3Rpb24uZXhhbXBsZTAfBgNVHSMEGDAWgBQR5KjwAuXWp3ESqLN4AMgI
        vy+5jjAdBgNVHQ4EFgQUW5DqcQoMph+SqanL1/OI81sabkcwCgYIKoZIzj0EAwID
        RwAwRAIgHYB1nkpV0aLvK1ISJ2SnhdAsGXWE1ah1OGTh27L/cEUCIHYG3BmOflWJ
        Ec0LzB+4Hca54cx863v9jqQVjJWJV14P
        -----END CERTIFICATE-----
        """;

    private const string Descriptor = """
        version: 1
        election: {name: Test election, date: 2026-09-10}
        sites:
          - name: results
            hosts: [results.election.example]
            role: results
            ddos: {provider: shieldcdn}
          - name: info
            hosts: [www.election.example]
            role: info
        results:
          channels:
            - name: site
              official: true
              purpose: publication
              host: results.election.example
        assets:
          - name: results-db
            role: results_db
            location: {host: db.election.example}
        providers:
          - name: shieldcdn
            kind: cdn
            domains: [shield-cdn.net]
            networks: [203.0.113.0/24]
          - name: other-dns
            kind: dns
            domains: [dns-b.example.org]
        dns:
          zones:
            - name: election.example.
              file: dns/db.election.example
              providers: [other-dns, shieldcdn, unknown-dns]
        """;

    private const string ParentZone = """
        $ORIGIN example.
        $TTL 3600
        @ IN SOA ns1 hostmaster 1 86400 7200 1209600 3600
        @ IN NS ns1
        ns1 IN A 192.0.2.53
        election IN NS ns1.example.
        """;

    private const string ElectionZone = """
        $ORIGIN election.example.
        $TTL 3600
        @ IN SOA ns1.example. hostmaster 1 86400 7200 1209600 3600
        @ IN NS ns1.example.
        @ IN NS ns2.dns-b.example.org.
        @ IN MX 10 mail
        mail IN A 192.0.2.25
        results IN CNAME results.shield-cdn.net.
        origin IN A 198.51.100.10
        www IN A 192.0.2.80
        alias IN CNAME www
        edge IN A 203.0.113.7
        *.preview IN A 192.0.2.90
        loop1 IN CNAME loop2
        loop2 IN CNAME loop1
        db IN A 192.0.2.40
        sub IN NS ns.elsewhere.example.net.
        """;

    private const string Nginx = """
        http {
            server {
                listen 198.51.100.10:443 ssl;
                server_name results.election.example;
                ssl_certificate ssl/results.pem;
                ssl_certificate_key ssl/results.key;
            }
            server {
                listen 80;
                server_name *.election.example;
            }
            server {
                listen 198.51.100.10:443 ssl;
                server_name *.election.example;
                ssl_reject_handshake on;
            }
        }
        """;

    private static InfrastructureModel Build()
    {
        var fileSystem = new InMemoryFileSystem();
        fileSystem.Add("election-infrastructure.yml", Descriptor);
        fileSystem.Add("dns/db.example", ParentZone);
        fileSystem.Add("dns/db.election.example", ElectionZone);
        fileSystem.Add("nginx/nginx.conf", Nginx);
        fileSystem.Add("nginx/ssl/results.pem", ResultsCertificate);
        var result = new AuditEngine([]).Analyze(fileSystem, [.. fileSystem.Paths], maxDegreeOfParallelism: 1);
        result.Findings.ShouldBeEmpty();
        return result.Model;
    }

    private static DomainName Name(string text) => DomainName.Parse(text);

    [Fact]
    public void Results_host_joins_descriptor_site_channel_server_block_zone_certificate_and_providers()
    {
        var model = Build();
        var host = model.Binding.Host("results.election.example")!;

        host.Sites.Select(s => s.Name).ShouldBe(["results"]);
        host.Channels.Select(c => c.Name).ShouldBe(["site"]);
        host.DescriptorMentions.Select(m => (m.Location.Path, m.Location.StartLine)).ShouldBe([("election-infrastructure.yml", 5), ("election-infrastructure.yml", 16)]);

        // The exact block serves port 443; the wildcard block still serves the name on port 80.
        host.WebSites.Select(w => (w.ServerName.Value, w.IsExact)).ShouldBe([("results.election.example", true), ("*.election.example", false)]);
        var web = host.WebSites[0];
        (web.ServerName.Location.Path, web.ServerName.Location.StartLine, web.ServerName.Location.StartColumn).ShouldBe(("nginx/nginx.conf", 4, 21));

        host.Zone!.Apex.ShouldBe(Name("election.example."));
        host.Records.Select(r => r.Type).ShouldBe([DnsRecordType.CNAME]);
        host.Chain.Target.ShouldBe(Name("results.shield-cdn.net."));
        host.Chain.LeavesRepository.ShouldBeTrue();
        host.Addresses.ShouldBeEmpty();

        var certificate = host.Certificates.ShouldHaveSingleItem();
        certificate.Covers.ShouldBeTrue();
        certificate.Chain.Path.ShouldBe("nginx/ssl/results.pem");

        // The site's declaration, the zone's (in its list's order; a name no provider has is passed over), then per
        // provider: the apex name servers, the CNAME chain and the addresses.
        host.Providers.Select(p => (p.Provider.Name, p.Evidence, p.Location.Path, p.Location.StartLine, p.Detail)).ShouldBe([
            ("shieldcdn", ProviderEvidence.Declared, "election-infrastructure.yml", 7, "declared as shieldcdn"),
            ("other-dns", ProviderEvidence.Declared, "election-infrastructure.yml", 33, "declared as other-dns"),
            ("shieldcdn", ProviderEvidence.Declared, "election-infrastructure.yml", 33, "declared as shieldcdn"),
            ("shieldcdn", ProviderEvidence.CnameTarget, "dns/db.election.example", 8, "CNAME to results.shield-cdn.net."),
            ("other-dns", ProviderEvidence.NameServer, "dns/db.election.example", 5, "name server ns2.dns-b.example.org."),
        ]);

        // A name the descriptor does not mention gets the zone's providers, found once for the zone; an address in a
        // provider's network is evidence of hosting.
        string[] zoneProviders = ["other-dns Declared 33", "shieldcdn Declared 33", "other-dns NameServer 5"];
        model.Binding.Host("mail.election.example")!.Providers.Select(p => $"{p.Provider.Name} {p.Evidence} {p.Location.StartLine}").ShouldBe(zoneProviders);
        model.Binding.Host("edge.election.example")!.Providers.Select(p => $"{p.Provider.Name} {p.Evidence} {p.Location.StartLine}").ShouldBe([.. zoneProviders[..2], "shieldcdn Hosting 12", zoneProviders[2]]);
        model.Binding.Host("mail.election.example")!.DescriptorMentions.ShouldBeEmpty();
        model.Binding.Host("mail.election.example")!.Certificates.ShouldBeEmpty();
    }

    [Fact]
    public void Web_sites_of_a_descriptor_site_are_those_bound_to_it_in_model_order()
    {
        var model = Build();
        var sites = model.Descriptors.Single().Sites;
        var results = sites.Single(s => s.Name == "results");
        model.Binding.WebSitesOf(results).ShouldBe(model.Binding.WebSites.Where(w => w.DescriptorSite == results));
        model.Binding.WebSitesOf(results).Select(w => (w.DisplayName, w.Location.StartLine)).ShouldBe([("results.election.example:443", 2), ("*.election.example:80", 8), ("*.election.example:443", 12)]);
        model.Binding.WebSitesOf(sites.Single(s => s.Name == "info")).ShouldBeEmpty();

        // The name is made once per site: findings keep it in their messages, so each read must not make another copy.
        model.Binding.WebSites.ShouldAllBe(w => ReferenceEquals(w.DisplayName, w.DisplayName));
    }

    [Fact]
    public void Wildcard_server_names_match_after_exact_ones_and_chains_end_at_addresses()
    {
        var model = Build();
        var alias = model.Binding.Host("alias.election.example")!;
        alias.Chain.Steps.Length.ShouldBe(1);
        alias.Addresses.Select(a => (a.Address.ToString(), a.Record.GetLocation().StartLine)).ShouldBe([("192.0.2.80", 10)]);
        alias.WebSites.Select(w => (w.ServerName.Location.StartLine, w.IsExact)).ShouldBe([(10, false), (14, false)]);
        alias.Certificates.ShouldBeEmpty(); // the 443 block rejects handshakes and names no certificate
        alias.Sites.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("results.election.example.", true)] // an exact server_name, and the descriptor's results site
    [InlineData("mail.election.example.", true)] // only the *.election.example server blocks
    [InlineData("db.election.example.", true)] // the descriptor's asset, and the wildcard blocks
    [InlineData("ns1.example.", false)] // published in the parent zone, served and named by nobody
    [InlineData("unknown.example.org.", false)]
    public void Served_or_mentioned_answers_as_the_host_binding_would_without_binding_it(string name, bool expected)
    {
        var model = Build();
        model.Binding.IsServedOrMentioned(Name(name)).ShouldBe(expected);

        // The same answer once the host is bound (then read from the binding), and the binding agrees.
        var host = model.Binding.Host(Name(name));
        (host.WebSites.Length > 0 || host.DescriptorMentions.Length > 0).ShouldBe(expected);
        model.Binding.IsServedOrMentioned(Name(name)).ShouldBe(expected);
    }

    [Fact]
    public void A_wildcard_record_answers_for_a_missing_name_but_not_for_an_existing_one()
    {
        var model = Build();
        var preview = model.Binding.Host("branch-1.preview.election.example")!;
        preview.Records.ShouldBeEmpty();
        preview.WildcardSource!.GetLocation().StartLine.ShouldBe(13);
        preview.IsPublished.ShouldBeTrue();
        preview.Addresses.Select(a => a.Address.ToString()).ShouldBe(["192.0.2.90"]);

        var missing = model.Binding.Host("nothing.election.example")!;
        missing.IsPublished.ShouldBeFalse();
        missing.WildcardSource.ShouldBeNull();
    }

    [Fact]
    public void Loops_and_delegations_are_recognised()
    {
        var model = Build();
        var loop = model.Binding.Host("loop1.election.example")!;
        loop.Chain.IsLoop.ShouldBeTrue();
        loop.Addresses.ShouldBeEmpty();

        var delegated = model.Binding.Host("www.sub.election.example")!;
        delegated.Zone.ShouldBeNull();
        delegated.EnclosingZone!.Apex.ShouldBe(Name("election.example."));

        var parent = model.Binding.Host("ns1.example")!;
        parent.Zone!.Apex.ShouldBe(Name("example."));
    }

    [Fact]
    public void Results_origin_addresses_come_from_listen_directives_and_address_records_point_back()
    {
        var model = Build();
        var origins = model.Binding.ResultsOriginAddresses();
        var origin = origins.ShouldHaveSingleItem();
        origin.Address.ShouldBe(IPAddress.Parse("198.51.100.10"));
        (origin.Location.Path, origin.Location.StartLine).ShouldBe(("nginx/nginx.conf", 3));
        model.Binding.RecordsWithAddress(origin.Address).Select(r => r.Record.Owner).ShouldBe([Name("origin.election.example.")]);
    }

    [Fact]
    public void Providers_match_by_network_and_service_targets_are_known()
    {
        var model = Build();
        var edge = model.Binding.Host("edge.election.example")!;
        edge.Providers.Where(p => p.Evidence == ProviderEvidence.Hosting).Select(p => p.Provider.Name).ShouldBe(["shieldcdn"]);
        model.Binding.IsServiceTarget(Name("mail.election.example.")).ShouldBeTrue();
        model.Binding.IsServiceTarget(Name("ns1.example.")).ShouldBeTrue();
        model.Binding.IsServiceTarget(Name("www.election.example.")).ShouldBeFalse();
        model.Binding.IsCnameTarget(Name("www.election.example.")).ShouldBeTrue();
        model.Binding.IsCnameTarget(Name("mail.election.example.")).ShouldBeFalse();

        var db = model.Binding.Host("db.election.example")!;
        db.Assets.Select(a => a.Name).ShouldBe(["results-db"]);
    }

    [Fact]
    public void Invalid_and_pattern_names_are_not_hosts_and_an_empty_model_answers_nothing()
    {
        InfrastructureBinding.ParseHost("*.example.nl").ShouldBeNull();
        InfrastructureBinding.ParseHost("~^www\\d+").ShouldBeNull();
        InfrastructureBinding.ParseHost("_").ShouldBeNull();
        InfrastructureBinding.ParseHost("Results.Example.NL").ShouldBe(Name("results.example.nl."));
        var empty = InfrastructureModel.Empty.Binding.Host("results.example.nl")!;
        empty.IsKnown.ShouldBeFalse();
        empty.Chain.LeavesRepository.ShouldBeTrue();
        InfrastructureModel.Empty.Binding.ResultsOriginAddresses().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("127.0.0.1", null)]
    [InlineData("192.0.2.10.", null)]
    [InlineData("[2001:db8::10]", null)]
    [InlineData("2001:db8::10", null)]
    [InlineData("10.0.0", "10.0.0.")]
    [InlineData("1.2.3.4.example.nl", "1.2.3.4.example.nl.")]
    [InlineData("4.3.2.1.in-addr.arpa", "4.3.2.1.in-addr.arpa.")]
    public void An_address_literal_is_not_a_host_name(string host, string? expected) =>
        (InfrastructureBinding.ParseHost(host)?.ToString()).ShouldBe(expected);
}
