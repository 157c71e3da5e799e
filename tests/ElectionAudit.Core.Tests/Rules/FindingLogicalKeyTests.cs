using System.Globalization;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Rules;

/// <summary>How a finding keeps the logical key a rule gives as an interpolated string (<see cref="LogicalKeyHandler"/>).</summary>
public sealed class FindingLogicalKeyTests
{
    private static readonly RuleDescriptor Rule = new(
        "EA9912", "Key test", "{0}", Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Nginx]);

    private static readonly Location At = Location.ForFile("web/nginx/sites-enabled/results.conf");

    [Fact]
    public void An_element_key_and_a_suffix_read_as_one_key_and_fingerprint()
    {
        var siteKey = string.Concat("server:", "results.example.nl:443");
        var finding = Finding.Create(Rule, At, $"{siteKey}/hsts", "message");

        finding.LogicalKey.ShouldBe("server:results.example.nl:443/hsts");
        finding.Fingerprint.ShouldBe("EA9912|web/nginx/sites-enabled/results.conf|server:results.example.nl:443/hsts");
        finding.WithSeverity(Severity.Error).LogicalKey.ShouldBe(finding.LogicalKey);
    }

    [Fact]
    public void Every_overload_takes_an_interpolated_key()
    {
        var key = "zone:example.nl.";
        Finding[] findings =
        [
            Finding.Create(Rule, At, $"{key}/unsigned", "message"),
            Finding.Create(Rule, At, $"{key}/unsigned", $"message {1}"),
            Finding.Create(Rule, Severity.Error, At, $"{key}/unsigned", [], "message"),
            Finding.Create(Rule, Severity.Error, At, $"{key}/unsigned", [], $"message {1}"),
        ];

        findings.Select(f => f.LogicalKey).ShouldAllBe(k => k == "zone:example.nl./unsigned");
        findings[1].Message.ShouldBe("message 1");
        findings[2].Severity.ShouldBe(Severity.Error);
    }

    [Fact]
    public void A_key_of_several_parts_keeps_strings_and_domain_names_and_formats_other_values_invariantly()
    {
        var owner = DomainName.Parse("www.example.nl.");
        var previous = CultureInfo.CurrentCulture;
        try
        {
            // A culture whose numbers differ from the invariant one must not change a key (baselines compare keys).
            var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            culture.NumberFormat.NumberDecimalSeparator = ",";
            culture.NumberFormat.NegativeSign = "~";
            CultureInfo.CurrentCulture = culture;
            var finding = Finding.Create(Rule, At, $"zone:example.nl./caa:{owner}/{Severity.Error}/{-1.5}/{7,3}/{0.25:0.00}/{"x".AsSpan()}/{null as string}", "message");

            finding.LogicalKey.ShouldBe("zone:example.nl./caa:www.example.nl./Error/-1.5/  7/0.25/x/");
            $"{-1.5}".ShouldBe("~1,5");
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void A_key_that_is_one_string_is_kept_as_that_string()
    {
        var key = string.Concat("descriptor", "/results");

        ReferenceEquals(Finding.Create(Rule, At, $"{key}", "message").LogicalKey, key).ShouldBeTrue();
        ReferenceEquals(Finding.Create(Rule, At, key, "message").LogicalKey, key).ShouldBeTrue();
        Finding.Create(Rule, At, $"{null as string}", "message").LogicalKey.ShouldBe(string.Empty);
    }

    [Fact]
    public void The_parts_are_joined_when_read_not_kept_joined()
    {
        var (site, block) = (string.Concat("server:a", ":443"), string.Concat("location ", "/"));
        var finding = Finding.Create(Rule, At, $"{site}/{block}/cache", "message");

        finding.LogicalKey.ShouldBe("server:a:443/location //cache");
        ReferenceEquals(finding.LogicalKey, finding.LogicalKey).ShouldBeFalse();
    }

    [Fact]
    public void A_null_string_key_is_refused()
    {
        Should.Throw<ArgumentNullException>(() => Finding.Create(Rule, At, (string)null!, "message"));
        Should.Throw<ArgumentNullException>(() => Finding.Create(Rule, Severity.Error, At, (string)null!, [], $"message {1}"));
    }
}
