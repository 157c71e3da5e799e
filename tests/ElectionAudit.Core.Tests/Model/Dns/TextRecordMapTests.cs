using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Model.Dns;

public class TextRecordMapTests
{
    private static readonly DomainName Origin = DomainName.Parse("example.");

    private static TextRecordMap Map(string zone)
    {
        var tree = ZoneParser.Parse(new SourceText("db.example", zone), Origin);
        var record = tree.Root.DescendantNodesAndSelf().OfType<ResourceRecordSyntax>().Single(r => r.Type == DnsRecordType.TXT);
        return TextRecordMap.For(record)!;
    }

    private static string Written(TextRecordMap map, int start, int length) => map.Record.Tree.Source.ToString(map.SourceSpan(start, length));

    [Fact]
    public void Each_character_of_the_joined_text_maps_to_where_it_is_written_across_strings_escapes_and_comments()
    {
        const string Zone = "$TTL 60\n@ TXT ( \"v=spf1 a\\\"b \" ; first\n  plain\\065 \"-all\" )\n";
        var map = Map(Zone);

        map.Text.ShouldBe("v=spf1 a\"b plainA-all");
        Written(map, 0, 6).ShouldBe("v=spf1");
        Written(map, 7, 3).ShouldBe("a\\\"b");      // an escape is one character of the text, two of the source
        Written(map, 11, 6).ShouldBe("plain\\065"); // and \DDD four
        Written(map, 17, 4).ShouldBe("-all");

        // Across the strings: from the first character to the last, the quotes and the comment between them included.
        Written(map, 7, 5).ShouldBe("a\\\"b \" ; first\n  p");
        map.Location(17, 4).StartLine.ShouldBe(3);
    }

    [Theory]
    [InlineData(-1, 2)]
    [InlineData(0, 0)]
    [InlineData(20, 5)]
    public void A_range_outside_the_text_gives_the_whole_record_data(int start, int length)
    {
        var map = Map("$TTL 60\n@ TXT \"v=DMARC1; p=none\"\n");
        map.SourceSpan(start, length).ShouldBe(map.Record.RdataSpan);
    }

    [Fact]
    public void Text_that_cannot_be_mapped_character_by_character_gives_the_whole_record_data()
    {
        // The parser keeps a non-ASCII character's octets one by one, so the text is longer than the characters written.
        var map = Map("$TTL 60\n@ TXT \"v=spf1 é -all\"\n");
        map.SourceSpan(0, 6).ShouldBe(map.Record.RdataSpan);
        map.SourceSpan(0, 6).ShouldBe(map.Record.RdataSpan); // the answer found once stands
    }

    [Fact]
    public void Text_that_is_not_a_txt_record_has_no_map()
    {
        var tree = ZoneParser.Parse(new SourceText("db.example", "$TTL 60\n@ A 192.0.2.1\n"), Origin);
        TextRecordMap.For(tree.Root.DescendantNodesAndSelf().OfType<ResourceRecordSyntax>().Single()).ShouldBeNull();
    }
}
