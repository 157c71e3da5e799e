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
            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
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
        var text = File.ReadAllText(Path.Combine(RepositoryPaths.Fixtures, ruleId, fileName));
        var verify = typeof(RuleVerifier<>).MakeGenericType(rule.GetType()).GetMethod("Verify", [typeof(string), typeof(string), typeof(ElectionAudit.Configuration.AuditConfiguration)])!;
        try
        {
            verify.Invoke(null, [fileName, text, null]);
        }
        catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
        }
    }
}
