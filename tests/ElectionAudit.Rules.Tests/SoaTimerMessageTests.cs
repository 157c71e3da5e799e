using ElectionAudit.Engine;
using ElectionAudit.Rules.Dns;

namespace ElectionAudit.Rules.Tests;

/// <summary>EA1013's wording: the 2-week floor is the catalog's, and RIPE-203's own expire value is named as such.</summary>
public class SoaTimerMessageTests
{
    [Fact]
    public void A_short_expire_names_the_floor_and_RIPE_203_s_recommendation_apart()
    {
        var files = new InMemoryFileSystem().Add("dns/db.results.example.nl", """
            $ORIGIN results.example.nl.
            $TTL 3600
            @ IN SOA ns1 hostmaster 2027031701 86400 7200 604800 3600
            @ IN NS ns1
            ns1 IN A 192.0.2.53
            """);
        var finding = new AuditEngine([new EA1013SoaTimersOutsideSafeRange()]).Analyze(files, [.. files.Paths]).Findings
            .Where(f => f.RuleId == "EA1013").ShouldHaveSingleItem();

        finding.Message.ShouldBe("SOA expire of results.example.nl. is 604800 s; below 1209600 s (2 weeks) secondaries stop serving the zone soon after the primary becomes unreachable. RIPE-203 recommends 3600000 s (1000 hours).");
        finding.Location.ToString().ShouldBe("dns/db.results.example.nl(3,47,3,53)");
    }
}
