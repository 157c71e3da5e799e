using ElectionAudit.Engine;
using ElectionAudit.Rules.Web;

using static ElectionAudit.Rules.Tests.WebRuleScan;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// The nginx half of EA3016's escalation where fixtures cannot show it: a served <c>.git</c> folder in the results
/// site's root is an error (a <c>.git</c> folder cannot be committed as a fixture).
/// </summary>
public class NginxWebRuleTests
{
    private const string Server = "http {\n    server {\n        listen 443 ssl;\n        server_name results.example.nl;\n        root /srv/results;\n    }\n}\n";

    [Theory]
    [InlineData(true, true, Severity.Error)]
    [InlineData(true, false, Severity.Warning)]
    [InlineData(false, true, Severity.Warning)]
    public void A_served_git_folder_in_the_results_root_is_an_error(bool resultsSite, bool gitInScan, Severity expected)
    {
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", Server)
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
        (finding.Location.Path, finding.Location.StartLine, finding.Location.StartColumn).ShouldBe(("nginx/nginx.conf", 2, 5));
        var evidence = expected == Severity.Error ? " The results site's document root holds a Git checkout (srv/results/.git/HEAD), so its whole history can be downloaded." : string.Empty;
        finding.Message.ShouldBe($"Requests for /.git/config and /.env on results.example.nl:443 are handled by the server level, which does not deny them.{evidence} Add \"location ~ /\\.(?!well-known/) {{ deny all; }}\" to this server.");
        if (expected == Severity.Error)
        {
            var related = finding.RelatedLocations.ShouldHaveSingleItem();
            (related.Location.StartLine, related.Location.StartColumn).ShouldBe((5, 9));
            related.Message.ShouldBe("\"/srv/results\" maps /.git/HEAD to srv/results/.git/HEAD");
        }
        else
        {
            finding.RelatedLocations.ShouldBeEmpty();
        }
    }

    [Fact]
    public void A_git_folder_the_server_denies_is_no_finding()
    {
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", Server.Replace("root /srv/results;\n", "root /srv/results;\n        location ~ /\\.(?!well-known/) { deny all; }\n", StringComparison.Ordinal))
            .Add("srv/results/index.html", "<p>results</p>\n")
            .Add("srv/results/.git/HEAD", "ref: refs/heads/main\n")
            .Add("election.yml", ResultsSiteDescriptor);
        Scan(new EA3016HiddenFilesOrRiskyMethodsExposed(), files).ShouldBeEmpty();
    }
}
