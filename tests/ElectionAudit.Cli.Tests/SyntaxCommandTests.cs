using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

using static ElectionAudit.Cli.Tests.CliHarness;

namespace ElectionAudit.Cli.Tests;

/// <summary>
/// <c>electionaudit syntax</c>: the pinned JSON per format (SyntaxFixtures/expected, reviewed by hand; regenerate with
/// ELECTIONAUDIT_REGENERATE=1 only after a deliberate change, and review the diff), the text form, detection and
/// <c>--as</c>, exit codes, and every output checked against schemas/syntax-tree.v1.schema.json.
/// </summary>
public sealed class SyntaxCommandTests : IDisposable
{
    private static readonly string Repository = RepositoryRoot;
    private static readonly string Fixtures = Path.Combine(Repository, "tests", "ElectionAudit.Cli.Tests", "SyntaxFixtures");
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(Path.Combine(Repository, "schemas", "syntax-tree.v1.schema.json"))));
    private readonly string _temp = Directory.CreateTempSubdirectory("ea-syntax-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    [Theory]
    [InlineData("site.nginx", "nginx")]
    [InlineData("broken.nginx", "nginx")]
    [InlineData("nginx-T.txt", "nginx")]
    [InlineData("vhost.conf", "apache")]
    [InlineData("db.example.nl", "zone")]
    [InlineData("named.conf", "named.conf")]
    [InlineData("election.yml", "descriptor")]
    [InlineData("results.borgmatic.yml", "borgmatic")]
    [InlineData("profiles.yaml", "resticprofile")]
    [InlineData("profiles.toml", "resticprofile")]
    [InlineData("bacula-dir.conf", "bacula")]
    public void Json_of_a_small_file_of_each_format_is_pinned_and_valid(string file, string format)
    {
        var report = Load(file);
        report.Format.ShouldBe(format);
        var json = SyntaxWriters.ToJson(report);
        ShouldBeValid(json);
        var expectedPath = Path.Combine(Fixtures, "expected", file + ".json");
        if (Environment.GetEnvironmentVariable("ELECTIONAUDIT_REGENERATE") == "1")
        {
            File.WriteAllText(expectedPath, json, new UTF8Encoding(false));
        }

        json.ShouldBe(File.ReadAllText(expectedPath));
    }

    [Fact]
    public void Nginx_nodes_carry_names_arguments_quotes_spans_and_the_unresolved_include()
    {
        using var json = JsonDocument.Parse(SyntaxWriters.ToJson(Load("site.nginx")));
        var root = json.RootElement;
        var tree = root.GetProperty("trees").EnumerateArray().Single();
        tree.GetProperty("comments")[0].GetProperty("text").GetString().ShouldBe("# results site");
        var server = tree.GetProperty("root").GetProperty("children")[0];
        server.GetProperty("name").GetString().ShouldBe("server");
        Span(server).ShouldBe("2:1-9:2");
        var listen = server.GetProperty("children")[0];
        listen.GetProperty("arguments").EnumerateArray().Select(a => a.GetProperty("value").GetString()).ShouldBe(["443", "ssl"]);
        Span(listen).ShouldBe("3:5-3:20");
        var serverName = server.GetProperty("children")[1].GetProperty("arguments")[0];
        serverName.GetProperty("value").GetString().ShouldBe("results.example.nl");
        serverName.GetProperty("quote").GetString().ShouldBe("double");
        Span(serverName).ShouldBe("4:17-4:37");
        var header = server.GetProperty("children")[3].GetProperty("children")[0];
        header.GetProperty("arguments")[1].GetProperty("quote").GetString().ShouldBe("single");
        var diagnostic = root.GetProperty("diagnostics").EnumerateArray().Single();
        diagnostic.GetProperty("ruleId").GetString().ShouldBe("EA0003");
        diagnostic.GetProperty("file").GetString().ShouldBe("site.nginx");
        Span(diagnostic).ShouldBe("5:13-5:34");
    }

    [Fact]
    public void A_broken_file_shows_incomplete_nodes_and_the_EA0002_at_the_offending_token()
    {
        SyntaxWriters.ToText(Load("broken.nginx")).ShouldBe("""
            broken.nginx (nginx)
              file  @1:1-6:1
                directive events  @1:1-1:10
                directive http (incomplete)  @2:1-6:1
                  directive server  @3:5-5:6
                    directive listen 80 (incomplete)  @4:9-4:18
            2 diagnostics:
              EA0002 broken.nginx:5:5-5:6 unexpected "}": the "listen" directive is not terminated by ";"
              EA0002 broken.nginx:6:1-6:1 unexpected end of file, expecting "}": the "http" block is not closed

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bacula_file_shows_keywords_without_their_blanks_the_tokens_bacula_reads_includes_and_blocks()
    {
        // Bacula's lexer drops the blanks inside a word of letters ("Results DB 1" is ResultsDB1, "1 year 6 months" three
        // tokens), ';' ends a directive, '#' inside quotes is text, and '@' includes a file wherever it stands.
        SyntaxWriters.ToText(Load("bacula-dir.conf")).ShouldBe("""
            bacula-dir.conf (bacula)
              file  @1:1-12:1
                block Job  @2:1-11:2
                  directive Name ResultsDB1 value="Results DB 1"  @3:3-3:22
                  directive VolumeRetention 1 year6 months value="1 year 6 months"  @4:3-4:37
                  directive Type Backup value=Backup  @4:39-4:52
                  directive Password "a \"quoted\" # value" value="\"a \\\"quoted\\\" # value\""  @5:3-5:36
                  directive Run Level = Full1st sunat23:05 value="Level=Full 1st sun at 23:05"  @6:3-6:36
                  include /etc/bacula/job-extra.conf command=false  @7:3-7:30
                  block RunScript  @8:3-10:4
                    directive Command "/usr/local/bin/dump-results" value="\"/usr/local/bin/dump-results\""  @9:5-9:44
            3 diagnostics:
              EA0002 bacula-dir.conf:4:3-4:19 keyword "VolumeRetention" is not permitted in a Job resource (bacula-dir refuses to start)
              EA0002 bacula-dir.conf:5:3-5:11 keyword "Password" is not permitted in a Job resource (bacula-dir refuses to start)
              EA0003 bacula-dir.conf:7:4-7:30 include '@/etc/bacula/job-extra.conf' is an absolute path outside the scan, and no file of the scan has its trailing path segments

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
    }

    [Fact]
    public void Control_characters_in_paths_and_diagnostics_are_shown_as_pictures()
    {
        // A record type and a file name holding terminal escape sequences: the values in the tree are quoted and escaped,
        // and the file names and messages show each control character as its picture.
        var name = "db.\u001b[2Jexample.nl";
        File.WriteAllText(Path.Combine(_temp, name), "$TTL 3600\n@ IN SOA ns1 h ( 1 2 3 4 5 )\nwww IN \u001b[31mX 192.0.2.1\n");
        var (exit, output, _) = Run("syntax", Path.Combine(_temp, name));
        exit.ShouldBe(0);
        output.ShouldStartWith("db.\u241B[2Jexample.nl (zone)\n");
        output.ShouldEndWith("1 diagnostic:\n  EA0002 db.\u241B[2Jexample.nl:3:8-3:14 unknown record type '\u241B[31mX'\n");
        output.ShouldNotContain('\u001b');
    }

    [Fact]
    public void The_text_form_is_an_indented_tree_with_spans()
    {
        // The example in docs/syntax-json.md.
        var file = Path.Combine(_temp, "site.conf");
        File.WriteAllText(file, "server {\n    listen 443 ssl;\n    add_header Strict-Transport-Security \"max-age=63072000\" always;\n}\n");
        var (exit, output, _) = Run("syntax", file);
        exit.ShouldBe(0);
        output.ShouldBe("""
            site.conf (nginx)
              file  @1:1-5:1
                directive server  @1:1-4:2
                  directive listen 443 ssl  @2:5-2:20
                  directive add_header Strict-Transport-Security "max-age=63072000" always  @3:5-3:68
            no diagnostics

            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        File.ReadAllText(Path.Combine(Repository, "docs", "syntax-json.md")).ShouldContain(output.Replace("no diagnostics\n", "no diagnostics", StringComparison.Ordinal));
    }

    [Fact]
    public void An_nginx_dump_shows_each_configuration_file_with_spans_into_the_dump()
    {
        var report = Load("nginx-T.txt");
        report.Trees.Select(t => t.ConfigurationPath).ShouldBe(["/etc/nginx/nginx.conf", "/etc/nginx/conf.d/results.conf"]);
        report.Trees.ShouldAllBe(t => t.File == "nginx-T.txt");
        var server = report.Trees[1].Root.Children!.Value.Single();
        server.Name.ShouldBe("server");
        SyntaxWriters.Span(server.Location).ShouldBe("8:1-8:27");
        report.Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Zone_records_carry_owner_ttl_origin_and_canonical_data()
    {
        var records = Load("db.example.nl").Trees.Single().Root.Children!.Value;
        records.Select(r => r.Name).ShouldBe(["$ORIGIN", "$TTL", "SOA", "A"]);
        records[1].Properties.ShouldContain(new KeyValuePair<string, string>("ttl", "3600"));
        var soa = records[2];
        SyntaxWriters.Span(soa.Location).ShouldBe("3:1-4:18");
        soa.Properties.ShouldBe([
            new("owner", "example.nl."), new("ttl", "3600"), new("ttlSource", "$TTL"), new("class", "IN"),
            new("data", "ns1.example.nl. hostmaster.example.nl. 1 7200 3600 1209600 300"),
        ]);
        var a = records[3];
        a.Properties.ShouldContain(new KeyValuePair<string, string>("owner", "www.example.nl."));
        a.Properties.ShouldContain(new KeyValuePair<string, string>("ttlSource", "explicit"));
        a.Arguments!.Value.Single().Value.ShouldBe("192.0.2.10");
    }

    [Fact]
    public void As_forces_a_format_the_detection_would_not_pick()
    {
        var file = Path.Combine(_temp, "notes.txt");
        File.WriteAllText(file, "hello world\n");
        var detected = Run("syntax", file);
        detected.Exit.ShouldBe(2);
        detected.Err.ShouldContain("could not tell the format of");
        detected.Err.ShouldContain("--as");

        var forced = Run("syntax", file, "--as", "nginx", "--format", "json");
        forced.Exit.ShouldBe(0);
        ShouldBeValid(forced.Out);
        using var json = JsonDocument.Parse(forced.Out);
        json.RootElement.GetProperty("format").GetString().ShouldBe("nginx");
        var diagnostic = json.RootElement.GetProperty("diagnostics").EnumerateArray().Single();
        diagnostic.GetProperty("ruleId").GetString().ShouldBe("EA0002");
        Span(diagnostic).ShouldBe("2:1-2:1");

        // named.conf read as a zone file is nonsense to the zone parser: the forced format is the one used.
        var asZone = SyntaxCommand.Load(Path.Combine(Fixtures, "named.conf"), "zone", Fixtures, out _)!;
        asZone.Format.ShouldBe("zone");
        asZone.Diagnostics.ShouldContain(d => d.RuleId == "EA0002");
    }

    [Theory]
    [InlineData("missing", "does not exist")]
    [InlineData("directory", "is a directory")]
    [InlineData("binary", "looks binary")]
    [InlineData("unknown-as", "unknown format 'xml' for --as; use one of descriptor, nginx, zone, named.conf, borgmatic, resticprofile, apache, bacula.")]
    public void Bad_input_exits_2_with_a_clear_message(string situation, string message)
    {
        var binary = Path.Combine(_temp, "image.conf");
        File.WriteAllBytes(binary, [0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x0d, 0x0a]);
        string[] args = situation switch
        {
            "missing" => ["syntax", Path.Combine(_temp, "nope.conf")],
            "directory" => ["syntax", _temp],
            "binary" => ["syntax", binary],
            _ => ["syntax", Path.Combine(Fixtures, "site.nginx"), "--as", "xml"],
        };
        var (exit, output, error) = Run(args);
        exit.ShouldBe(2);
        output.ShouldBeEmpty();
        error.ShouldStartWith("error: ");
        error.ShouldContain(message);
    }

    [Fact]
    public void Help_lists_the_command()
    {
        Run("--help").Out.ShouldContain("syntax");
        var help = Run("syntax", "--help").Out;
        help.ShouldContain("--as");
        help.ShouldContain("docs/syntax-json.md");
    }

    [Fact]
    public void Every_sample_file_and_a_slice_of_the_corpus_give_schema_valid_json()
    {
        var files = Directory.EnumerateFiles(Path.Combine(Repository, "samples"), "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".pem", StringComparison.Ordinal))
            .ToList();
        var corpus = Path.GetFullPath(Path.Combine(Repository, "..", "shared", "corpus"));
        if (Directory.Exists(corpus))
        {
            // Every 7th file of each family, in a fixed order: all kinds of input, in bounded time (a full pass is the corpus tests' job).
            foreach (var family in new[] { "nginx", "apache", "dns", "backup" })
            {
                files.AddRange(Directory.EnumerateFiles(Path.Combine(corpus, family), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Where((_, i) => i % 7 == 0));
            }
        }

        int printed = 0;
        foreach (var file in files)
        {
            // Corpus files may be of no format the scan knows; those must be refused cleanly, the rest printed validly.
            var report = SyntaxCommand.Load(file, null, Path.GetDirectoryName(file)!, out var error);
            if (report is null)
            {
                error.ShouldContain("could not tell the format", customMessage: file);
                continue;
            }

            ShouldBeValid(SyntaxWriters.ToJson(report), file);
            printed++;
        }

        printed.ShouldBeGreaterThanOrEqualTo(6);
    }

    [Fact]
    public void The_schema_rejects_output_that_breaks_the_shape()
    {
        // So that "valid" above means something: a node without its span, and a wrong version, are refused.
        var json = JsonNode.Parse(SyntaxWriters.ToJson(Load("site.nginx")))!;
        json["trees"]![0]!["root"]!["children"]![0]!.AsObject().Remove("span");
        Evaluate(json.ToJsonString()).IsValid.ShouldBeFalse();
        var wrongVersion = JsonNode.Parse(SyntaxWriters.ToJson(Load("site.nginx")))!;
        wrongVersion["version"] = 2;
        Evaluate(wrongVersion.ToJsonString()).IsValid.ShouldBeFalse();
    }

    private static SyntaxReport Load(string file)
    {
        var report = SyntaxCommand.Load(Path.Combine(Fixtures, file), null, Fixtures, out var error);
        report.ShouldNotBeNull(error);
        return report;
    }

    private static string Span(JsonElement element)
    {
        var span = element.GetProperty("span");
        return $"{span.GetProperty("startLine").GetInt32()}:{span.GetProperty("startColumn").GetInt32()}-{span.GetProperty("endLine").GetInt32()}:{span.GetProperty("endColumn").GetInt32()}";
    }

    private static EvaluationResults Evaluate(string json) =>
        Schema.Value.Evaluate(JsonNode.Parse(json), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static void ShouldBeValid(string json, string? what = null)
    {
        var result = Evaluate(json);
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.HasErrors).Take(5)
                .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}");
            throw new Xunit.Sdk.XunitException($"{what ?? "output"} does not match the schema: {string.Join(" | ", errors)}");
        }
    }
}
