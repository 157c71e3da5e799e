using ElectionAudit.Engine;
using ElectionAudit.Rules.Web;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// Debian's stock apache2 configuration from the corpus (../shared/corpus/apache/debian-pkg), enabled as a fresh
/// install enables it (conf-enabled/security.conf, sites-enabled/000-default.conf): the main server's sections must
/// reach the default site as httpd merges them.
/// </summary>
public class DebianStockApacheTests
{
    private static (InMemoryFileSystem Files, string[] Lines000, string[] LinesMain)? Install()
    {
        var etc = Path.GetDirectoryName(RepositoryPaths.FindShared("corpus/apache/debian-pkg/etc/apache2/apache2.conf"));

        if (etc is null)
        {
            return null;
        }

        string Read(string relative) => File.ReadAllText(Path.Combine(etc, relative));
        var files = new InMemoryFileSystem()
            .Add("apache2/apache2.conf", Read("apache2.conf"))
            .Add("apache2/ports.conf", Read("ports.conf"))
            .Add("apache2/conf-enabled/security.conf", Read("conf-available/security.conf"))
            .Add("apache2/sites-enabled/000-default.conf", Read("sites-available/000-default.conf"));
        return (files, Read("sites-available/000-default.conf").Split('\n'), Read("apache2.conf").Split('\n'));
    }

    private static List<Finding> Run(AuditRule rule, InMemoryFileSystem files)
    {
        var result = new AuditEngine([rule]).Analyze(files, [.. files.Paths]);
        result.Findings.Where(f => f.RuleId == "EA0001").ShouldBeEmpty();
        return [.. result.Findings.Where(f => f.RuleId == rule.SupportedRules[0].Id)];
    }

    [Fact]
    public void The_stock_directory_listing_hidden_file_denial_and_document_root_reach_the_default_site()
    {
        if (Install() is not var (files, lines000, linesMain))
        {
            Assert.Skip("../shared/corpus is not beside this checkout");
            return;
        }

        // <Directory /var/www/> Options Indexes FollowSymLinks (apache2.conf) reaches the site serving /var/www/html.
        var listing = Run(new EA3010DirectoryListing(), files).ShouldHaveSingleItem();
        listing.Location.Path.ShouldBe("apache2/apache2.conf");
        listing.Location.StartLine.ShouldBe(Array.FindIndex(linesMain, l => l.Trim() == "Options Indexes FollowSymLinks") + 1);

        var root = Run(new EA3015DefaultContentOrUnknownHostServed(), files).ShouldHaveSingleItem();
        root.Location.Path.ShouldBe("apache2/sites-enabled/000-default.conf");
        root.Location.StartLine.ShouldBe(Array.FindIndex(lines000, l => l.Trim() == "DocumentRoot /var/www/html") + 1);
        root.Message.ShouldContain("As the first virtual host for *:80");

        // <FilesMatch "^\.ht"> denies .htaccess; nothing denies .git or .svn; security.conf sets TraceEnable Off.
        var hidden = Run(new EA3016HiddenFilesOrRiskyMethodsExposed(), files).ShouldHaveSingleItem();
        hidden.Message.ShouldStartWith("Requests for /.git/config and /.svn/entries on ");
        hidden.Location.Path.ShouldBe("apache2/sites-enabled/000-default.conf");
        hidden.RelatedLocations.ShouldHaveSingleItem().Message.ShouldBe("<Directory /var/www/> applies to /.git/config and /.svn/entries but does not deny them");
    }
}
