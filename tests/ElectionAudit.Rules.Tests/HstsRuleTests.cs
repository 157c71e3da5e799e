using ElectionAudit.Engine;
using ElectionAudit.Rules.Web;

using static ElectionAudit.Rules.Tests.WebRuleScan;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// EA3003 and EA3004 on headers browsers ignore (RFC 6797 §6.1): each says why, at the header's value, and neither
/// counts a directive of an ignored header.
/// </summary>
public class HstsRuleTests
{
    private const string Nginx = """
        http {
            server {
                listen 443 ssl;
                server_name example.nl;
                add_header Strict-Transport-Security 'max-age=63072000; "includeSubDomains"; preload' always;
            }
            server {
                listen 443 ssl;
                server_name www.example.nl;
                add_header Strict-Transport-Security "max-age=63072000; includeSubDomains=yes" always;
            }
            server {
                listen 443 ssl;
                server_name results.example.nl;
                add_header Strict-Transport-Security "max-age=86400, includeSubDomains" always;
            }
            server {
                listen 443 ssl;
                server_name info.example.nl;
                add_header Strict-Transport-Security "max-age=86400; includeSubDomains" always;
            }
            server {
                listen 443 ssl;
                server_name vote.example.nl;
                add_header Strict-Transport-Security "max-age=\"63072000\"; includeSubDomains" always;
            }
        }

        """;

    private const string Descriptor = "version: 1\nelection:\n  name: Municipal council election 2027\n  date: 2027-03-17\ndns:\n  zones:\n    - name: example.nl.\n";

    private const string Fix = "; use at least max-age=31536000 (one year), preferably 63072000.";

    [Fact]
    public void EA3003_reports_each_header_browsers_ignore_with_the_reason_and_each_short_max_age()
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", Nginx);
        var findings = Scan(new EA3003HstsMaxAgeTooShort(), files);
        findings.Select(f => (f.RuleId, f.Location.StartLine, f.Location.StartColumn, f.Location.EndColumn, f.Message)).ShouldBe(
        [
            ("EA3003", 5, 46, 94, "The Strict-Transport-Security header of example.nl:443 does not follow the header's syntax at \"\"includeSubDomains\"; preload\": a directive name must be a token (RFC 6797 §6.1), so browsers ignore it" + Fix),
            ("EA3003", 10, 46, 87, "The Strict-Transport-Security header of www.example.nl:443 gives includeSubDomains a value (yes), but it is a valueless directive (RFC 6797 §6.1.2), so browsers ignore it" + Fix),
            ("EA3003", 15, 46, 80, "The Strict-Transport-Security header of results.example.nl:443 does not follow the header's syntax at \", includeSubDomains\": a directive must end at ';' (RFC 6797 §6.1), so browsers ignore it" + Fix),
            ("EA3003", 20, 46, 80, "The Strict-Transport-Security header of info.example.nl:443 has max-age=86400 (1 day)" + Fix),
        ]);
    }

    [Fact]
    public void EA3004_says_an_apex_header_browsers_ignore_cannot_be_preloaded_even_with_both_directives()
    {
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", Nginx).Add("election.yml", Descriptor);
        var finding = Scan(new EA3004ApexHstsNotPreloadReady(), files).ShouldHaveSingleItem();
        (finding.Location.Path, finding.Location.StartLine, finding.Location.StartColumn, finding.Location.EndColumn).ShouldBe(("nginx/nginx.conf", 5, 46, 94));
        finding.Message.ShouldBe("example.nl is a zone apex, but its Strict-Transport-Security header does not follow the header's syntax at \"\"includeSubDomains\"; preload\": a directive name must be a token (RFC 6797 §6.1), so browsers ignore it and the domain cannot join the browsers' HSTS preload list. Send \"max-age=63072000; includeSubDomains; preload\" once every subdomain serves HTTPS.");
    }

    [Theory]
    [InlineData("max-age=63072000; includeSubDomains; preload", null)]
    [InlineData("max-age=63072000; PRELOAD; includesubdomains", null)]
    [InlineData("max-age=63072000; includeSubDomains", "lacks preload, so")]
    [InlineData("max-age=63072000; preload", "lacks includeSubDomains, so")]
    [InlineData("max-age=63072000", "lacks includeSubDomains and preload, so")]
    [InlineData("includeSubDomains; preload", "has no max-age directive (RFC 6797 §6.1.1), so browsers ignore it and")]
    public void EA3004_names_what_the_apex_header_lacks(string hsts, string? problem)
    {
        var nginx = $"http {{\n    server {{\n        listen 443 ssl;\n        server_name example.nl;\n        add_header Strict-Transport-Security '{hsts}' always;\n    }}\n}}\n";
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", nginx).Add("election.yml", Descriptor);
        var findings = Scan(new EA3004ApexHstsNotPreloadReady(), files);
        findings.Select(f => f.Message).ShouldBe(problem is null ? [] :
        [
            $"example.nl is a zone apex, but its Strict-Transport-Security header {problem} the domain cannot join the browsers' HSTS preload list. Send \"max-age=63072000; includeSubDomains; preload\" once every subdomain serves HTTPS.",
        ]);
    }

    [Fact]
    public void Of_two_headers_a_level_sends_only_the_first_is_judged_as_browsers_process_only_the_first()
    {
        // RFC 6797 §8.1: a browser that receives several Strict-Transport-Security headers processes only the first.
        const string TwoHeaders = """
            http {
                server {
                    listen 443 ssl;
                    server_name a.example.nl;
                    add_header Strict-Transport-Security "max-age=63072000" always;
                    add_header Strict-Transport-Security "max-age=60" always;
                }
                server {
                    listen 443 ssl;
                    server_name b.example.nl;
                    add_header Strict-Transport-Security "max-age=60" always;
                    add_header Strict-Transport-Security "max-age=63072000" always;
                    location /inner/ {
                        add_header X-Frame-Options DENY;
                        add_header Strict-Transport-Security "max-age=120" always;
                    }
                }
            }

            """;
        var findings = Scan(new EA3003HstsMaxAgeTooShort(), new InMemoryFileSystem().Add("nginx/nginx.conf", TwoHeaders));
        findings.Select(f => (f.Location.StartLine, f.Message)).ShouldBe(
        [
            (11, "The Strict-Transport-Security header of b.example.nl:443 has max-age=60 (0 days)" + Fix),
            (15, "The Strict-Transport-Security header of b.example.nl:443 has max-age=120 (0 days)" + Fix),
        ]);
    }
}
