using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Core.Tests.Model.Dns;

public class ZoneBindingTests
{
    private const string RelativeZone = "$TTL 3600\n@ IN SOA ns1 hostmaster 1 7200 3600 1209600 3600\n  IN NS ns1\nns1 IN A 192.0.2.1\nwww IN A 192.0.2.2\n";

    [Fact]
    public void Named_conf_zone_statement_gives_the_origin_over_file_name_and_descriptor()
    {
        var model = DnsModelTestSupport.Build(
            ("bind/named.conf", "zone \"elections.example\" {\n  type primary;\n  file \"zones/db.example\";\n};\n"),
            ("bind/zones/db.example", RelativeZone),
            ("election.yml", "version: 1\nelection:\n  name: E\n  date: 2027-03-17\ndns:\n  zones:\n    - name: other.example\n      file: bind/zones/db.example\n"));
        var zone = model.Zones.Single();
        zone.Apex.ShouldBe(DomainName.Parse("elections.example."));
        zone.OriginSource.ShouldBe(ZoneOriginSource.NamedConf);
        zone.OriginEvidence!.Path.ShouldBe("bind/named.conf");
        zone.OriginEvidence.StartLine.ShouldBe(1);
        zone.GetRecords(DomainName.Parse("www.elections.example."), DnsRecordType.A).Count().ShouldBe(1);
        zone.ApexNameServers.Single().Addresses.Single().ToString().ShouldBe("ns1.elections.example. 3600 IN A 192.0.2.1");
        var named = model.NamedConfZones.Single();
        named.ZoneFile.ShouldBeSameAs(zone);
        named.Type.ShouldBe("primary");
        zone.DescriptorEntry!.GetText("file")!.Value.ShouldBe("bind/zones/db.example");
    }

    [Theory]
    // Each owner's records together: the zone groups them in load order.
    [InlineData("$ORIGIN example.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\nns1 AAAA 2001:db8::1\nwww A 192.0.2.2\nwww TXT \"w\"\n")]
    // An owner's records apart (ns1, www, ns1 again, and the apex after both): the zone regroups them.
    [InlineData("$ORIGIN example.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\nns1 A 192.0.2.1\nwww A 192.0.2.2\nns1 AAAA 2001:db8::1\n@ NS ns1\nwww TXT \"w\"\n")]
    public void Records_are_found_by_owner_whether_or_not_the_file_keeps_each_owners_records_together(string text)
    {
        var model = DnsModelTestSupport.Build(("db.example", text));
        var zone = model.Zones.Single();
        string[] Of(string owner) => [.. zone.GetRecords(DomainName.Parse(owner)).Select(r => $"{r.Type} {r.Data}")];

        zone.Owners.Select(o => o.ToString()).ShouldBe(["example.", "ns1.example.", "www.example."]);
        Of("example.").ShouldBe(["SOA ns1.example. h.example. 1 2 3 4 5", "NS ns1.example."]);
        Of("ns1.example.").ShouldBe(["A 192.0.2.1", "AAAA 2001:db8::1"]);
        Of("www.example.").ShouldBe(["A 192.0.2.2", "TXT \"w\""]);
        Of("nowhere.example.").ShouldBeEmpty();
        zone.GetRecords(DomainName.Parse("ns1.example."), DnsRecordType.AAAA).Single().Data.ToString().ShouldBe("2001:db8::1");
        zone.AllRecords.Select(r => r.Span.Start).ShouldBeInOrder();
    }

    [Fact]
    public void Records_of_given_types_are_the_records_filtered_by_type_in_load_order()
    {
        var model = DnsModelTestSupport.Build(("db.example",
            "$ORIGIN example.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\nns1 A 192.0.2.1\nwww A 192.0.2.2\nns1 AAAA 2001:db8::1\n@ NS ns1\nwww TXT \"w\"\n"
            + "mail MX 10 www\n@ NS ns2\nns2 A 192.0.2.3\nold CNAME www\n"));
        var zone = model.Zones.Single();
        string[] Of(params DnsRecordType[] types) => [.. zone.RecordsOfType(types).Select(r => $"{r.Owner} {r.Type} {r.Data}")];

        Of(DnsRecordType.A).ShouldBe(["ns1.example. A 192.0.2.1", "www.example. A 192.0.2.2", "ns2.example. A 192.0.2.3"]);
        Of(DnsRecordType.A, DnsRecordType.AAAA).ShouldBe(["ns1.example. A 192.0.2.1", "www.example. A 192.0.2.2", "ns1.example. AAAA 2001:db8::1", "ns2.example. A 192.0.2.3"]);
        Of(DnsRecordType.NS, DnsRecordType.MX, DnsRecordType.CNAME).ShouldBe(["example. NS ns1.example.", "mail.example. MX 10 www.example.", "example. NS ns2.example.", "old.example. CNAME www.example."]);
        Of(DnsRecordType.SOA).ShouldBe(["example. SOA ns1.example. h.example. 1 2 3 4 5"]);
        Of(DnsRecordType.CAA).ShouldBeEmpty();
        Of().ShouldBeEmpty();
        foreach (var types in new[] { [DnsRecordType.A], [DnsRecordType.TXT, DnsRecordType.AAAA], [DnsRecordType.NS, DnsRecordType.MX, DnsRecordType.SRV, DnsRecordType.CNAME, DnsRecordType.TXT, DnsRecordType.SOA, DnsRecordType.A, DnsRecordType.AAAA, DnsRecordType.CAA], new[] { DnsRecordType.RRSIG } })
        {
            zone.RecordsOfType(types).ShouldBe(zone.AllRecords.Where(r => types.Contains(r.Type)));
        }
    }

