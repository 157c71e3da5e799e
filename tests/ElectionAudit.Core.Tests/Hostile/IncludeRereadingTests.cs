using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Core.Tests.Hostile;

/// <summary>
/// Files that include each other many times over. nginx, httpd and named read a file again at each include of it, so
/// fourteen files that each include the next three times stand for 3^13 (1,594,323) readings of the last one: more than the
/// 1,000,000 statements a configuration may read again. Before the bound, twenty such files kept a scan busy for good.
/// </summary>
public class IncludeRereadingTests
{
    private const int Levels = 13;

    /// <summary>A main file that includes <c>f0</c>, files <c>f0</c> to <c>f12</c> that each include the next three times, and a last file of one statement (<paramref name="name"/> for <c>f</c>).</summary>
    private static InMemoryFileSystem Diamond(string main, Func<int, string> include, string leaf, string extension, string folder = "", string name = "f")
    {
        var files = new InMemoryFileSystem().Add(main.Split('\n')[0], string.Join('\n', main.Split('\n').Skip(1)));
        for (int i = 0; i < Levels; i++)
        {
            files.Add($"{folder}{name}{i}.{extension}", string.Concat(Enumerable.Repeat(include(i + 1), 3)));
        }

        return files.Add($"{folder}{name}{Levels}.{extension}", leaf);
    }

    private static string[] Cuts(IEnumerable<SyntaxDiagnostic> diagnostics) =>
        [.. diagnostics.Where(d => d.RuleId == "EA0003").Select(d => $"{d.Location.Path}:{d.Location.StartLine}:{d.Location.StartColumn}")];

    private static string Message(string file) =>
        $"\"{file}\" is not read again here: the includes would take this configuration past 1,000,000 statements read again from files it has already read (files that include each other many times over), so from here on no file already read is read again";

    [Fact]
    public void Nginx_reads_files_again_up_to_the_bound_and_cuts_the_includes_past_it()
    {
        var files = Diamond("nginx/nginx.conf\nevents {}\nhttp {\n    include f0.conf;\n}\n", i => $"include f{i}.conf;\n", "server_tokens off;\n", "conf", "nginx/");

        var configuration = NginxConfigurationLoader.Load(files, "nginx/nginx.conf");

        // f12 holds three readings of the leaf (3 directives); f11 nine; ...; f1 is 3^12 = 531,441. Reading f0 reads f1 once,
        // then again (reading f1 the first time read 531,440 statements again within it, and 531,441 more would pass 1,000,000), so its second include is cut, and
        // the budget being spent, so is its third. Every file below f1 was read in full before the cut.
        Cuts(configuration.Diagnostics).ShouldBe(["nginx/f0.conf:2:9", "nginx/f0.conf:3:9"]);
        configuration.Diagnostics.First().Message.ShouldBe(Message("nginx/f1.conf"));
        configuration.Includes.Where(i => i.IsCut).Select(i => $"{i.Tree.Path}:{i.Directive.GetLocation().StartLine} [{string.Join(", ", i.Trees.Select(t => t.Path))}]")
            .ShouldBe(["nginx/f0.conf:2 []", "nginx/f0.conf:3 []"]);

        // What is read: events, http, and f1's 3^12 readings of the leaf.
        configuration.GetAllEffectiveDirectives().Count().ShouldBe(2 + 531_441);
        configuration.Trees.Length.ShouldBe(Levels + 2);
    }

    [Fact]
    public void Nginx_keeps_the_files_a_glob_read_before_the_cut()
    {
        // z1 stands for 3^12 = 531,441 readings of z13, z2 for 177,147. After z1 (531,440 of them again) and z2 twice, 114,266
        // are left: the glob reads a1 again (one directive) and is cut at z1.
        var files = Diamond("nginx/nginx.conf\nevents {}\nhttp {\n    include a1.conf;\n    include z1.conf;\n    include z2.conf;\n    include z2.conf;\n    include [az]1.conf;\n}\n", i => $"include z{i}.conf;\n", "server_tokens off;\n", "conf", "nginx/", "z")
            .Add("nginx/a1.conf", "charset utf-8;\n");

        var configuration = NginxConfigurationLoader.Load(files, "nginx/nginx.conf");

        Cuts(configuration.Diagnostics).ShouldBe(["nginx/nginx.conf:7:13"]);
        configuration.Diagnostics.Single().Message.ShouldBe(Message("nginx/z1.conf"));
        var cut = configuration.Includes.Single(i => i.IsCut);
        cut.Pattern.ShouldBe("[az]1.conf");
        cut.Trees.Select(t => t.Path).ShouldBe(["nginx/a1.conf"]);
        configuration.GetAllEffectiveDirectives().Count(d => d.Is("charset")).ShouldBe(2);
        configuration.GetAllEffectiveDirectives().Count(d => d.Is("server_tokens")).ShouldBe(531_441 + (2 * 177_147));
    }

