using System.Globalization;
using System.Text;
using ElectionAudit.Engine;
using ElectionAudit.Model.Dns;
using ElectionAudit.Rules.CrossInfrastructure;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// EA7004's index of a zone's owners gives, for any name, the owners below it in the zone's order: checked against a
/// walk over every owner, for a small zone and for one large enough that sparse runs are sorted and dense ones marked
/// in a rented bit set.
/// </summary>
public class EA7004OwnerIndexTests
{
    private const string ZoneHead = "$ORIGIN election.example.\n$TTL 3600\n@ IN SOA ns1.example. hostmaster 1 3600 900 1209600 300\n@ IN NS ns1.example.\n";

    [Fact]
    public void A_small_zone_gives_the_owners_below_every_name_in_zone_order()
    {
        // Owners written out of canonical order, in capitals, several labels deep, as wildcards, with an octet above ASCII
        // and outside the zone.
        var zone = Load(ZoneHead + """
            @ IN A 192.0.2.80
            Zeta IN A 192.0.2.1
            legacy IN A 192.0.2.81
            deep.sub IN A 192.0.2.83
            a.b.c.sub IN A 192.0.2.84
            _dmarc IN TXT "v=DMARC1; p=reject"
            *.wild IN A 192.0.2.85
            x.wild IN A 192.0.2.86
            \200.sub IN A 192.0.2.87
            Deep.Sub IN AAAA 2001:db8::83
            sub IN A 192.0.2.88
            subway IN A 192.0.2.89
            out.of.zone.example. IN A 192.0.2.99
            """);

        var below = Below(zone, "sub.election.example.");
        below.ShouldBe(["deep.sub.election.example.", "a.b.c.sub.election.example.", "\\200.sub.election.example."]);
        Below(zone, "election.example.").Count.ShouldBe(zone.Owners.Count() - 2); // all but the apex and out.of.zone.example.
        Below(zone, "wild.election.example.").ShouldBe(["*.wild.election.example.", "x.wild.election.example."]);
        Below(zone, "example.").ShouldBe(["election.example."]); // above the apex: one label down only
        Below(zone, "nowhere.election.example.").ShouldBeEmpty();
        AgreesWithAWalkForEveryName(zone);
    }

    [Fact]
    public void A_large_zone_gives_the_same_owners_whether_a_run_is_sorted_or_marked()
    {
        // 9,000 hosts take the zone past the bit set kept on the stack: the apex's run (every owner) is marked in a
        // rented set, the few hosts under "few" are sorted back into the order they were written in (not canonical order).
        var text = new StringBuilder(ZoneHead);
        string[] few = ["z.few", "a.few", "m.few", "deep.b.few"];
        for (int i = 8999; i >= 0; i--)
        {
            text.Append(CultureInfo.InvariantCulture, $"h{i}.g{i % 7} IN A 192.0.2.{i % 250}\n");
            if (i % 2000 == 0)
            {
                text.Append(CultureInfo.InvariantCulture, $"{few[i / 2000 % few.Length]} IN A 192.0.2.3\n");
            }
        }

        text.Append("deep.h17.g3 IN A 192.0.2.1\n*.g5 IN A 192.0.2.2\n");
        var zone = Load(text.ToString());

        Below(zone, "few.election.example.").ShouldBe(["z.few.election.example.", "deep.b.few.election.example.", "m.few.election.example.", "a.few.election.example."]);
        Below(zone, "h17.g3.election.example.").ShouldBe(["deep.h17.g3.election.example."]);
        var dense = Below(zone, "g3.election.example.");
        dense.Count.ShouldBe(1286 + 1);
        dense[0].ShouldBe("h8998.g3.election.example."); // the zone's order: written from h8999 down
        dense[^1].ShouldBe("deep.h17.g3.election.example.");
        Below(zone, "election.example.").Count.ShouldBe(zone.Owners.Count() - 1);
        AgreesWithAWalkForEveryName(zone);
    }

    private static void AgreesWithAWalkForEveryName(DnsZone zone)
    {
        var index = EA7004HstsIncludeSubDomainsLocksOutHttpOnlySubdomains.OwnerIndex.Create(zone);
        var owners = zone.Owners.ToList();
        var names = owners.SelectMany(o => new[] { o, o.Parent, o.Parent.Parent }).Append(DomainName.Parse("other.example.")).Distinct().ToList();
        int apexLabels = zone.Apex.LabelCount;
        var below = new List<DomainName>();
        foreach (var name in names)
        {
            below.Clear();
            index.AddBelow(name, below);
            var walked = owners.Where(o => o.LabelCount > name.LabelCount && o.IsSubdomainOf(name)
                && (name.LabelCount >= apexLabels || name.LabelCount == o.LabelCount - 1));
            below.ShouldBe(walked, name.ToString());
        }
    }

    private static List<string> Below(DnsZone zone, string name)
    {
        var below = new List<DomainName>();
        EA7004HstsIncludeSubDomainsLocksOutHttpOnlySubdomains.OwnerIndex.Create(zone).AddBelow(DomainName.Parse(name), below);
        return [.. below.Select(n => n.ToString())];
    }

    private static DnsZone Load(string text)
    {
        var fileSystem = new InMemoryFileSystem().Add("dns/db.election.example", text);
        return new AuditEngine([]).Analyze(fileSystem, [.. fileSystem.Paths], maxDegreeOfParallelism: 1).Model.Dns.Zones.Single();
    }
}
