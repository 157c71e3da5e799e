using ElectionAudit.Engine;

namespace ElectionAudit.Rules.Tests;

/// <summary>
/// EA6010's zone half words each finding with the record's type and the zone ("A record in zone elections.example."),
/// made once per zone and type and shared by the zone's findings; this holds every message to its exact text.
/// </summary>
public class InventoryRuleTests
{
    [Fact]
    public void EA6010_words_each_unlisted_owner_with_its_record_type_and_zone()
    {
        const string Zone = """
            $ORIGIN elections.example.
            $TTL 3600
            @ IN SOA ns1.dns-a.example.net. hostmaster.elections.example. 2027031701 86400 7200 1209600 3600
            @ IN NS ns1.dns-a.example.net.
            results IN A 198.51.100.10
            old IN TXT "first an unrelated record"
            old IN A 192.0.2.99
            v6only IN AAAA 2001:db8::99
            spare IN A 192.0.2.98
            spare IN AAAA 2001:db8::98
            box.lab IN A 192.0.2.50
            lab IN A 192.0.2.51
            *.wild IN A 192.0.2.52
            text IN TXT "no address"
            """;
        const string Other = """
            $ORIGIN other-elections.example.
            $TTL 3600
            @ IN SOA ns1.dns-a.example.net. hostmaster.other-elections.example. 2027031701 86400 7200 1209600 3600
            @ IN NS ns1.dns-a.example.net.
            ipv6 IN AAAA 2001:db8::1
            ipv4 IN A 192.0.2.1
            """;
        const string Descriptor = """
            version: 1
            election:
              name: Municipal council election 2027
              date: 2027-03-17
            sites:
              - name: results
                role: results
                hosts: [results.elections.example, other-elections.example]
            assets:
              - name: lab
                role: other
                hosts: ["*.lab.elections.example"]
            """;
        var fileSystem = new InMemoryFileSystem()
            .Add("db.elections.example", Zone)
            .Add("db.other-elections.example", Other)
            .Add("election.yml", Descriptor);
        var rule = BuiltInRules.All.Single(r => r.SupportedRules.Any(d => d.Id == "EA6010"));
        var findings = new AuditEngine([rule]).Analyze(fileSystem, [.. fileSystem.Paths], null, 1).Findings.Where(f => f.RuleId == "EA6010").ToList();
        const string End = " is not in the election infrastructure descriptor's inventory. Add it to 'assets[].hosts' (or the site that serves it), or remove it if nobody maintains it: unlisted hosts miss patches, monitoring and the pre-election review.";
        findings.Select(f => (f.Location.Path, f.Location.StartLine, f.Message)).ShouldBe([
            ("db.elections.example", 7, "Host old.elections.example (A record in zone elections.example.)" + End),
            ("db.elections.example", 8, "Host v6only.elections.example (AAAA record in zone elections.example.)" + End),
            ("db.elections.example", 9, "Host spare.elections.example (A record in zone elections.example.)" + End),
            ("db.elections.example", 12, "Host lab.elections.example (A record in zone elections.example.)" + End),
            ("db.other-elections.example", 5, "Host ipv6.other-elections.example (AAAA record in zone other-elections.example.)" + End),
            ("db.other-elections.example", 6, "Host ipv4.other-elections.example (A record in zone other-elections.example.)" + End),
        ]);
    }
}