    [Fact]
    public void Nginx_reads_a_snippet_that_every_server_includes_in_full()
    {
        // 2,000 servers each read the same 20 directives: 39,980 read again, far below the bound.
        var snippet = string.Concat(Enumerable.Range(0, 20).Select(i => $"add_header X-{i} v;\n"));
        var servers = string.Concat(Enumerable.Range(0, 2000).Select(i => $"    server {{ server_name s{i}.example; include snippets/h.conf; }}\n"));
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", $"events {{}}\nhttp {{\n{servers}}}\n").Add("nginx/snippets/h.conf", snippet);

        var configuration = NginxConfigurationLoader.Load(files, "nginx/nginx.conf");

        configuration.Diagnostics.ShouldBeEmpty();
        configuration.Includes.ShouldAllBe(i => !i.IsCut && i.Trees.Length == 1);
        configuration.GetAllEffectiveDirectives().Count().ShouldBe(2 + (2000 * 22));
    }

    [Fact]
    public void Apache_reads_files_again_up_to_the_bound_and_reports_each_include_not_followed()
    {
        var files = Diamond("apache2/apache2.conf\nServerRoot /etc/apache2\nInclude f0.conf\n", i => $"Include f{i}.conf\n", "ServerTokens Prod\n", "conf", "apache2/");

        var configuration = ApacheConfigurationLoader.Load(files, "apache2/apache2.conf");

        // The main file's two lines, the first reading of each file (13 x 3 includes and the leaf), 1,000,000 read again, and
        // 9 more: the files open when the budget runs out are read to their end, and their includes, each refused, are nodes.
        configuration.Walk().Count().ShouldBe(2 + 40 + 1_000_000 + 9);
        var cuts = Cuts(configuration.Diagnostics);
        cuts.ShouldBe(cuts.Distinct(), "each include not followed is reported once");

        // In httpd's configuration tree an Include is a node too, so reading f1 the first time reads 3 + 9 + ... + 3^12 includes
        // and 3^12 leaves, mostly again: the budget runs out deep inside it. From there every include of a file already read
        // is refused, in the order reached (inside the files being read, then on the way back up, f0's own two last). The
        // first is the include that spends the budget's last statement: with nothing left, the leaf it names is not read.
        cuts.ShouldBe([
            "apache2/f12.conf:3:9", "apache2/f10.conf:2:9", "apache2/f10.conf:3:9", "apache2/f9.conf:3:9", "apache2/f8.conf:2:9", "apache2/f8.conf:3:9",
            "apache2/f4.conf:2:9", "apache2/f4.conf:3:9", "apache2/f2.conf:2:9", "apache2/f2.conf:3:9", "apache2/f0.conf:2:9", "apache2/f0.conf:3:9"]);
        configuration.Diagnostics.Single(d => d.Location.Path == "apache2/f0.conf" && d.Location.StartLine == 3).Message.ShouldBe(Message("apache2/f1.conf"));
        configuration.Diagnostics.ShouldAllBe(d => d.RuleId == "EA0003" && d.Message.Contains("is not read again here", StringComparison.Ordinal));
    }

    [Fact]
    public void Zone_includes_are_read_again_up_to_the_bound()
    {
        var files = Diamond(
            "db.example.org\n$TTL 3600\n@ IN SOA ns1 host 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n$INCLUDE f0.inc\n",
            i => $"$INCLUDE f{i}.inc\n",
            "www IN A 192.0.2.2\n",
            "inc");

        var result = new ZoneFileLoader(files).Load("db.example.org", DomainName.Parse("example.org."));

        var cuts = Cuts(result.Diagnostics);

        // As for httpd, an $INCLUDE is an entry read too: the budget runs out deep inside the first reading of f1, and every
        // $INCLUDE of a file already read after that is refused, each place reported once.
        cuts.ShouldBe([
            "f10.inc:3:10", "f9.inc:3:10", "f8.inc:2:10", "f8.inc:3:10", "f4.inc:2:10", "f4.inc:3:10", "f2.inc:2:10", "f2.inc:3:10",
            "f0.inc:2:10", "f0.inc:3:10"]);
        result.Diagnostics.Last().Message.ShouldBe(Message("f1.inc"));
        result.Records.Length.ShouldBe(3 + 400_023);
        result.Trees.Length.ShouldBe(600_040);
        result.Diagnostics.ShouldAllBe(d => d.RuleId == "EA0003" && d.Message.Contains("is not read again here", StringComparison.Ordinal));
        result.Records.ShouldAllBe(r => r.Tree.Source.Path == "db.example.org" || r.Tree.Source.Path == "f13.inc");
    }

    [Fact]
    public void Named_conf_reads_a_file_included_many_times_over_once()
    {
        var files = Diamond("named.conf\noptions { directory \"/var/cache/bind\"; };\ninclude \"f0.conf\";\n", i => $"include \"f{i}.conf\";\n", "acl internal { 10.0.0.0/8; };\n", "conf");

        var trees = new NamedConfLoader(files).Load("named.conf", out var diagnostics);

        diagnostics.ShouldBeEmpty();
        trees.Select(t => t.Source.Path).ShouldBe(["named.conf", .. Enumerable.Range(0, Levels + 1).Select(i => $"f{i}.conf")]);
    }
}
