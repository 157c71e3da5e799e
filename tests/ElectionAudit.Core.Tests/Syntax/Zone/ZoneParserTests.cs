using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Zone;

public class ZoneParserTests
{
    private static readonly DomainName Example = DomainName.Parse("example.");

    private static ZoneSyntaxTree Parse(string text) => ZoneParser.Parse(new SourceText("db.example", text), Example);

    [Fact]
    public void Parentheses_span_lines_and_the_record_span_covers_the_closing_parenthesis()
    {
        var text = "$TTL 1h30m\n@ IN SOA ns hostmaster (\n  1 ; serial\n  2h 15M 1W2d 300 )\n";
        var tree = Parse(text);
        tree.Diagnostics.ShouldBeEmpty();
        var soa = tree.Records.ShouldHaveSingleItem();
        soa.ToString().ShouldBe("example. 5400 IN SOA ns.example. hostmaster.example. 1 7200 900 777600 300");
        soa.TtlSource.ShouldBe(ZoneTtlSource.TtlDirective);
        text[soa.Span.Start..soa.Span.End].ShouldBe("@ IN SOA ns hostmaster (\n  1 ; serial\n  2h 15M 1W2d 300 )");
        text[soa.TypeSpan.Start..soa.TypeSpan.End].ShouldBe("SOA");
        text[soa.RdataSpan.Start..soa.RdataSpan.End].ShouldBe("ns hostmaster (\n  1 ; serial\n  2h 15M 1W2d 300");
        tree.Comments.ShouldHaveSingleItem().Text.ShouldBe("; serial");
    }

