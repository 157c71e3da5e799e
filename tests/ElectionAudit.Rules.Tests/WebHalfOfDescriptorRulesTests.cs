using ElectionAudit.Engine;
using ElectionAudit.Rules.Organisation;
using ElectionAudit.Rules.Results;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// The web halves of descriptor rules (fixtures check IDs and spans; these check the joined facts in the message and
/// the related locations): EA6009 names the sites that announce an outdated version, EA5004 the unlimited front end.
/// </summary>
public class WebHalfOfDescriptorRulesTests
{
    private const string Election = "version: 1\nelection:\n  name: Municipal council election 2027\n  date: 2027-03-17\n";

    private static Finding Single(AuditRule rule, InMemoryFileSystem files, string ruleId)
    {
        var result = new AuditEngine([rule]).Analyze(files, [.. files.Paths]);
        result.Findings.Where(f => f.RuleId is "EA0001" or "EA0004").ShouldBeEmpty();
        return result.Findings.Single(f => f.RuleId == ruleId);
    }

    [Fact]
    public void Outdated_web_server_names_the_sites_that_announce_its_version()
    {
        var files = new InMemoryFileSystem()
            .Add("election.yml", Election + "software:\n  - name: apache2\n    version: 2.4.41\n    min_version: 2.4.62\n")
            .Add("apache2/apache2.conf", "Listen 443\nServerTokens Prod\n<VirtualHost *:443>\n    ServerName results.elections.example\n    SSLEngine on\n    ServerSignature On\n</VirtualHost>\n");

        var finding = Single(new EA6009OutdatedOrEndOfLifeSoftware(), files, "EA6009");
        finding.Message.ShouldBe("apache2 2.4.41 is below the minimum version 2.4.62. The configuration announces the version to every client (ServerTokens/ServerSignature) on results.elections.example:443. Upgrade it.");
        var related = finding.RelatedLocations.Single();
        (related.Location.Path, related.Location.StartLine, related.Location.StartColumn).ShouldBe(("apache2/apache2.conf", 6, 5));
        related.Message.ShouldBe("ServerTokens/ServerSignature here names the version (set at apache2/apache2.conf:6)");
    }

    [Fact]
    public void Outdated_web_server_that_hides_its_version_has_no_related_location()
    {
        var files = new InMemoryFileSystem()
            .Add("election.yml", Election + "software:\n  - name: nginx\n    version: 1.20.0\n    min_version: 1.26.0\n")
            .Add("nginx/nginx.conf", "http {\n    server_tokens off;\n    server {\n        listen 443 ssl;\n        server_name results.elections.example;\n    }\n}\n");

        var finding = Single(new EA6009OutdatedOrEndOfLifeSoftware(), files, "EA6009");
        finding.Message.ShouldBe("nginx 1.20.0 is below the minimum version 1.26.0. Upgrade it.");
        finding.RelatedLocations.ShouldBeEmpty();
    }

    [Fact]
    public void Results_site_without_provider_points_at_its_unlimited_front_end()
    {
        var files = new InMemoryFileSystem()
            .Add("election.yml", Election + "sites:\n  - name: results\n    hosts: [results.elections.example]\n    role: results\n")
            .Add("nginx/nginx.conf", "http {\n    server {\n        listen 443 ssl;\n        server_name results.elections.example;\n    }\n}\n");

        var finding = Single(new EA5004ResultsWebsiteWithoutDdosMitigation(), files, "EA5004");
        finding.Message.ShouldStartWith("Results site 'results' declares no DDoS mitigation: it has no 'ddos' section, and the web server configuration that serves it (results.elections.example:443) applies no rate or connection limit.");
        var related = finding.RelatedLocations.Single();
        (related.Location.Path, related.Location.StartLine, related.Location.StartColumn).ShouldBe(("nginx/nginx.conf", 2, 5));
    }
}
