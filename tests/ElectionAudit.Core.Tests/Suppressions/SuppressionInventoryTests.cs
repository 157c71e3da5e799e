using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Suppressions;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Suppressions;

/// <summary>
/// <see cref="Model.InfrastructureModel.Suppressions"/>: every suppression of the scan, read before the rules run, with
/// the exact place of its <c>until</c> date, so that a rule (EA7007) can judge the suppressions themselves.
/// </summary>
public class SuppressionInventoryTests
{
    private static string At(Location? location) =>
        location is null ? "-" : $"{location.Path}({location.StartLine},{location.StartColumn})-({location.EndLine},{location.EndColumn})";

    private static string Describe(Suppression s) =>
        $"{s.Kind} {string.Join(",", s.RuleIds)} until={s.Until?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "-"} at {At(s.Location)} until-at {At(s.UntilLocation)} why={s.Justification ?? "-"}";

    [Fact]
    public void The_model_holds_inline_comments_then_file_entries_with_where_each_until_is_written()
    {
        var files = new InMemoryFileSystem()
            .Add("nginx/nginx.conf", """
                events {}
                http {
                    server { # electionaudit-disable EA3005, ea3006 UNTIL=2026-09-01 -- the CDN sends them
                        # electionaudit-disable-next-line EA2001 -- no end date
                        ssl_protocols TLSv1 TLSv1.2;
                        # electionaudit-enable EA3005
                        # an ordinary comment that mentions until=2026-01-01
                    }
                }

                """)
            .Add(".electionaudit-suppressions.yml", """
                suppressions:
                  - rule: EA2002
                    path: nginx/*.conf
                    justification: Reviewed.
                    until: 2026-09-12
                  - rule: EA2003
                    path: nginx/*.conf
                  - rule: EA2004
                    until: 2026-01-01

                """);

        var result = new AuditEngine([]).Analyze(files, ["nginx/nginx.conf"], AuditConfiguration.Default with { AsOf = new DateOnly(2026, 6, 1) });

        // The entry without a path is invalid (EA0005) and not a suppression; the enable comment suppresses nothing.
        result.Model.Suppressions.Select(Describe).ShouldBe(
        [
            "Region EA3005,EA3006 until=2026-09-01 at nginx/nginx.conf(3,14)-(3,91) until-at nginx/nginx.conf(3,53)-(3,69) why=the CDN sends them",
            "NextLine EA2001 until=- at nginx/nginx.conf(4,9)-(4,64) until-at - why=no end date",
            "File EA2002 until=2026-09-12 at .electionaudit-suppressions.yml(2,5)-(5,22) until-at .electionaudit-suppressions.yml(5,12)-(5,22) why=Reviewed.",
            "File EA2003 until=- at .electionaudit-suppressions.yml(6,5)-(7,23) until-at - why=-",
        ]);
    }

    [Fact]
    public void Collect_keeps_expired_suppressions_and_names_unknown_rules_as_written()
    {
        var source = new SourceText("zone/db.example", "; electionaudit-disable-next-line EA9999 until=2020-01-01\n@ IN A 192.0.2.1\n");
        var tree = ElectionAudit.Syntax.Zone.ZoneParser.Parse(source);

        var collected = SuppressionApplier.Collect([tree], SuppressionFile.Empty);

        collected.Select(Describe).ShouldBe(["NextLine EA9999 until=2020-01-01 at zone/db.example(1,1)-(1,58) until-at zone/db.example(1,42)-(1,58) why=-"]);
    }
}
