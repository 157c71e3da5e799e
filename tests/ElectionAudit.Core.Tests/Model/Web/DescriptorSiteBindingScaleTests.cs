using ElectionAudit.Configuration;
using ElectionAudit.Descriptor;
using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Core.Tests.Model.Web;

/// <summary>
/// Site files past <c>limits.max-glob-matches</c> are bound as configurations of their own; each still finds its descriptor
/// site, through the one host index the scan builds (an index per configuration made large scans quadratic).
/// </summary>
public class DescriptorSiteBindingScaleTests
{
    private const string Descriptor = """
        version: 1
        election:
          name: Test election
          date: 2027-03-17
          jurisdiction: NL
        organisation:
          name: Test office
          kind: election_authority
        sites:
          - name: first
            hosts: [a.example.org, www.a.example.org]
            role: info
            official: true
          - name: second
            hosts: [B.example.org.]
            role: results
            official: true
        """;

    private static string Site(string name) => $"server {{\n  listen 80;\n  server_name {name};\n  root /srv;\n}}\n";

    [Fact]
    public void Fragments_beyond_the_glob_limit_are_bound_to_their_descriptor_sites()
    {
        var files = new InMemoryFileSystem(new Dictionary<string, string>
        {
            ["election-infrastructure.yml"] = Descriptor,
            ["nginx/nginx.conf"] = "events {}\nhttp {\n  include sites-enabled/*.conf;\n}\n",
            ["nginx/sites-enabled/a.conf"] = Site("www.a.example.org"),
            ["nginx/sites-enabled/b.conf"] = Site("b.example.org"),
            ["nginx/sites-enabled/c.conf"] = Site("c.example.org"),
        });
        var configuration = AuditConfiguration.Default with { Limits = ScanLimits.Default with { MaxGlobMatches = 1 } };
        var result = new AuditEngine([]).Analyze(files, [.. files.Paths], configuration);

        var sites = result.Model.BoundElementsOfType<WebSite>().ToList();
        sites.Select(s => (s.ServerNames[0].Value, s.DescriptorSite?.Name)).ShouldBe([
            ("www.a.example.org", "first"),
            ("b.example.org", "second"),
            ("c.example.org", (string?)null),
        ]);
        result.Findings.Where(f => f.RuleId == "EA0003").Select(f => f.Location.Path).ShouldBe(["nginx/sites-enabled/b.conf"]);
    }

    [Fact]
    public void Apache_virtual_hosts_find_their_descriptor_site_through_the_same_index()
    {
        // ServerName and ServerAlias in any case, with a final dot, and a leading-wildcard alias that matches hosts of
        // both sites: the first site in descriptor order wins, as it did when every name was compared with every host.
        var files = new InMemoryFileSystem(new Dictionary<string, string>
        {
            ["election-infrastructure.yml"] = Descriptor,
            ["apache2/apache2.conf"] = """
                Listen 80
                <VirtualHost *:80>
                    ServerName B.EXAMPLE.org.
                    DocumentRoot /srv/b
                </VirtualHost>
                <VirtualHost *:80>
                    ServerName portal.example.net
                    ServerAlias *.example.org
                    DocumentRoot /srv/any
                </VirtualHost>
                <VirtualHost *:80>
                    ServerName c.example.org
                    DocumentRoot /srv/c
                </VirtualHost>
                """,
        });
        var result = new AuditEngine([]).Analyze(files, [.. files.Paths]);

        var sites = result.Model.BoundElementsOfType<WebSite>().ToList();
        sites.Select(s => (s.ServerNames[0].Value, s.DescriptorSite?.Name)).ShouldBe([
            ("B.EXAMPLE.org.", "second"),
            ("portal.example.net", "first"),
            ("c.example.org", (string?)null),
        ]);
    }

    [Fact]
    public void The_host_index_is_built_once_per_binding_context()
    {
        var tree = DescriptorLoader.Parse(new ElectionAudit.Text.SourceText("election-infrastructure.yml", Descriptor));
        var context = new ModelBindingContext([new ElectionDescriptor(tree)]);
        var (hosts, firstByHost) = context.DescriptorHosts;
        hosts.Select(h => (h.Site.Name, h.Host)).ShouldBe([("first", "a.example.org"), ("first", "www.a.example.org"), ("second", "B.example.org.")]);
        firstByHost["b.example.org"].ShouldBe(2);
        context.DescriptorHosts.Hosts.ShouldBeSameAs(hosts);
    }
}
