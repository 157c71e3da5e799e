using ElectionAudit.Engine;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// Header values the server fills in per request (nginx <c>$variable</c>, Apache <c>%{VAR}e</c>) count as the header
/// being set, and the rules that judge what a header says leave them alone: the text in the file is not what is sent.
/// </summary>
public class HeaderVariableRuleTests
{
    private const string Zone = "$ORIGIN example.nl.\n$TTL 3600\n@ IN SOA ns1.example.nl. hostmaster 1 3600 900 1209600 300\n@ IN NS ns1.example.nl.\n@ IN A 192.0.2.1\nns1 IN A 192.0.2.2\nold IN A 192.0.2.3\n";

    private static readonly string[] ValueRules = ["EA3003", "EA3004", "EA3005", "EA3006", "EA3007", "EA3008", "EA7004"];

    private static List<(string RuleId, int Line, string Message)> Scan(string path, string config)
    {
        var files = new InMemoryFileSystem().Add(path, config).Add("dns/db.example.nl", Zone);
        var result = new AuditEngine(BuiltInRules.All).Analyze(files, [.. files.Paths]);
        result.Findings.Where(f => f.RuleId is "EA0001" or "EA0002" or "EA0004").ShouldBeEmpty();
        return [.. result.Findings.Where(f => ValueRules.Contains(f.RuleId)).Select(f => (f.RuleId, f.Location.StartLine, f.Message))];
    }

    [Fact]
    public void Nginx_headers_set_from_variables_are_not_judged_by_their_text()
    {
        // The apex (a zone apex, with a subdomain no server block serves) sends every header from a map; the second
        // server writes the same headers as text, and those are judged.
        var findings = Scan("nginx/nginx.conf", """
            http {
                map $scheme $sts { https "max-age=63072000; includeSubDomains; preload"; default ""; }
                map $host $csp { default "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"; }
                server {
                    listen 443 ssl;
                    server_name example.nl;
                    add_header Strict-Transport-Security $sts always;
                    add_header Content-Security-Policy $csp always;
                    add_header X-Content-Type-Options ${nosniff} always;
                    add_header Referrer-Policy $referrer_policy always;
                }
                server {
                    listen 443 ssl;
                    server_name www.example.nl;
                    add_header Strict-Transport-Security "max-age=63072000, includeSubDomains" always;
                    add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'" always;
                    add_header X-Content-Type-Options sniff always;
                    add_header Referrer-Policy "strict-origin-when-cross-origin" always;
                }
            }
            """);
        findings.Select(f => (f.RuleId, f.Line)).ShouldBe([("EA3003", 15), ("EA3007", 17)]);
    }

    [Fact]
    public void Apache_headers_set_from_environment_variables_are_not_judged_by_their_text()
    {
        var findings = Scan("apache2/apache2.conf", """
            Listen 443
            <VirtualHost *:443>
                ServerName example.nl
                SSLEngine on
                Header always set Strict-Transport-Security "%{HSTS}e"
                Header always set Content-Security-Policy "expr=%{reqenv:CSP}"
                Header always set X-Content-Type-Options "%{NOSNIFF}e"
                Header always set Referrer-Policy "%{REFERRER}e"
            </VirtualHost>
            <VirtualHost *:443>
                ServerName www.example.nl
                SSLEngine on
                Header always set Strict-Transport-Security "max-age=600"
                Header always set Content-Security-Policy "default-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
                Header always set X-Content-Type-Options "100%% nosniff"
                Header always set Referrer-Policy "strict-origin-when-cross-origin"
            </VirtualHost>
            """);
        findings.Select(f => (f.RuleId, f.Line)).ShouldBe([("EA3003", 13), ("EA3007", 15)]);
    }
}
