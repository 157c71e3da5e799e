using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Reporting;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>limits.max-block-nesting: one EA0002 per tree nested too deep, the same whatever the number of workers walking the trees.</summary>
public sealed class BlockNestingTests
{
    private static InMemoryFileSystem Files()
    {
        var files = new InMemoryFileSystem();
        for (int i = 0; i < 12; i++)
        {
            // Every third file nests four blocks deep (http, server, location, if); the others two.
            var body = i % 3 == 0
                ? "    server {\n        location / {\n            if ($x) {\n                return 403;\n            }\n        }\n    }\n"
                : "    server {\n        listen 80;\n    }\n";
            files.Add($"site{i:00}/nginx/nginx.conf", "events {}\nhttp {\n" + body + "}\n");
        }

        return files;
    }

    [Fact]
    public void Each_tree_nested_too_deep_gets_one_finding_at_its_first_node_too_deep_in_path_order()
    {
        var files = Files();
        var configuration = AuditConfiguration.Default with { Limits = ScanLimits.Default with { MaxBlockNesting = 2 } };
        var result = new AuditEngine([]).Analyze(files, [.. files.Paths], configuration, maxDegreeOfParallelism: 1);

        // At the if directive (line 5, column 13): the first node inside a third block (http, server, location).
        result.Findings.Where(f => f.LogicalKey == "limit|max-block-nesting").Select(f => (f.Location.Path, f.Location.StartLine, f.Location.StartColumn)).ShouldBe([
            ("site00/nginx/nginx.conf", 5, 13),
            ("site03/nginx/nginx.conf", 5, 13),
            ("site06/nginx/nginx.conf", 5, 13),
            ("site09/nginx/nginx.conf", 5, 13),
        ]);
    }

    [Fact]
    public void With_two_branches_too_deep_the_finding_is_at_the_first_in_source_order()
    {
        var files = new InMemoryFileSystem();
        files.Add(
            "nginx/nginx.conf",
            "events {}\nhttp {\n    server {\n        location /a {\n            if ($x) {\n                return 403;\n            }\n        }\n"
            + "        location /b {\n            if ($y) {\n                return 404;\n            }\n        }\n    }\n}\n");
        var configuration = AuditConfiguration.Default with { Limits = ScanLimits.Default with { MaxBlockNesting = 2 } };
        var result = new AuditEngine([]).Analyze(files, [.. files.Paths], configuration, maxDegreeOfParallelism: 1);

        // Both if directives are inside a third block; the one under location /a (line 5) comes first, not the one under /b (line 10).
        result.Findings.Where(f => f.LogicalKey == "limit|max-block-nesting").Select(f => (f.Location.Path, f.Location.StartLine, f.Location.StartColumn))
            .ShouldBe([("nginx/nginx.conf", 5, 13)]);
    }

    [Fact]
    public void The_findings_do_not_depend_on_the_number_of_workers()
    {
        var files = Files();
        var configuration = AuditConfiguration.Default with { Limits = ScanLimits.Default with { MaxBlockNesting = 2 } };
        var engine = new AuditEngine([]);
        var expected = SarifWriter.ToText(engine.Analyze(files, [.. files.Paths], configuration, maxDegreeOfParallelism: 1));
        for (int run = 0; run < 10; run++)
        {
            SarifWriter.ToText(engine.Analyze(files, [.. files.Paths], configuration, maxDegreeOfParallelism: 8)).ShouldBe(expected, $"run {run}");
        }
    }
}
