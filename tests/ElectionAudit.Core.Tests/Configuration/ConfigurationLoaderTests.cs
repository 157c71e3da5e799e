using ElectionAudit.Configuration;
using ElectionAudit.Rules;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Configuration;

public class ConfigurationLoaderTests
{
    private static readonly RuleDescriptor Exercise = new(
        "EA6003", "No recent exercise", "{0}", Severity.Warning, "d", 5, RulePrecision.High,
        [new TraceReference(TraceSource.Enisa, "E5", TraceMapping.Explicit)], [ElectionAudit.Syntax.InputFormat.Descriptor],
        options: [new RuleOption("max-age-days", "d", "365")]);

    private static AuditConfiguration Parse(string text) => ConfigurationLoader.Parse(new SourceText(".electionaudit.yml", text), [Exercise]);

    [Fact]
    public void Reads_every_setting()
    {
        var config = Parse("version: 1\ninclude: ['**/*.yml']\nexclude: ['legacy/**']\nfail-on: error\nas-of: 2027-01-31\ntls-profile: ncsc-nl\nrules:\n  EA6003:\n    severity: error\n    options:\n      max-age-days: 180\ncategories:\n  backup: note\n");
        config.Include.ShouldBe(["**/*.yml"]);
        config.Exclude.ShouldContain("legacy/**");
        config.Exclude.ShouldContain("**/.git/**");
        config.FailOn.ShouldBe(Severity.Error);
        config.AsOf.ShouldBe(new DateOnly(2027, 1, 31));
        config.TlsProfile.ShouldBe(TlsProfile.NcscNl);
        config.RuleSeverities["EA6003"].ShouldBe(Severity.Error);
        config.RuleOptions["EA6003"]["max-age-days"].ShouldBe("180");
        config.CategorySeverities[RuleCategory.Backup].ShouldBe(Severity.Note);
    }

    [Fact]
    public void Empty_file_gives_the_defaults()
    {
        Parse(string.Empty).FailOn.ShouldBe(Severity.Warning);
    }

    [Fact]
    public void Errors_name_file_line_key_and_suggest_the_closest_valid_key()
    {
        var ex = Should.Throw<ConfigurationException>(() => Parse("fail_on: error\ntls-profile: mozilla\nrules:\n  EA6030: none\n  EA6003:\n    options:\n      max-age: 10\n"));
        ex.Errors.Select(e => e.ToString()).ShouldBe(
        [
            ".electionaudit.yml:1:1: error: Unknown key 'fail_on'. Did you mean 'fail-on'?",
            ".electionaudit.yml:2:14: error: 'tls-profile' must be one of mozilla-intermediate, ncsc-nl; found 'mozilla'. Did you mean 'mozilla-intermediate'?",
        ]);
        var second = Should.Throw<ConfigurationException>(() => Parse("rules:\n  EA6030: none\n  EA6003:\n    options:\n      max-age: 10\n"));
        second.Errors.Select(e => e.ToString()).ShouldBe(
        [
            ".electionaudit.yml:2:3: error: Unknown rule 'EA6030'. Did you mean 'EA6003'?",
            ".electionaudit.yml:5:7: error: Unknown option 'max-age' for EA6003. Did you mean 'max-age-days'?",
        ]);
    }
}
