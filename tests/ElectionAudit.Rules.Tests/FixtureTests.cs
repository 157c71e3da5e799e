using ElectionAudit.Testing;

namespace ElectionAudit.Rules.Tests;

/// <summary>Every fixture file under Fixtures/EAnnnn/ runs through the rule's verifier: adding a case is adding a file.</summary>
public class FixtureTests
{
    public static TheoryData<string, string> Fixtures()
    {
        var data = new TheoryData<string, string>();
        foreach (var dir in Directory.GetDirectories(RepositoryPaths.Fixtures).Order(StringComparer.Ordinal))
        {
            foreach (var file in Directory.GetFileSystemEntries(dir).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir), Path.GetFileName(file));
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

        // A folder is one multi-file case (a descriptor with the backup configuration it links): its files form one scan.
        var files = Directory.Exists(path)
            ? Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(f => new FixtureFile(Path.GetRelativePath(path, f).Replace('\\', '/'), File.ReadAllText(f))).ToList()
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
