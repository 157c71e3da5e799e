using ElectionAudit.Engine;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Nginx;

/// <summary>The tree that format detection parses is handed to the loader once, so a scan parses each nginx file once.</summary>
public class NginxDetectionTreesTests
{
    private const string Site = "server {\n  listen 443 ssl;\n  server_name example.org;\n  root /srv;\n}\n";

    [Fact]
    public void A_detected_file_leaves_its_tree_for_exactly_one_taker()
    {
        var source = new SourceText("sites-enabled/example.conf", Site);
        NginxFormat.LooksLikeNginx(source.Path, source).ShouldBeTrue();

        NginxDetectionTrees.TryTake(source, out var tree).ShouldBeTrue();
        tree!.Source.ShouldBeSameAs(source);
        tree.Root.DescendantNodesAndSelf().OfType<NginxDirectiveSyntax>().Select(d => d.Name).ShouldBe(["server", "listen", "server_name", "root"]);
        NginxDetectionTrees.TryTake(source, out _).ShouldBeFalse();
        NginxDetectionTrees.TakeOrParse(source).ShouldNotBeSameAs(tree);
    }

    [Fact]
    public void Files_that_are_not_nginx_or_too_long_to_sniff_whole_leave_nothing()
    {
        var apache = new SourceText("sites-enabled/example.conf", "<VirtualHost *:80>\n  ServerName example.org\n</VirtualHost>\n");
        NginxFormat.LooksLikeNginx(apache.Path, apache).ShouldBeFalse();
        NginxDetectionTrees.TryTake(apache, out _).ShouldBeFalse();

        var notNginx = new SourceText("notes.conf", "server {\n}\n");
        NginxFormat.LooksLikeNginx(notNginx.Path, notNginx).ShouldBeFalse();
        NginxDetectionTrees.TryTake(notNginx, out _).ShouldBeFalse();

        // Detection reads the first 64 KiB only; a tree of that part is not the file's tree.
        var large = new SourceText("nginx.conf", Site + new string('#', 70_000) + "\n");
        NginxFormat.LooksLikeNginx(large.Path, large).ShouldBeTrue();
        NginxDetectionTrees.TryTake(large, out _).ShouldBeFalse();
    }

    [Fact]
    public void A_snapshot_read_as_bytes_is_sniffed_without_its_string_and_parsed_whole_only_when_short()
    {
        var site = SourceText.FromBytes("sites-enabled/example.conf", System.Text.Encoding.ASCII.GetBytes(Site));
        NginxFormat.LooksLikeNginx(site.Path, site).ShouldBeTrue();
        NginxDetectionTrees.TryTake(site, out var tree).ShouldBeTrue();
        tree!.Source.ShouldBeSameAs(site);

        // Sniffing that decides before parsing reads the head as characters lent, not as the file's string.
        var zone = SourceText.FromBytes("db.example", System.Text.Encoding.ASCII.GetBytes("$TTL 1h\n@ IN SOA ns h 1 2 3 4 5\n"));
        NginxFormat.LooksLikeNginx(zone.Path, zone).ShouldBeFalse();
        zone.HasMadeText.ShouldBeFalse();

        // A file longer than the head: its head is parsed, not the file, and no tree is left for the loader.
        var large = SourceText.FromBytes("nginx.conf", System.Text.Encoding.ASCII.GetBytes(Site + new string('#', 70_000) + "\n"));
        NginxFormat.LooksLikeNginx(large.Path, large).ShouldBeTrue();
        large.HasMadeText.ShouldBeFalse();
        NginxDetectionTrees.TryTake(large, out _).ShouldBeFalse();
    }

    [Fact]
    public void An_engine_scan_binds_the_same_sites_whether_or_not_detection_kept_the_trees()
    {
        var files = new InMemoryFileSystem(new Dictionary<string, string>
        {
            ["nginx.conf"] = "events {}\nhttp {\n  include sites/*.conf;\n}\n",
            ["sites/a.conf"] = Site,
            ["sites/b.conf"] = Site.Replace("example.org", "example.net", StringComparison.Ordinal),
        });
        var result = new AuditEngine([]).Analyze(files, ["nginx.conf", "sites/a.conf", "sites/b.conf"]);
        result.Model.SyntaxTrees.Select(t => t.Source.Path).ShouldBe(["nginx.conf", "sites/a.conf", "sites/b.conf"]);
        result.Model.BoundElementsOfType<ElectionAudit.Model.Web.WebSite>().Select(s => s.ServerNames[0].Value).ShouldBe(["example.org", "example.net"]);
    }
}
