using ElectionAudit.Testing;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// Every fixture under Fixtures/EAnnnn/ runs through the rule's verifier: adding a case is adding a file. A folder
/// Fixtures/EAnnnn/&lt;case&gt;/ is one case whose files (named.conf, zone files, a descriptor) form a single scan.
/// </summary>
public class FixtureTests
{
    public static TheoryData<string, string> Fixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(RepositoryPaths.Fixtures).Order(StringComparer.Ordinal))
        {
            foreach (var entry in Directory.GetFileSystemEntries(dir).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir), Path.GetFileName(entry));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_matches_the_rule_findings(string ruleId, string fileName)
    {
        var rule = BuiltInRules.All.Single(r => r.SupportedRules.Any(d => d.Id == ruleId));
        var path = Path.Combine(RepositoryPaths.Fixtures, ruleId, fileName);
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(file => new FixtureFile(Path.GetRelativePath(path, file).Replace('\\', '/'), File.ReadAllText(file))).ToList()
            : [new FixtureFile(fileName, File.ReadAllText(path))];
        var verify = typeof(RuleVerifier<>).MakeGenericType(rule.GetType()).GetMethod("Verify", [typeof(IReadOnlyList<FixtureFile>), typeof(ElectionAudit.Configuration.AuditConfiguration)])!;
        try
        {
            verify.Invoke(null, [files, null]);
        }
        catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
        }
    }
}