    [Theory]
    [InlineData("example.org", "example.org.")]
    [InlineData("example.org.", "example.org.")]
    [InlineData("  Results.Example.NL\t", "results.example.nl.")]
    [InlineData(".", ".")]
    [InlineData("@", "\\@.")]
    [InlineData("@.", "\\@.")]
    [InlineData("\\065bc.example", "abc.example.")]
    [InlineData("a\\.b", "a\\.b.")]
    [InlineData("bücher.example", "b\\195\\188cher.example.")]
    [InlineData("", null)]
    [InlineData("   ", null)]
    [InlineData("a..b", null)]
    [InlineData("..", null)]
    [InlineData("a\\", null)]
    [InlineData("a\\.", null)]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123.example", null)]
    public void A_host_reads_as_the_absolute_name_with_its_final_dot(string host, string? expected)
    {
        DnsModel.TryParseHost(host)?.ToString().ShouldBe(expected);
        (DnsModel.TryParseHost(host) is null).ShouldBe(expected is null);

        // The reading it replaces: the text with a final dot added when it has none, parsed as an absolute name.
        var text = host.Trim();
        var before = text.Length > 0 && DomainName.TryParse(text.EndsWith('.') ? text : text + ".", null, out var name, out _) ? name : null;
        DnsModel.TryParseHost(host).ShouldBe(before);
    }

    [Fact]
    public void A_zone_reloaded_under_a_declared_origin_reads_the_text_the_scan_holds_not_a_copy()
    {
        var fileSystem = new ElectionAudit.Engine.InMemoryFileSystem()
            .Add("bind/named.conf", "zone \"elections.example\" {\n  type primary;\n  file \"zones/db.example\";\n};\n")
            .Add("bind/zones/db.example", RelativeZone);

        var result = new ElectionAudit.Engine.AuditEngine([]).Analyze(fileSystem, [.. fileSystem.Paths], maxDegreeOfParallelism: 1);

        var zone = result.Model.Dns.Zones.Single();
        zone.OriginSource.ShouldBe(ZoneOriginSource.NamedConf);
        zone.AllRecords.Select(r => r.Tree.Source).Distinct().ShouldHaveSingleItem().ShouldBeSameAs(result.Sources["bind/zones/db.example"]);
    }

    [Fact]
    public void Absolute_named_conf_paths_match_the_longest_trailing_path()
    {
        var model = DnsModelTestSupport.Build(
            ("named.conf", "zone \"a.example\" { type master; file \"/etc/bind/zones/db.x\"; };\n"),
            ("dns/zones/db.x", RelativeZone),
            ("old/db.x", RelativeZone));
        var zones = model.Zones.OrderBy(z => z.Path, StringComparer.Ordinal).ToList();
        zones.Select(z => (z.Path, z.Apex.ToString(), z.OriginSource)).ShouldBe(
        [
            ("dns/zones/db.x", "a.example.", ZoneOriginSource.NamedConf),
            ("old/db.x", ".", ZoneOriginSource.Unknown),
        ]);
    }

    [Fact]
    public void Descriptor_file_then_origin_directive_then_soa_owner_then_file_name()
    {
        var model = DnsModelTestSupport.Build(
            ("election.yml", "version: 1\nelection:\n  name: E\n  date: 2027-03-17\ndns:\n  zones:\n    - name: declared.example\n      file: zones/declared.zone\n"),
            ("zones/declared.zone", RelativeZone),
            ("zones/origin.zone", "$ORIGIN origin.example.\n" + RelativeZone),
            ("zones/soa.zone", "$TTL 1h\nsoa.example. IN SOA ns1.soa.example. h.soa.example. 1 7200 3600 1209600 3600\n"),
            ("zones/db.byname.example", RelativeZone));
        model.Zones.Select(z => (z.Path, z.Apex.ToString(), z.OriginSource)).ShouldBe(
        [
            ("zones/db.byname.example", "byname.example.", ZoneOriginSource.FileName),
            ("zones/declared.zone", "declared.example.", ZoneOriginSource.Descriptor),
            ("zones/origin.zone", "origin.example.", ZoneOriginSource.OriginDirective),
            ("zones/soa.zone", "soa.example.", ZoneOriginSource.SoaOwner),
        ]);
        model.Zones[1].OriginEvidence!.Path.ShouldBe("election.yml");
        model.Zones[1].OriginEvidence!.StartLine.ShouldBe(7);
    }

