using ElectionAudit.Engine;
using ElectionAudit.Model.Web;

namespace ElectionAudit.Rules.Tests;

/// <summary>Every built-in rule over the Apache corpus (../shared/corpus/apache): no rule may fail on a real-world configuration.</summary>
public class ApacheCorpusRuleTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_rule_runs_on_the_apache_corpus_without_a_failure()
    {
        var corpus = Path.GetDirectoryName(RepositoryPaths.FindShared("corpus/MANIFEST.tsv"));

        if (corpus is null)
        {
            Assert.Skip("../shared/corpus is not beside this checkout");
        }

        var files = Directory.EnumerateFiles(Path.Combine(corpus!, "apache"), "*", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(corpus!, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        var result = new AuditEngine(BuiltInRules.All).Analyze(new DiskFileSystem(corpus!), files);

        var sites = result.Model.BoundElementsOfType<WebSite>().Where(s => s.IsApache).ToList();
        var tlsFindings = result.Findings.Where(f => f.RuleId.StartsWith("EA20", StringComparison.Ordinal)).ToList();
        output.WriteLine($"{files.Count} files, {sites.Count} Apache sites ({sites.Count(s => s.UsesTls)} with TLS), {tlsFindings.Count} TLS findings: "
            + string.Join(", ", tlsFindings.GroupBy(f => f.RuleId).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} x{g.Count()}")));
        result.Findings.Where(f => f.RuleId == "EA0001").Select(f => f.Message).ShouldBeEmpty();
        sites.Count(s => s.UsesTls).ShouldBeGreaterThan(20);
        tlsFindings.ShouldNotBeEmpty();
    }
}
