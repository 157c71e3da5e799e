using ElectionAudit.Engine;

namespace ElectionAudit.Rules.Tests;

/// <summary>EA1017 reads the ACLs an allow-transfer or allow-update list names, as named does.</summary>
public class ZoneTransferAclTests
{
    private static List<string> Messages(string namedConf)
    {
        var files = new InMemoryFileSystem().Add("dns/named.conf", namedConf);
        var rule = BuiltInRules.All.Single(r => r.SupportedRules.Any(d => d.Id == "EA1017"));
        return [.. new AuditEngine([rule]).Analyze(files, [.. files.Paths]).Findings.Where(f => f.RuleId == "EA1017").Select(f => $"{f.Location.StartLine}:{f.Location.StartColumn} {f.Message}")];
    }

    [Fact]
    public void An_acl_that_admits_any_opens_transfers_and_is_named_in_the_message()
    {
        Messages("""
            acl EVERYONE { any; };
            acl "peers" { 192.0.2.0/24; "everyone"; };
            zone "results.example.nl" { type primary; file "db.results"; allow-transfer { key "xfr"; peers; }; };
            """).ShouldBe([
            "3:90 allow-transfer for zone results.example.nl. allows 'any' (through acl 'peers'): zone transfers are open to every host. Allow only TSIG keys: 'allow-transfer { key \"<name>\"; };'.",
        ]);
    }

    [Fact]
    public void An_acl_holding_a_key_authenticates_and_one_holding_addresses_does_not()
    {
        Messages("""
            acl secondaries { key "xfr"; };
            acl office { 10.20.0.0/16; };
            acl refused { !office; none; };
            zone "a.example.nl" { type primary; file "db.a"; allow-transfer { secondaries; }; allow-update { refused; }; };
            zone "b.example.nl" { type primary; file "db.b"; allow-transfer { office; }; };
            zone "c.example.nl" { type primary; file "db.c"; allow-transfer { undefined-acl; }; };
            """).ShouldBe([
            "5:50 allow-transfer for zone b.example.nl. authorises zone transfers by address only, with no TSIG key; addresses can be spoofed or shared. Require a key: 'allow-transfer { key \"<name>\"; };'.",
            "6:50 allow-transfer for zone c.example.nl. authorises zone transfers by address only, with no TSIG key; addresses can be spoofed or shared. Require a key: 'allow-transfer { key \"<name>\"; };'.",
        ]);
    }

    [Fact]
    public void Acls_naming_each_other_in_a_loop_end()
    {
        Messages("""
            acl one { two; };
            acl two { one; };
            zone "a.example.nl" { type primary; file "db.a"; allow-transfer { one; }; };
            """).Count.ShouldBe(1);
    }
}