    [Fact]
    public void Omitted_owner_ttl_and_class_follow_bind()
    {
        var tree = Parse("@ 300 IN SOA ns h 1 2 3 4 5\n NS ns\nwww CH 60 A 192.0.2.1\n\tA 192.0.2.2\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.Records.Select(r => r.ToString()).ShouldBe([
            "example. 300 IN SOA ns.example. h.example. 1 2 3 4 5",
            "example. 300 IN NS ns.example.",
            "www.example. 60 CH A 192.0.2.1",
            "www.example. 60 IN A 192.0.2.2",
        ]);
        tree.Records[1].OwnerSpan.ShouldBeNull();
        tree.Records[1].TtlSource.ShouldBe(ZoneTtlSource.PreviousRecord);
    }

    [Fact]
    public void Soa_minimum_is_the_ttl_when_nothing_else_gives_one()
    {
        var tree = Parse("@ SOA ns h 1 2 3 4 55\n");
        tree.Records[0].Ttl.ShouldBe(55u);
        tree.Records[0].TtlSource.ShouldBe(ZoneTtlSource.SoaMinimum);
    }

    [Fact]
    public void Escapes_in_names_and_strings_are_decoded()
    {
        var tree = Parse("a\\.b\\065 TXT \"say \\\"hi\\\"\" plain \\059x\n");
        tree.Diagnostics.ShouldBeEmpty();
        var record = tree.Records.ShouldHaveSingleItem();
        record.Owner.Labels[0].ShouldBe("a.bA");
        record.Owner.ToString().ShouldBe("a\\.ba.example.");
        ((TextRecordData)record.Data).Strings.ShouldBe(["say \"hi\"", "plain", ";x"]);
        record.Owner.ShouldBe(DomainName.Parse("A\\.BA.EXAMPLE."));
    }

    [Fact]
    public void Generic_rdata_and_type_numbers_are_read()
    {
        var tree = Parse("x TYPE65280 \\# 3 0a0B0c\ny CLASS1 TYPE1 \\# 4 C0000201\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.Records.Select(r => r.ToString()).ShouldBe(["x.example. 0 IN TYPE65280 \\# 3 0A0B0C", "y.example. 0 IN A \\# 4 C0000201"]);
    }

    [Fact]
    public void Caa_and_svcb_parameters_are_typed()
    {
        var tree = Parse("@ 60 CAA 128 issue \"letsencrypt.org; validationmethods=dns-01\"\n@ 60 HTTPS 1 . alpn=\"h2,h3\" port=8443 mandatory=port,alpn\n");
        tree.Diagnostics.ShouldBeEmpty();
        var caa = (CaaRecordData)tree.Records[0].Data;
        (caa.IsCritical, caa.Tag, caa.Value).ShouldBe((true, "issue", "letsencrypt.org; validationmethods=dns-01"));
        var https = (ServiceBindingRecordData)tree.Records[1].Data;
        https.Parameters.Select(p => (p.Key, p.Value)).ShouldBe([("mandatory", "alpn,port"), ("alpn", "h2,h3"), ("port", "8443")]);
    }

    [Fact]
    public void Generate_expands_with_modifiers()
    {
        var tree = Parse("$TTL 60\n$GENERATE 1-3/2 host-${10,3,d} A 10.0.0.$\n$GENERATE 1024-1024 ${0,3,n} PTR h$$.\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.Records.Select(r => r.ToString()).ShouldBe([
            "host-011.example. 60 IN A 10.0.0.1",
            "host-013.example. 60 IN A 10.0.0.3",
            "0.0.4.example. 60 IN PTR h\\$.", // "$" is escaped in canonical names, as BIND prints it
        ]);
        tree.Records[0].Generator.ShouldNotBeNull();
    }

    [Fact]
    public void Part_spans_are_kept_exactly_whether_they_fit_in_a_byte_or_not()
    {
        // A record keeps its parts' spans as a byte of offset and a byte of length; an owner written longer than 255
        // characters, or record data ending far from the record's end, keeps them whole. Both must give the spans read.
        var longOwner = string.Concat(Enumerable.Repeat("\\097", 63)) + "." + string.Concat(Enumerable.Repeat("\\098", 20));
        var text = "short 300 IN TXT \"a\"\n"
            + longOwner + " 300 IN TXT \"b\"\n"
            + "gap TXT ( \"c\"" + new string(' ', 300) + ")\n"
            + "\tCH A 192.0.2.1\n";
        var tree = Parse(text);
        tree.Diagnostics.ShouldBeEmpty();
        tree.Records.Length.ShouldBe(4);
        string At(TextSpan? span) => text[span!.Value.Start..span.Value.End];
        foreach (var record in tree.Records.Take(2))
        {
            At(record.TtlSpan).ShouldBe("300");
            At(record.ClassSpan).ShouldBe("IN");
            At(record.TypeSpan).ShouldBe("TXT");
        }

        At(tree.Records[0].OwnerSpan).ShouldBe("short");
        At(tree.Records[0].RdataSpan).ShouldBe("\"a\"");
        At(tree.Records[1].OwnerSpan).ShouldBe(longOwner);
        At(tree.Records[1].RdataSpan).ShouldBe("\"b\"");
        tree.Records[1].Owner.Labels[0].ShouldBe(new string('a', 63));
        At(tree.Records[2].OwnerSpan).ShouldBe("gap");
        tree.Records[2].TtlSpan.ShouldBeNull();
        tree.Records[2].ClassSpan.ShouldBeNull();
        At(tree.Records[2].RdataSpan).ShouldBe("\"c\"");
        At(tree.Records[2].Span).ShouldEndWith(")");
        tree.Records[3].OwnerSpan.ShouldBeNull();
        At(tree.Records[3].ClassSpan).ShouldBe("CH");
        At(tree.Records[3].TypeSpan).ShouldBe("A");
        At(tree.Records[3].RdataSpan).ShouldBe("192.0.2.1");
    }

    [Fact]
    public void Generated_records_keep_the_spans_of_their_directive()
    {
        var text = "$GENERATE 1-2 host-$ 60 IN A 10.0.0.$\n";
        var tree = Parse(text);
        tree.Diagnostics.ShouldBeEmpty();
        foreach (var record in tree.Records)
        {
            text[record.OwnerSpan!.Value.Start..record.OwnerSpan.Value.End].ShouldBe("host-$");
            text[record.TtlSpan!.Value.Start..record.TtlSpan.Value.End].ShouldBe("60");
            text[record.ClassSpan!.Value.Start..record.ClassSpan.Value.End].ShouldBe("IN");
            text[record.TypeSpan.Start..record.TypeSpan.End].ShouldBe("A");
            text[record.RdataSpan.Start..record.RdataSpan.End].ShouldBe("10.0.0.$");
        }

        tree.Records.Select(r => r.RdataText).ShouldBe(["10.0.0.1", "10.0.0.2"]);
    }

    [Fact]
    public void Comments_and_texts_that_repeat_across_zones_share_their_string()
    {
        const string Zone = "@ IN SOA ns h ( 1 ; serial\n 2 3 4 5 )\n@ TXT \"v=spf1 -all\"\n@ CAA 0 issue \"letsencrypt.org\"\n";
        var first = Parse(Zone);
        var second = ZoneParser.Parse(new SourceText("db.other", Zone), DomainName.Parse("other."));
        ReferenceEquals(first.Comments.Single().Text, second.Comments.Single().Text).ShouldBeTrue();
        var firstText = (TextRecordData)first.Records[1].Data;
        firstText.Strings.ShouldBe(["v=spf1 -all"]);
        ReferenceEquals(firstText.Strings[0], ((TextRecordData)second.Records[1].Data).Strings[0]).ShouldBeTrue();
        var firstCaa = (CaaRecordData)first.Records[2].Data;
        var secondCaa = (CaaRecordData)second.Records[2].Data;
        (firstCaa.Tag, firstCaa.Value).ShouldBe(("issue", "letsencrypt.org"));
        ReferenceEquals(firstCaa.Tag, secondCaa.Tag).ShouldBeTrue();
        ReferenceEquals(firstCaa.Value, secondCaa.Value).ShouldBeTrue();
    }

    [Fact]
    public void A_zone_without_includes_has_its_files_records_and_one_with_includes_collects_them()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("db.plain", "@ SOA ns h 1 2 3 4 5\nwww A 192.0.2.1\n")
            .Add("db.main", "@ SOA ns h 1 2 3 4 5\n$INCLUDE part.inc\nz A 192.0.2.3\n")
            .Add("part.inc", "y A 192.0.2.2\n");
        var loader = new ZoneFileLoader(fileSystem);
        var plain = loader.Load("db.plain", Example);
        plain.Records.ShouldBe(plain.Trees.Single().Records);
        (plain.Records == plain.Trees.Single().Records).ShouldBeTrue(); // one array, not a copy
        var main = loader.Load("db.main", Example);
        main.Records.Select(r => r.Owner.ToString()).ShouldBe(["example.", "y.example.", "z.example."]);
        main.Records.Length.ShouldBe(main.Trees.Sum(t => t.Records.Length));
    }

    [Fact]
    public void Bad_records_are_reported_at_the_token_and_parsing_goes_on()
    {
        var text = "a A 192.0.2.300\nb MX ten mail\nc BOGUS x\nd \"unterminated\ne A 192.0.2.1\n";
        var tree = Parse(text);
        tree.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn)).ShouldBe([
            ("EA0002", 1, 5, 16),
            ("EA0002", 2, 6, 9),
            ("EA0002", 3, 3, 8),
            ("EA0002", 4, 3, 16),
        ]);
        tree.Diagnostics[2].Message.ShouldBe("unknown record type 'BOGUS'");
        tree.Records.ShouldHaveSingleItem().ToString().ShouldBe("e.example. 0 IN A 192.0.2.1");
    }

    [Fact]
    public void Zonemd_digest_lengths_follow_rfc_8976_as_bind_checks_them()
    {
        // Lengths cross-checked with named-checkzone 9.18: 48 octets for SHA-384, 64 for SHA-512, at least 12 otherwise.
        string Digest(int octets) => string.Concat(Enumerable.Repeat("ab", octets));
        var text = $"@ 300 ZONEMD 2018031900 1 1 {Digest(48)}\n@ 300 ZONEMD 2018031900 1 240 {Digest(12)}\n" +
            $"@ 300 ZONEMD 2018031900 241 1 {Digest(20)}\n@ 300 ZONEMD 1 1 2 {Digest(48)}\n@ 300 ZONEMD 1 1 240 {Digest(11)}\n";
        var tree = Parse(text);
        tree.Records.Select(r => ((ZoneDigestRecordData)r.Data).HashAlgorithm).ShouldBe([(byte)1, (byte)240]);
        tree.Records[0].ToString().ShouldBe("example. 300 IN ZONEMD 2018031900 1 1 " + Digest(48).ToUpperInvariant());
        tree.Diagnostics.Select(d => (d.Location.StartLine, d.Location.StartColumn, d.Message)).ShouldBe([
            (3, 31, "ZONEMD record: digest is 20 octets; RFC 8976 requires 48 octets for hash algorithm 1"),
            (4, 20, "ZONEMD record: digest is 48 octets; RFC 8976 requires 64 octets for hash algorithm 2"),
            (5, 22, "ZONEMD record: digest is 11 octets; RFC 8976 requires at least 12 octets"),
        ]);
    }

    [Theory]
    [InlineData("IMQ912BREQP1POLAH3RMONG", "NSEC3 record: next hashed owner name 'IMQ912BREQP1POLAH3RMONG' is 14 octets; a SHA-1 hash (algorithm 1) is 20")]
    [InlineData("IMQ912BREQP1POLAH3RMONGUED541AS", "NSEC3 record: next hashed owner name 'IMQ912BREQP1POLAH3RMONGUED541AS' is not unpadded base32hex")]
    public void Nsec3_next_hash_must_be_a_whole_sha1_hash(string hash, string message)
    {
        var tree = Parse($"I7A7A184GGMI35K1E3IR650LKO7NOB5R 7200 NSEC3 1 0 10 76931F {hash} A RRSIG\n");
        tree.Records.ShouldBeEmpty();
        var diagnostic = tree.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.RuleId, diagnostic.Location.StartColumn, diagnostic.Message).ShouldBe(("EA0002", 59, message));
    }

    [Theory]
    [InlineData("x TYPE999 abc", 11, "TYPE999 record: record type TYPE999 has no text format; write its data in the RFC 3597 generic form (\\# length hex)")]
    [InlineData("x UNSPEC ^#", 10, "UNSPEC record: record type UNSPEC has no text format; write its data in the RFC 3597 generic form (\\# length hex)")]
    [InlineData("x MD madname", 6, "MD record: type MD is obsolete (RFC 973); use MX")]
    [InlineData("x MF madname", 6, "MF record: type MF is obsolete (RFC 973); use MX")]
    public void Records_bind_refuses_by_type_are_reported(string line, int column, string message)
    {
        // named-checkzone 9.18: "unknown class/type" for the first two, "type 'MD': obsolete" for the others.
        var tree = Parse(line + "\ny TYPE999 \\# 1 00\n");
        var diagnostic = tree.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.Location.StartLine, diagnostic.Location.StartColumn, diagnostic.Message).ShouldBe((1, column, message));
        tree.Records.ShouldHaveSingleItem().Type.Value.ShouldBe((ushort)999);
    }

    [Fact]
    public void Unclosed_parenthesis_is_reported_at_the_parenthesis()
    {
        var tree = Parse("a TXT ( \"x\"\nb A 192.0.2.1\n");
        var diagnostic = tree.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.Location.StartLine, diagnostic.Location.StartColumn).ShouldBe((1, 7));
    }

    [Fact]
    public void Include_follows_files_with_origin_and_reports_missing_and_cyclic_files()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("zones/db.example", "$TTL 60\n@ SOA ns h 1 2 3 4 5\n$INCLUDE sub.inc sub\n A 192.0.2.9\n$INCLUDE missing.inc\n$INCLUDE db.example\n")
            .Add("zones/sub.inc", "www A 192.0.2.1\n\tAAAA 2001:db8::1\n");
        var result = new ZoneFileLoader(fileSystem).Load("zones/db.example", Example);
        result.Records.Select(r => $"{r.Tree.Source.Path} {r}").ShouldBe([
            "zones/db.example example. 60 IN SOA ns.example. h.example. 1 2 3 4 5",
            "zones/sub.inc www.sub.example. 60 IN A 192.0.2.1",
            "zones/sub.inc www.sub.example. 60 IN AAAA 2001:db8::1",
            "zones/db.example example. 60 IN A 192.0.2.9",
        ]);
        result.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn)).ShouldBe([("EA0003", 5, 10), ("EA0003", 6, 10)]);
        result.Diagnostics[1].Message.ShouldContain("cycle");
    }

    [Fact]
    public void A_parse_keeps_nothing_of_the_files_parsed_before_it_on_its_thread()
    {
        // The parser's lists and name cache are kept per thread from file to file; each tree holds its own copies.
        var longer = "$TTL 60\n@ SOA ns h 1 2 3 4 5 ; soa\n" + string.Concat(Enumerable.Range(0, 3000).Select(i => $"h{i} A 192.0.2.{i % 250} ; host {i}\n"));
        var first = Parse(longer);
        var shorter = Parse("$TTL 300\nwww A 192.0.2.1 ; web\n");
        var again = Parse(longer);

        shorter.Root.Entries.Length.ShouldBe(2);
        shorter.Records.Select(r => r.ToString()).ShouldBe(["www.example. 300 IN A 192.0.2.1"]);
        shorter.Comments.Select(c => c.Text).ShouldBe(["; web"]);
        foreach (var tree in new[] { first, again })
        {
            tree.Root.Entries.Length.ShouldBe(3002);
            tree.Records.Length.ShouldBe(3001);
            tree.Records[^1].ToString().ShouldBe("h2999.example. 60 IN A 192.0.2.249");
            tree.Comments.Length.ShouldBe(3001);
            tree.Comments[^1].Text.ShouldBe("; host 2999");
        }

        // A name the first file's cache held is parsed anew under another origin.
        ZoneParser.Parse(new SourceText("db.other", "h1 A 192.0.2.1\n"), DomainName.Parse("other.")).Records.ShouldHaveSingleItem()
            .Owner.ToString().ShouldBe("h1.other.");
    }

    [Fact]
    public void An_included_file_parsed_inside_its_parent_leaves_the_parent_s_entries_whole()
    {
        // The included file is parsed while its parent's parse is open on the same thread: each keeps its own lists. A
        // parse just before leaves the thread's lists spare for the parent to take.
        Parse("$TTL 60\n").Root.Entries.Length.ShouldBe(1);
        var fileSystem = new InMemoryFileSystem()
            .Add("zones/db.example", "$TTL 60\n@ SOA ns h 1 2 3 4 5 ; soa\n$INCLUDE a.inc a\nmid A 192.0.2.5 ; mid\n$INCLUDE b.inc b\nend A 192.0.2.9\n")
            .Add("zones/a.inc", "x A 192.0.2.1 ; in a\ny A 192.0.2.2\n")
            .Add("zones/b.inc", "z A 192.0.2.3 ; in b\n");
        var result = new ZoneFileLoader(fileSystem).Load("zones/db.example", Example);
        result.Records.Select(r => $"{r.Tree.Source.Path} {r}").ShouldBe([
            "zones/db.example example. 60 IN SOA ns.example. h.example. 1 2 3 4 5",
            "zones/a.inc x.a.example. 60 IN A 192.0.2.1",
            "zones/a.inc y.a.example. 60 IN A 192.0.2.2",
            "zones/db.example mid.example. 60 IN A 192.0.2.5",
            "zones/b.inc z.b.example. 60 IN A 192.0.2.3",
            "zones/db.example end.example. 60 IN A 192.0.2.9",
        ]);
        var parent = (ZoneSyntaxTree)result.Records[0].Tree;
        parent.Root.Entries.Length.ShouldBe(6);
        parent.Comments.Select(c => c.Text).ShouldBe(["; soa", "; mid"]);
        ((ZoneSyntaxTree)result.Records[1].Tree).Comments.Select(c => c.Text).ShouldBe(["; in a"]);
    }

    [Theory]
    [InlineData("zones/db.example", "$TTL 1h\n@ IN SOA ns h 1 2 3 4 5\n", true)]
    [InlineData("example.zone", "@ IN SOA ns h ( 1 2 3 4 5 )\n", true)]
    [InlineData("app.db", "SQLite format 3\0", false)]
    [InlineData("notes.txt", "hello\n", false)]
    [InlineData("db.empty", "", true)]
    [InlineData("empty.txt", "", false)]
    [InlineData("zones/example.nl", "example.nl. 3600 IN SOA ns1 hostmaster (\n 1 7200 3600 1209600 3600 )\n", true)]
    [InlineData("zones/example.nl", "    1h30m IN SOA ns1 hostmaster 1 2 3 4 5\n", true)]
    [InlineData("zones/example.nl", "example.nl. IN 3600 SOA ns1 hostmaster ( 1 2 3 4 5 )\n", true)]
    // dnspython's rdtypes/ANY/SOA.py: a docstring naming the SOA's fields, with a parenthesis after them.
    [InlineData("dns/rdtypes/ANY/SOA.py", "class SOA(Rdata):\n    \"\"\"SOA record\n\n    @ivar mname: the SOA MNAME (master name) field\n", false)]
    [InlineData("notes/dns.txt", "example.nl. IN SOA\n", false)]
    // Prose that starts like a record: an SOA's data is two names, a serial and four TTLs (RFC 1035 3.3.13).
    [InlineData("notes/dns.txt", "Our IN SOA (see below)\nnames the primary.\n", false)]
    [InlineData("notes/dns.txt", "The IN SOA record is the start of authority.\n", false)]
    [InlineData("notes/dns.txt", "@ IN SOA ns1 hostmaster 2026120701 7200 3600\n  1209600 3600\n", false)] // across lines without parentheses
    [InlineData("notes/dns.txt", "@ IN SOA ns1 hostmaster ( 2026120701 1h ) 3600 4w 1d\n", true)]
    [InlineData("zones/example.nl", "@ IN SOA ns1.example.nl. hostmaster.example.nl. ( ; primary\n\t2026120701 ; serial\r\n\t2h 15m\n\t4w ; expire\n\t1h )\n", true)]
    [InlineData("zones/example.nl", "@ IN SOA ns1 hostmaster ( 2026120701 2h 15m 4w\n", true)] // the lines looked at may end inside the parentheses
    [InlineData("zones/example.nl", "@ IN SOA ns1 hostmaster ( ( 2026120701 2h 15m 4w 1h )\n", false)]
    public void Zone_files_are_recognised(string path, string text, bool expected)
    {
        ZoneFormat.LooksLikeZone(path, text).ShouldBe(expected);
        var snapshot = SourceText.FromBytes(path, System.Text.Encoding.ASCII.GetBytes(text));
        ZoneFormat.LooksLikeZone(path, snapshot).ShouldBe(expected);
        snapshot.HasMadeText.ShouldBeFalse();
    }

    [Fact]
    public void An_SOA_s_data_is_read_only_as_far_as_the_lines_looked_at()
    {
        // The SOA on the 100th line: what follows that line is past what a snapshot's head holds, and the string's test
        // reads no further either, so both take the record, open in its parentheses, for a zone's; on the 99th line the
        // next line is read, and "see" is no serial.
        var comments = string.Concat(Enumerable.Repeat("; comment\n", 98));
        foreach (var (text, expected) in new[] { (comments + "\n@ IN SOA ns h (\n see below )\n", true), (comments + "@ IN SOA ns h (\n see below )\n", false) })
        {
            ZoneFormat.LooksLikeZone("zone.txt", text).ShouldBe(expected);
            ZoneFormat.LooksLikeZone("zone.txt", SourceText.FromBytes("zone.txt", System.Text.Encoding.ASCII.GetBytes(text))).ShouldBe(expected);
        }
    }

    [Theory]
    [InlineData("\n", 99, true)]
    [InlineData("\n", 100, false)]
    [InlineData("\r", 99, true)]
    [InlineData("\r\n", 49, true)]
    [InlineData("\r\n", 50, false)]
    public void Zone_content_is_looked_for_in_the_first_100_lines_cut_at_every_line_break_character(string lineBreak, int commentLines, bool expected)
    {
        var text = string.Concat(Enumerable.Repeat("; comment" + lineBreak, commentLines)) + "$TTL 1h" + lineBreak + string.Concat(Enumerable.Repeat("; more" + lineBreak, 200));
        ZoneFormat.LooksLikeZone("zone.txt", text).ShouldBe(expected);
        ZoneFormat.LooksLikeZone("zone.txt", SourceText.FromBytes("zone.txt", System.Text.Encoding.ASCII.GetBytes(text))).ShouldBe(expected);
        ZoneFormat.LooksLikeZone("zone.txt", new SourceText("zone.txt", text)).ShouldBe(expected);

        var origin = text.Replace("$TTL 1h", "$ORIGIN example.org.", StringComparison.Ordinal);
        var guessed = ZoneFormat.GuessOrigin("zone.txt", origin);
        guessed.ShouldBe(DomainName.Parse("example.org."));
        ZoneFormat.GuessOrigin("zone.txt", SourceText.FromBytes("zone.txt", System.Text.Encoding.ASCII.GetBytes(origin))).ShouldBe(guessed);
    }

    [Fact]
    public void Parser_never_throws_on_garbage()
    {
        var random = new Random(7);
        for (int i = 0; i < 200; i++)
        {
            var chars = new char[random.Next(0, 200)];
            for (int k = 0; k < chars.Length; k++)
            {
                const string alphabet = "ab1.$@;()\"\\ \t\n{}#!\0\uFFFD";
                chars[k] = alphabet[random.Next(alphabet.Length)];
            }

            Should.NotThrow(() => Parse(new string(chars)));
        }
    }

    // Zones that put everything the lexer reads across the edge of a small window: quoted strings (one continued over an
    // escaped line break), entries in parentheses longer than the window, comments, $GENERATE, escapes, broken entries,
    // CRLF and lone CR line breaks, a last line without a break, and non-ASCII text (which a file keeps as a string).
    public static TheoryData<string> CraftedZones => new()
    {
        "$TTL 300\n@ IN SOA ns hostmaster (\n  1 ; serial (with a parenthesis)\n  2h\t15M 1W2d\n  300 )\n NS ns.example.\n",
        "txt TXT \"a ; (b)\"   \"c\"\"d\" plain \"esc\\\"aped\"\nlong TXT ( \"" + new string('x', 60) + "\"\n \"" + new string('y', 40) + "\" ) ; tail\n",
        "$TTL 60\n$GENERATE 1-3/2 host-${10,3,d} A 10.0.0.$ ; generated\n$GENERATE 1-2 h$ 60 IN TXT \"v$\" ( \"w\" )\n$GENERATE 1-2 x$ CNAME ${0,70}\n",
        "www 60 IN A 192.0.2.1\r\n\t AAAA 2001:db8::1 ; v6\r\n  MX 10 (\r\n mail )\rlone 60 CNAME www\r",
        "a\\.b\\065 60 TXT \"say \\\"hi\\\"\" plain \\059x\nq TXT \"line\\\ncontinued\" \\\nafter\n",
        "bad 60 A 300.1.2.3\n( unbalanced\nx TXT \"open\n) stray\nsig 60 RRSIG A 8 2 300 20250101000000 20240101000000 1234 example. ( AAAA BBBB\n CCCC== ) ; signature\n",
        "$ORIGIN sub.example.\n$INCLUDE \"other file\" sub2\nk 60 DNSKEY 257 3 13 ( AwEAAa\n bbbb )\nd DS 1 13 2 ( ABCDEF\n 0123 )\nsvc 60 HTTPS 1 . alpn=\"h2,h3\" port=443\n",
        "t 60 TXT \"caf\u00e9\" ; \u00fcber\nn\u00e4me A 192.0.2.1\n",
        "last 60 TXT \"no line break\"",
        "",
    };

    [Theory]
    [MemberData(nameof(CraftedZones))]
    public void A_file_read_as_bytes_parses_to_the_tree_its_string_gives_across_any_window_edge(string zone)
    {
        // A scan reads files as bytes; an ASCII file's are widened into a small window a piece at a time instead of making
        // its string. Comment lines of every length before the zone move each window edge over every character of it.
        for (int padding = 0; padding <= 20; padding++)
        {
            var text = padding == 0 ? zone : "; " + new string('p', padding) + "\n" + zone;
            var expected = Dump(ZoneParser.Parse(new SourceText("db.example", text), Example));
            foreach (int window in new[] { 1, 64, ZoneText.DefaultWindow })
            {
                var source = SourceText.FromBytes("db.example", System.Text.Encoding.UTF8.GetBytes(text));
                source.IsCompact.ShouldBe(System.Text.Ascii.IsValid(text));
                var tree = ZoneParser.Parse(source, new ZoneFileContext(Example, null), new ZoneLoadState(), null, window);
                Dump(tree).ShouldBe(expected, $"padding {padding}, window {window}");
                source.HasMadeText.ShouldBeFalse();
            }
        }
    }

    [Fact]
    public void Included_files_read_as_bytes_load_as_their_strings_do()
    {
        string zone = "$TTL 60\n@ SOA ns h ( 1 2 3\n 4 5 ) ; soa\n$INCLUDE sub.inc sub ; included\n A 192.0.2.9\n$INCLUDE \"gen.inc\"\nend TXT \"done\"\n";
        string sub = "www A 192.0.2.1\n\tAAAA 2001:db8::1 ; v6\nbad A 1.2.3\n";
        string generated = "$GENERATE 1-3 h$ TXT \"n$\" ; three\n";
        var bytes = new InMemoryFileSystem(new[] { ("zones/db.example", zone), ("zones/sub.inc", sub), ("zones/gen.inc", generated) }
            .Select(file => SourceText.FromBytes(file.Item1, System.Text.Encoding.ASCII.GetBytes(file.Item2))));
        var strings = new InMemoryFileSystem().Add("zones/db.example", zone).Add("zones/sub.inc", sub).Add("zones/gen.inc", generated);

        var expected = new ZoneFileLoader(strings).Load("zones/db.example", Example);
        foreach (int window in new[] { 1, 64 })
        {
            var loaded = new ZoneFileLoader(bytes) { Window = window }.Load("zones/db.example", Example);
            loaded.Trees.Select(Dump).ShouldBe(expected.Trees.Select(Dump), $"window {window}");
            loaded.Records.Select(r => $"{r.Tree.Source.Path} {r} [{r.RdataText}]").ShouldBe(expected.Records.Select(r => $"{r.Tree.Source.Path} {r} [{r.RdataText}]"));
            loaded.Diagnostics.ShouldBe(expected.Diagnostics);
            loaded.Trees.Length.ShouldBe(3);
            loaded.Trees.ShouldAllBe(tree => tree.Source.IsCompact && !tree.Source.HasMadeText);
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_signature_is_decoded_from_where_its_file_writes_it(bool asBytes)
    {
        // Split over tokens, a quoted one among them, with a comment and a line break inside the parentheses.
        var text = "$TTL 60\nsig RRSIG A 8 2 300 20250101000000 20240101000000 1234 example. ( AAEC AwQF ; first\n \"BgcI\" CQ== ) ; after\n"
            + "next A 192.0.2.1\n$GENERATE 1-1 gen$ RRSIG \"A 8 2 300 20250101000000 20240101000000 1234 example. AAECAwQFBgcICQ==\"\n";
        var source = asBytes ? SourceText.FromBytes("db.example", System.Text.Encoding.ASCII.GetBytes(text)) : new SourceText("db.example", text);
        var tree = ZoneParser.Parse(source, Example);

        tree.Diagnostics.ShouldBeEmpty();
        var signatures = tree.Records.Select(r => r.Data).OfType<RrsigRecordData>().ToList();
        signatures.Count.ShouldBe(2);
        foreach (var signature in signatures)
        {
            signature.Signature.ShouldBe(Enumerable.Range(0, 10).Select(i => (byte)i).ToImmutableArray());
            signature.ToString().ShouldBe("A 8 2 300 20250101000000 20240101000000 1234 example. AAECAwQFBgcICQ==");
        }

        source.IsCompact.ShouldBe(asBytes);
        source.HasMadeText.ShouldBeFalse();
        new RrsigRecordData(DnsRecordType.A, 8, 2, 300, default, default, 1, Example, [1, 2]).Signature.ShouldBe([(byte)1, (byte)2]);
    }

    // Everything a parse gives, with every span, so that two trees compare as text.
    private static List<string> Dump(ZoneSyntaxTree tree)
    {
        var lines = new List<string> { $"file {tree.Root.Span} {tree.Origin}" };
        foreach (var entry in tree.Root.Entries)
        {
            switch (entry)
            {
                case OriginDirectiveSyntax origin:
                    lines.Add($"$ORIGIN {origin.Span} {origin.Origin} {origin.NameSpan}");
                    break;
                case TtlDirectiveSyntax ttl:
                    lines.Add($"$TTL {ttl.Span} {ttl.Ttl} {ttl.ValueSpan}");
                    break;
                case IncludeDirectiveSyntax include:
                    lines.Add($"$INCLUDE {include.Span} [{include.FileName}] {include.FileNameSpan} {include.Origin} {include.OriginSpan} {include.ResolvedPath}");
                    break;
                case GenerateDirectiveSyntax generate:
                    lines.Add($"$GENERATE {generate.Span} {generate.Start} {generate.Stop} {generate.Step} {generate.RangeSpan}");
                    lines.AddRange(generate.Records.Select(Dump));
                    break;
                case ResourceRecordSyntax record:
                    lines.Add(Dump(record));
                    break;
            }
        }

        lines.AddRange(tree.Comments.Select(comment => $"comment {comment.Span} [{comment.Text}]"));
        lines.AddRange(tree.Diagnostics.Select(diagnostic => $"{diagnostic.RuleId} {diagnostic.Location} {diagnostic.Location.Span} {diagnostic.Message}"));
        return lines;
    }

    private static string Dump(ResourceRecordSyntax record) =>
        $"{record.Span} {record.Owner} {record.OwnerSpan} {record.Ttl} {record.TtlSource} {record.TtlSpan} {record.Class} {record.ClassSpan} {record.Type} "
        + $"{record.TypeSpan} {record.RdataSpan} [{record.RdataText}] {record.Data.GetType().Name} {record.Data} {record.Generator?.Span}";
}
