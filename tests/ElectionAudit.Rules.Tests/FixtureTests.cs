using ElectionAudit.Configuration;
using ElectionAudit.Testing;
using ElectionAudit.Text;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// Every fixture under Fixtures/EAnnnn/ runs through the rule's verifier: adding a case is adding a file. A fixture is
/// a file, or a folder whose files form one scan (an nginx configuration with the certificates it names, a
/// descriptor ...); a folder's <c>.electionaudit.yml</c>, when present, is the scan's configuration (for example a
/// TLS profile) rather than one of its files.
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

    /// <summary>The files of a fixture: the file itself, or every file under the folder with its path relative to it.</summary>
    public static IReadOnlyList<FixtureFile> ReadFixture(string ruleId, string name, out AuditConfiguration? configuration)
    {
        var path = Path.Combine(RepositoryPaths.Fixtures, ruleId, name);
        configuration = null;
        if (!Directory.Exists(path))
        {
            return [new FixtureFile(name, File.ReadAllText(path))];
        }

        var files = new List<FixtureFile>();
        foreach (var file in Directory.GetFiles(path, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(path, file).Replace('\\', '/');
            if (relative == AuditConfiguration.FileName)
            {
                configuration = ConfigurationLoader.Parse(new SourceText(relative, File.ReadAllText(file)));
                continue;
            }

            files.Add(new FixtureFile(relative, File.ReadAllText(file)));
        }

        return files;
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Fixture_matches_the_rule_findings(string ruleId, string fileName)
    {
        var rule = BuiltInRules.All.Single(r => r.SupportedRules.Any(d => d.Id == ruleId));
        var files = ReadFixture(ruleId, fileName, out var configuration);
        var verify = typeof(RuleVerifier<>).MakeGenericType(rule.GetType()).GetMethod("Verify", [typeof(IReadOnlyList<FixtureFile>), typeof(AuditConfiguration)])!;
        try
        {
            verify.Invoke(null, [files, configuration]);
        }
        catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
        }
    }
}
