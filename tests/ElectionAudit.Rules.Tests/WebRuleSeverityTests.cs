using ElectionAudit.Engine;
using ElectionAudit.Rules.Web;

namespace ElectionAudit.Rules.Tests;

/// <summary>RULES.md: official and results sites raise the severity of the EA3xxx rules (fixtures check spans, not severities).</summary>
public class WebRuleSeverityTests
{
    private const string Site = "http {\n    server {\n        listen 443 ssl;\n        server_name results.example.nl;\n        root /srv/results;\n        location /exports/ { autoindex on; }\n    }\n}\n";

    private static IReadOnlyList<Finding> Scan(AuditRule rule, string? descriptorSite)
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", Site);
        if (descriptorSite is not null)
        {
            files.Add("election.yml", "version: 1\nelection:\n  name: Municipal council election 2027\n  date: 2027-03-17\nsites:\n" + descriptorSite);
        }

        var result = new AuditEngine([rule]).Analyze(files, [.. files.Paths]);
        result.Findings.Where(f => f.RuleId is "EA0001" or "EA0004").ShouldBeEmpty();
        return [.. result.Findings.Where(f => f.RuleId.StartsWith("EA3", StringComparison.Ordinal))];
    }

    private const string Results = "  - name: results\n    hosts: [results.example.nl]\n    role: results\n";
    private const string ResultsBehindCdn = Results + "    ddos:\n      cdn: shieldcdn\n";
    private const string Party = "  - name: party\n    hosts: [results.example.nl]\n    role: party\n";

    [Theory]
    [InlineData(null, Severity.Warning)]
    [InlineData(Party, Severity.Warning)]
    [InlineData(Results, Severity.Error)]
    public void Missing_hsts_is_an_error_on_official_sites(string? site, Severity expected) =>
        Scan(new EA3002HstsMissing(), site).Single().Severity.ShouldBe(expected);

    [Theory]
    [InlineData(null, Severity.Note)]
    [InlineData(Results, Severity.Warning)]
    public void Notes_rise_to_warnings_on_official_sites(string? site, Severity expected) =>
        Scan(new EA3008ReferrerPolicyMissingOrWeak(), site).Single().Severity.ShouldBe(expected);

    [Theory]
    [InlineData(null, Severity.Warning)]
    [InlineData(ResultsBehindCdn, Severity.Warning)]
    [InlineData(Results, Severity.Error)]
    public void No_rate_limit_is_an_error_only_for_a_results_site_without_ddos_provider(string? site, Severity expected) =>
        Scan(new EA3011NoRateOrConnectionLimiting(), site).Single().Severity.ShouldBe(expected);

    [Theory]
    [InlineData(null, Severity.Warning)]
    [InlineData(Results, Severity.Error)]
    public void Directory_listing_is_an_error_on_the_results_site(string? site, Severity expected) =>
        Scan(new EA3010DirectoryListing(), site).Single().Severity.ShouldBe(expected);

    [Fact]
    public void Findings_resting_on_a_default_name_the_default_and_the_version_assumed()
    {
        var finding = Scan(new EA3009VersionDisclosure(), null).Single();
        finding.Message.ShouldBe("No server_tokens applies to results.example.nl:443, so the default \"server_tokens on;\" of nginx 1.30 (assumed: the current stable release, as no version is declared) is in effect: the Server header and error pages name the nginx version. Add \"server_tokens off;\" to this server or the http block.");
        finding.Location.StartLine.ShouldBe(2);
        finding.Location.StartColumn.ShouldBe(5);
    }
}
