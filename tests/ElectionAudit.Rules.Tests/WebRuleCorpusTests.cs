using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Rules.Tests;

/// <summary>Every built-in rule over every nginx file of ../shared/corpus: no rule may throw (EA0001), whatever real configurations hold.</summary>
public class WebRuleCorpusTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_nginx_corpus_file_binds_and_runs_every_rule_without_EA0001()
    {
        if (RepositoryPaths.FindShared("corpus/MANIFEST.tsv") is not { } manifest)
        {
            Assert.Skip("../shared/corpus is not beside this checkout");
            return;
        }

        var corpus = Path.Combine(Path.GetDirectoryName(manifest)!, "nginx");

        var fileSystem = new DiskFileSystem(corpus);
        var engine = new AuditEngine(BuiltInRules.All);
        int files = 0, sites = 0;
        var findings = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(corpus, path).Replace('\\', '/');
            var result = engine.Analyze(fileSystem, [relative]);
            result.Findings.Where(f => f.RuleId == "EA0001").Select(f => $"{relative}: {f.Message}").ShouldBeEmpty();
            files++;
            sites += result.Model.BoundElementsOfType<WebSite>().Count();
            foreach (var finding in result.Findings.Where(f => f.RuleId.StartsWith("EA3", StringComparison.Ordinal)))
            {
                findings[finding.RuleId] = findings.GetValueOrDefault(finding.RuleId) + 1;
            }
        }

        output.WriteLine($"{files} files, {sites} sites bound; EA3xxx findings: {string.Join(", ", findings.Select(f => $"{f.Key} {f.Value}"))}");
        files.ShouldBeGreaterThan(300);
        sites.ShouldBeGreaterThan(0);
    }
}
