using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Zone;

/// <summary>
/// <see cref="ResourceRecordSyntax.RdataText"/> is joined from the file on first use rather than kept for every record:
/// these pin the joined text for the layouts where re-reading the entry could go wrong (continuation lines, comments,
/// quoted strings with separators inside, adjacent tokens, an omitted owner, empty record data, $GENERATE).
/// </summary>
public class RecordDataTextTests
{
    private static ZoneSyntaxTree Parse(string text) => ZoneParser.Parse(new SourceText("db.example", text), DomainName.Parse("example."));

    [Fact]
    public void Continuation_lines_and_comments_become_single_spaces()
    {
        var tree = Parse("$TTL 300\n@ IN SOA ns hostmaster (\n  1 ; serial (with a parenthesis)\n  2h\t15M 1W2d\n  300 )\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.Records.ShouldHaveSingleItem().RdataText.ShouldBe("ns hostmaster 1 2h 15M 1W2d 300");
    }

    [Fact]
    public void Quoted_strings_keep_their_blanks_semicolons_and_parentheses_and_adjacent_tokens_stay_joined()
    {
        var tree = Parse("txt TXT \"a ; (b)\"   \"c\"\"d\" plain\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.Records.ShouldHaveSingleItem().RdataText.ShouldBe("\"a ; (b)\" \"c\"\"d\" plain");
    }

    [Fact]
    public void Records_with_an_omitted_owner_and_with_one_token_read_their_own_data()
    {
        var tree = Parse("www 60 IN A 192.0.2.1\n\t AAAA 2001:db8::1 ; v6\n  MX 10 (\n mail )\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.Records.Select(r => r.RdataText).ShouldBe(["192.0.2.1", "2001:db8::1", "10 mail"]);
    }

    [Fact]
    public void Empty_record_data_is_empty_text()
    {
        var tree = Parse("gen TYPE65280 \\# 0\nnone TXT \"\"\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.Records.Select(r => r.RdataText).ShouldBe(["\\# 0", "\"\""]);
    }

    [Fact]
    public void Generated_records_keep_the_substituted_text()
    {
        var tree = Parse("$GENERATE 1-2 host$ A 192.0.2.$\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.Records.Select(r => r.RdataText).ShouldBe(["192.0.2.1", "192.0.2.2"]);
        var directive = tree.Root.Entries.OfType<GenerateDirectiveSyntax>().ShouldHaveSingleItem();
        tree.Records.ShouldAllBe(r => r.Generator == directive);
        tree.Records.Select(r => (r.OwnerSpan, r.TtlSpan, r.ClassSpan, r.TtlSource)).ShouldBe([(new TextSpan(14, 5), null, null, ZoneTtlSource.Missing), (new TextSpan(14, 5), null, null, ZoneTtlSource.Missing)]);
    }

    [Fact]
    public void Records_read_from_the_file_have_no_generator_and_say_which_parts_are_written()
    {
        var tree = Parse("$TTL 300\nwww 60 IN A 192.0.2.1\n\tAAAA 2001:db8::1\n");
        tree.Records.ShouldAllBe(r => r.Generator == null);
        tree.Records.Select(r => (r.OwnerSpan, r.TtlSpan, r.ClassSpan, r.TtlSource)).ShouldBe(
        [
            (new TextSpan(9, 3), new TextSpan(13, 2), new TextSpan(16, 2), ZoneTtlSource.Explicit),
            (null, null, null, ZoneTtlSource.TtlDirective),
        ]);
    }

    [Theory]
    [InlineData("$TTL 300\n@ IN SOA ns hostmaster (\n  1 ; serial (with a parenthesis)\n  2h\t15M 1W2d\n  300 )\n")]
    [InlineData("txt TXT \"a ; (b)\"   \"c\"\"d\" plain\n")]
    [InlineData("www 60 IN A 192.0.2.1\n\t AAAA 2001:db8::1 ; v6\n  MX 10 (\n mail )\n")]
    [InlineData("gen TYPE65280 \\# 0\nnone TXT \"\"\nlast TXT \"no line break\"")]
    public void A_file_read_as_bytes_joins_the_same_record_data(string text)
    {
        // A scan reads files as bytes, and an ASCII file keeps them: each record joins its data from its own span.
        var fromBytes = ZoneParser.Parse(SourceText.FromBytes("db.example", System.Text.Encoding.ASCII.GetBytes(text)), DomainName.Parse("example."));

        fromBytes.Source.IsCompact.ShouldBeTrue();
        fromBytes.Records.Select(r => r.RdataText).ShouldBe(Parse(text).Records.Select(r => r.RdataText));
        fromBytes.Records.ShouldNotBeEmpty();
    }
}
