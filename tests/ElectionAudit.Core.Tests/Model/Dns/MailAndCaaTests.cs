using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Core.Tests.Model.Dns;

public class MailAndCaaTests
{
    private const string Head = "$TTL 1h\n@ IN SOA ns1 h 1 7200 3600 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.1\n";

    [Fact]
    public void Spf_terms_have_exact_source_spans_across_character_strings()
    {
        var model = DnsModelTestSupport.Build(("db.mail.example", "$ORIGIN mail.example.\n" + Head + "@ IN TXT \"v=spf1 ip4:192.0.2.0/24 \" \"include:_spf.mail.example ~all\"\n"));
        var spf = model.FindSpf(DomainName.Parse("mail.example."))!;
        spf.Terms.Select(t => (t.Kind, t.Qualifier, t.Argument)).ShouldBe(
        [
            (SpfTermKind.Ip4, (char?)'+', "192.0.2.0/24"),
            (SpfTermKind.Include, '+', "_spf.mail.example"),
            (SpfTermKind.All, '~', null),
        ]);
        var include = spf.LocationOf(spf.Terms[1]);
        (include.StartLine, include.StartColumn, include.EndColumn).ShouldBe((6, 38, 63));
        spf.Record.Tree.Source.ToString(include.Span).ShouldBe("include:_spf.mail.example");
    }

    [Fact]
    public void Lookup_count_follows_includes_and_redirects_in_the_scanned_zones()
    {
        var model = DnsModelTestSupport.Build(("db.mail.example", "$ORIGIN mail.example.\n" + Head
            + "@ IN TXT \"v=spf1 a mx include:_spf.mail.example include:spf.protection.outlook.com ip4:192.0.2.7 -all\"\n"
            + "_spf IN TXT \"v=spf1 exists:%{i}._ip.mail.example ptr include:_spf2.mail.example redirect=_spf3.mail.example\"\n"
            + "_spf2 IN TXT \"v=spf1 a:one.mail.example a:two.mail.example ~all redirect=_never.mail.example\"\n"
            + "_spf3 IN TXT \"v=spf1 mx -all\"\n"
            + "loop IN TXT \"v=spf1 include:loop.mail.example -all\"\n"));
        var count = model.CountSpfLookups(model.FindSpf(DomainName.Parse("mail.example."))!);

        // a, mx, include(_spf) → exists, ptr, include(_spf2) → a, a (its redirect is ignored: it has 'all') ; redirect(_spf3) → mx ; include(outlook)
        count.Lookups.Select(l => $"{l.Record.Domain.Labels[0]}:{l.Term.Name}").ShouldBe(
            ["mail:a", "mail:mx", "mail:include", "_spf:exists", "_spf:ptr", "_spf:include", "_spf2:a", "_spf2:a", "_spf:redirect", "_spf3:mx", "mail:include"]);
        count.Count.ShouldBe(11);
        count.IsExact.ShouldBeFalse();
        count.Unfollowed.Single().Reason.ShouldBe("no SPF record for 'spf.protection.outlook.com.' is in the scanned zones");

        var loop = model.CountSpfLookups(model.FindSpf(DomainName.Parse("loop.mail.example."))!);
        (loop.Count, loop.Unfollowed.Single().Reason).ShouldBe((1, "'loop.mail.example.' is already being evaluated (a loop, which is a permanent error)"));
    }

    [Theory]
    // RFC 7208 Appendix A.1: each of a, mx, ptr, include, exists and redirect costs one lookup; all, ip4 and ip6 none.
    [InlineData("v=spf1 +all", 0)]
    [InlineData("v=spf1 a -all", 1)]
    [InlineData("v=spf1 a:example.org -all", 1)]
    [InlineData("v=spf1 mx -all", 1)]
    [InlineData("v=spf1 mx:example.org -all", 1)]
    [InlineData("v=spf1 mx mx:example.org -all", 2)]
    [InlineData("v=spf1 mx/30 mx:example.org/30 -all", 2)]
    [InlineData("v=spf1 ptr -all", 1)]
    [InlineData("v=spf1 ip4:192.0.2.128/28 -all", 0)]
    // RFC 7208 Appendix A.2: two includes, whose targets are outside the scan (counted, not followed).
    [InlineData("v=spf1 include:example.com include:example.net -all", 2)]
    // §6.2: exp= is not a lookup toward the limit; §6.1: a redirect is ignored when the record has "all".
    [InlineData("v=spf1 mx exp=explain.mail.example -all", 1)]
    [InlineData("v=spf1 a ~all redirect=_one.mail.example", 1)]
    // Hand-made chains through the scanned zone.
    [InlineData("v=spf1 include:_one.mail.example -all", 3)]
    [InlineData("v=spf1 redirect=_one.mail.example", 3)]
    [InlineData("v=spf1 include:_two.mail.example include:_one.mail.example -all", 8)]
    [InlineData("v=spf1 exists:%{i}.bl.mail.example include:_two.mail.example ?all", 6)]
    public void Lookup_counts_follow_rfc_7208_section_4_6_4(string spf, int lookups)
    {
        var model = DnsModelTestSupport.Build(("db.mail.example", "$ORIGIN mail.example.\n" + Head
            + $"@ IN TXT \"{spf}\"\n"
            + "_one IN TXT \"v=spf1 a mx -all\"\n"                              // 1 (include or redirect) + a + mx
            + "_two IN TXT \"v=spf1 include:_one.mail.example ptr -all\"\n")); // 1 + (1 + 2) + ptr
        var count = model.CountSpfLookups(model.FindSpf(DomainName.Parse("mail.example."))!);
        count.Count.ShouldBe(lookups);
    }

