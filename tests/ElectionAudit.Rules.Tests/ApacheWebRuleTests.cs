using ElectionAudit.Engine;
using ElectionAudit.Rules.Organisation;
using ElectionAudit.Rules.Results;
using ElectionAudit.Rules.Web;

using static ElectionAudit.Rules.Tests.WebRuleScan;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// The Apache halves of EA3012, EA3015, EA3016, EA5007 and EA6004 where fixtures cannot show it: severities, the
/// default a message names, and content found in the scan (a <c>.git</c> folder cannot be committed as a fixture).
/// </summary>
public class ApacheWebRuleTests
{
    private const string VirtualHost = "Listen 443\n<VirtualHost *:443>\n    ServerName results.example.nl\n    DocumentRoot /srv/results\n    SSLEngine on\n</VirtualHost>\n";

    [Theory]
    [InlineData(true, true, Severity.Error)]
    [InlineData(true, false, Severity.Warning)]
    [InlineData(false, true, Severity.Warning)]
    public void A_served_git_folder_in_the_results_document_root_is_an_error(bool resultsSite, bool gitInScan, Severity expected)
    {
        var files = new InMemoryFileSystem()
            .Add("apache2/apache2.conf", "TraceEnable off\n<FilesMatch \"^\\.ht\">\n    Require all denied\n</FilesMatch>\n" + VirtualHost)
            .Add("srv/results/index.html", "<p>results</p>\n");
        if (resultsSite)
        {
            files.Add("election.yml", ResultsSiteDescriptor);
        }

        if (gitInScan)
        {
            files.Add("srv/results/.git/HEAD", "ref: refs/heads/main\n");
        }

        var finding = Scan(new EA3016HiddenFilesOrRiskyMethodsExposed(), files).ShouldHaveSingleItem();
        finding.Severity.ShouldBe(expected);
        (finding.Location.StartLine, finding.Location.StartColumn).ShouldBe((6, 1));
        finding.Message.ShouldStartWith("Requests for /.git/config and /.svn/entries on results.example.nl:443 are not denied.");
        finding.Message.Contains("srv/results/.git/HEAD", StringComparison.Ordinal).ShouldBe(expected == Severity.Error);
    }

    [Fact]
    public void Trace_at_the_default_names_the_default_and_points_at_the_virtual_host()
    {
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", "<FilesMatch \"^\\.ht\">\n    Require all denied\n</FilesMatch>\nRedirectMatch 404 /\\.(git|svn)\n" + VirtualHost);
        var finding = Scan(new EA3016HiddenFilesOrRiskyMethodsExposed(), files).ShouldHaveSingleItem();
        finding.Message.ShouldBe("No TraceEnable applies to results.example.nl:443, so the default \"TraceEnable on\" of apache 2.4 (assumed: the current stable release, as no version is declared) is in effect: the server answers TRACE by echoing the request, headers included, which helps cross-site tracing and shows what proxies add. Set \"TraceEnable off\" at the server level.");
        (finding.Location.StartLine, finding.Location.StartColumn, finding.Location.EndColumn).ShouldBe((6, 1, 13));
    }

    [Fact]
    public void Request_line_limit_at_the_default_names_the_declared_version()
    {
        var files = new InMemoryFileSystem()
            .Add("apache2/apache2.conf", "LimitRequestFieldSize 1024\n" + VirtualHost)
            .Add("election.yml", ResultsSiteDescriptor + "software:\n  - name: apache2\n    version: 2.4.62\n");
        var findings = Scan(new EA3012SlowRequestLimitsLax(), files).Where(f => f.Message.Contains("LimitRequest", StringComparison.Ordinal) && !f.Message.Contains("Body", StringComparison.Ordinal)).ToList();
        var finding = findings.ShouldHaveSingleItem();
        finding.Severity.ShouldBe(Severity.Warning, "a note raised on the results site");
        finding.Message.ShouldStartWith("No LimitRequestLine applies to results.example.nl:443, so the default \"LimitRequestLine 8190\" of apache 2.4.62 (declared in the descriptor");
        (finding.Location.Path, finding.Location.StartLine).ShouldBe(("apache2/apache2.conf", 3));
    }

    [Fact]
    public void A_virtual_host_without_document_root_names_the_compiled_in_default_and_the_unknown_names_it_answers()
    {
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", "Listen 80\n<VirtualHost *:80>\n    ServerName results.example.nl\n</VirtualHost>\n");
        var finding = Scan(new EA3015DefaultContentOrUnknownHostServed(), files).ShouldHaveSingleItem();
        finding.Message.ShouldBe("No DocumentRoot applies to results.example.nl:80, so httpd serves its compiled-in default (the default \"DocumentRoot \"/usr/local/apache/htdocs\"\" of apache 2.4 (assumed: the current stable release, as no version is declared); the upstream build uses \"/usr/local/apache2/htdocs\", Debian's and Red Hat's packages \"/var/www/html\"), with its stock \"It works!\" or test page. As the first virtual host for *:80, it also answers requests for every unknown host name there. Point DocumentRoot at the site's own content, and put first a virtual host for unknown names that refuses them (\"Require all denied\").");
        (finding.Location.StartLine, finding.Location.StartColumn).ShouldBe((2, 1));
    }

    [Fact]
    public void A_main_server_section_that_reaches_every_virtual_host_is_reported_once()
    {
        var files = new InMemoryFileSystem().Add("apache2/apache2.conf", "Listen 80\n<Location /server-status>\n    SetHandler server-status\n</Location>\n<Location /api>\n    ProxyPass http://127.0.0.1:8080/api\n</Location>\n"
            + "<VirtualHost *:80>\n    ServerName a.example.nl\n    DocumentRoot /srv/a\n</VirtualHost>\n<VirtualHost *:80>\n    ServerName b.example.nl\n    DocumentRoot /srv/b\n</VirtualHost>\n");
        var status = Scan(new EA3014AdminOrStatusEndpointPublic(), files).ShouldHaveSingleItem();
        (status.Location.StartLine, status.Message).ShouldBe((2, "<Location /server-status> of a.example.nl:80 serves mod_status's or mod_info's report page and anyone can reach it: no \"Require ip\" list and no authentication (AuthType with Require valid-user) applies. Add \"Require ip <office network>\" or authentication to this section."));
        var methods = Scan(new EA3016HiddenFilesOrRiskyMethodsExposed(), files).Where(f => f.LogicalKey.EndsWith("/methods", StringComparison.Ordinal)).ShouldHaveSingleItem();
        methods.Location.StartLine.ShouldBe(5);
    }

    [Fact]
    public void Signature_files_and_security_txt_in_the_document_root_count_as_served()
    {
        var files = new InMemoryFileSystem()
            .Add("apache2/apache2.conf", VirtualHost)
            .Add("election.yml", ResultsSiteDescriptor + "results:\n  channels:\n    - name: website\n      official: true\n      purpose: publication\n")
            .Add("srv/results/index.html", "<p>results</p>\n");
        Scan(new EA5007PublishedResultsNotSignedOrChecksummed(), files).ShouldHaveSingleItem();
        Scan(new EA6004NoCsirtOrSecurityContact(), files).ShouldHaveSingleItem();

        files.Add("srv/results/2027/totals.csv.asc", "-----BEGIN PGP SIGNATURE-----\n")
            .Add("srv/results/.well-known/security.txt", "Contact: mailto:security@example.nl\n");
        Scan(new EA5007PublishedResultsNotSignedOrChecksummed(), files).ShouldBeEmpty();
        Scan(new EA6004NoCsirtOrSecurityContact(), files).ShouldBeEmpty();
    }
}