    [Fact]
    public void Included_files_are_part_of_their_zone_not_zones_of_their_own()
    {
        var model = DnsModelTestSupport.Build(
            ("db.inc.example", "$TTL 1h\n$ORIGIN inc.example.\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n$INCLUDE keys.zone\nwww IN A 192.0.2.9\n"),
            ("keys.zone", "$TTL 1h\n@ IN NS ns1\nns1 IN A 192.0.2.8\n"));
        var zone = model.Zones.Single();
        zone.Path.ShouldBe("db.inc.example");
        zone.Trees.Select(t => t.Source.Path).ShouldBe(["db.inc.example", "keys.zone"]);
        zone.AllRecords.Select(r => r.Type.Mnemonic).ShouldBe(["SOA", "NS", "A", "A"]);
        zone.ApexNameServers.Single().Record.Tree.Source.Path.ShouldBe("keys.zone");
    }

    [Fact]
    public void Glue_goes_to_the_one_delegation_above_it_at_any_depth()
    {
        // Delegations two, three and 69 labels deep (the last past the 63 depths the zone tells apart), an NS owner below a
        // delegation (not a delegation of its own), and address records at, below and beside each.
        var deep = "deep." + string.Concat(Enumerable.Repeat("l.", 66)) + "d";
        var zone = DnsModelTestSupport.Build(("example.zone", "$ORIGIN example.\n$TTL 1h\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"
            + "a IN NS ns.a\nns.a IN A 192.0.2.2\nx.y.a IN A 192.0.2.3\nsub.a IN NS ns.sub.a\nns.sub.a IN A 192.0.2.4\n"
            + "b.c IN NS ns.b.c\nns.b.c IN AAAA 2001:db8::5\nc IN A 192.0.2.6\nother.c IN A 192.0.2.7\n"
            + $"{deep} IN NS ns.{deep}\nns.{deep} IN A 192.0.2.8\nx.l.d IN A 192.0.2.9\n")).Zones.Single();
        zone.Delegations.Select(d => (d.Name.LabelCount, d.Name.Labels[0], string.Join(" ", d.Glue.Select(g => $"{g.Owner.Labels[0]}/{g.Owner.LabelCount}")))).ShouldBe(
        [
            (2, "a", "ns/3 x/4 ns/4"),
            (3, "b", "ns/4"),
            (69, "deep", "ns/70"),
        ]);
    }

    [Fact]
    public void Delegations_DS_in_parent_and_cname_chains_are_bound_across_zones()
    {
        var model = DnsModelTestSupport.Build(
            ("example.zone", "$ORIGIN example.\n$TTL 1h\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n"
                + "child IN NS ns.child\nchild IN DS 60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118\nns.child IN A 192.0.2.53\n"
                + "alias IN CNAME www.child\nloop1 IN CNAME loop2\nloop2 IN CNAME loop1\nout IN CNAME site.github.io.\n"),
            ("child.zone", "$ORIGIN child.example.\n$TTL 1h\n@ IN SOA ns h 1 7200 3600 1209600 3600\n@ IN NS ns\nns IN A 192.0.2.53\nwww IN A 192.0.2.80\n"));
        var parent = model.Zones.Single(z => z.Apex == DomainName.Parse("example."));
        var child = model.Zones.Single(z => z.Apex == DomainName.Parse("child.example."));
        parent.Delegations.Single().Name.ShouldBe(child.Apex);
        parent.Delegations.Single().Glue.Single().ToString().ShouldBe("ns.child.example. 3600 IN A 192.0.2.53");
        child.ParentZone.ShouldBeSameAs(parent);
        child.ParentDelegation!.DelegationSignerRecords.Length.ShouldBe(1);
        parent.IsAuthoritativeFor(DomainName.Parse("www.child.example.")).ShouldBeFalse();
        model.FindAuthoritativeZone(DomainName.Parse("www.child.example.")).ShouldBeSameAs(child);

        var chain = model.ResolveCname(DomainName.Parse("alias.example."));
        (chain.Target.ToString(), chain.Steps.Length, chain.IsLoop, chain.LeavesRepository).ShouldBe(("www.child.example.", 1, false, false));
        model.ResolveCname(DomainName.Parse("loop1.example.")).IsLoop.ShouldBeTrue();
        var outside = model.ResolveCname(DomainName.Parse("out.example."));
        (outside.Target.ToString(), outside.LeavesRepository).ShouldBe(("site.github.io.", true));
    }
}