    [Fact]
    public void Dmarc_tags_and_dkim_keys_are_parsed()
    {
        var model = DnsModelTestSupport.Build(("db.mail.example", "$ORIGIN mail.example.\n" + Head
            + "_dmarc IN TXT \"v=DMARC1; p=quarantine; sp=reject; pct=50; t=y; rua=mailto:a@mail.example,mailto:b@x.example; adkim=s\"\n"
            + "sel1._domainkey IN TXT \"v=DKIM1; k=rsa; p=MIIBIjANBg\"\nold._domainkey IN TXT \"v=DKIM1; p=\"\n"));
        var zone = model.Zones.Single();
        var dmarc = zone.DmarcRecordsFor(zone.Apex).Single();
        (dmarc.Domain.ToString(), dmarc.Policy!.Value, dmarc.SubdomainPolicy!.Value, dmarc.Percentage, dmarc.Testing!.Value, dmarc.DkimAlignment!.Value, dmarc.SpfAlignment).ShouldBe(("mail.example.", "quarantine", "reject", 50, "y", "s", (RecordTag?)null));
        dmarc.AggregateReportUris.ShouldBe(["mailto:a@mail.example", "mailto:b@x.example"]);
        dmarc.Record.Tree.Source.ToString(dmarc.LocationOf(dmarc.Policy).Span).ShouldBe("p=quarantine");
        zone.DkimSelectors(zone.Apex).ShouldBe(["sel1", "old"]);
        zone.DkimKeys("sel1", zone.Apex).Single().IsRevoked.ShouldBeFalse();
        zone.DkimKeys("old", zone.Apex).Single().IsRevoked.ShouldBeTrue();
    }

    [Fact]
    public void Caa_lookup_climbs_to_the_closest_set_and_follows_cnames_without_climbing_the_target()
    {
        var model = DnsModelTestSupport.Build(
            ("db.example.gov", "$ORIGIN example.gov.\n" + Head + "@ IN CAA 0 issue \"letsencrypt.org\"\nsub IN CAA 0 issue \"digicert.com\"\nalias IN CNAME www.other.example.\nout IN CNAME elsewhere.example.net.\n"),
            ("db.other.example", "$ORIGIN other.example.\n" + Head + "www IN A 192.0.2.4\n@ IN CAA 0 issue \"sectigo.com\"\nca.www IN CNAME x.other.example.\nx IN CAA 0 issue \"pki.goog\"\n"));
        Describe(model.FindCaa(DomainName.Parse("a.b.example.gov."))).ShouldBe("example.gov. letsencrypt.org");
        Describe(model.FindCaa(DomainName.Parse("host.sub.example.gov."))).ShouldBe("sub.example.gov. digicert.com");

        // alias → www.other.example has no CAA; the climb goes on at example.gov (the alias's parent), not at other.example.
        Describe(model.FindCaa(DomainName.Parse("alias.example.gov."))).ShouldBe("example.gov. letsencrypt.org");
        Describe(model.FindCaa(DomainName.Parse("ca.www.other.example."))).ShouldBe("ca.www.other.example. pki.goog");
        var outside = model.FindCaa(DomainName.Parse("out.example.gov."));
        (outside.Found, outside.LeftRepository).ShouldBe((false, true));
        var above = model.FindCaa(DomainName.Parse("unrelated.example.org."));
        (above.Found, above.LeftRepository).ShouldBe((false, true));
    }

    private static string Describe(CaaLookup lookup) => $"{lookup.FoundAt} {string.Join(",", lookup.Records.Select(r => ((CaaRecordData)r.Data).Value))}";
}
