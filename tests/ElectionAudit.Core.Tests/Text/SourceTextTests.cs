using System.Text;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Text;

public class SourceTextTests
{
    [Theory]
    [InlineData("a\nbc\nd", 3)]
    [InlineData("a\r\nbc\r\nd\r\n", 4)]
    [InlineData("a\rb", 2)]
    [InlineData("", 1)]
    public void Counts_lines_for_every_line_break_kind(string text, int lines)
    {
        new SourceText("f", text).LineCount.ShouldBe(lines);
    }

    [Fact]
    public void Maps_offsets_to_one_based_lines_and_utf16_columns()
    {
        var source = new SourceText("dir\\site.conf", "ab\r\nc\u00e9\U0001F600x\ny");
        source.Path.ShouldBe("dir/site.conf");
        source.GetLineAndColumn(0).ShouldBe((1, 1));
        source.GetLineAndColumn(2).ShouldBe((1, 3)); // the CR
        source.GetLineAndColumn(4).ShouldBe((2, 1));
        source.GetLineAndColumn(8).ShouldBe((2, 5)); // x after a surrogate pair: two code units
        source.GetLineAndColumn(source.Text.Length).ShouldBe((3, 2));
        source.GetLineText(2).ShouldBe("c\u00e9\U0001F600x");
        source.GetLineText(3).ShouldBe("y");
    }

    [Fact]
    public void Location_has_exclusive_end_column_and_spans_lines()
    {
        var source = new SourceText("z.db", "one\ntwo three\n");
        var location = source.GetLocation(new TextSpan(8, 5));
        location.ShouldBe(new Location("z.db", new TextSpan(8, 5), 2, 5, 2, 10));
        source.GetLocation(TextSpan.FromBounds(1, 6)).ShouldBe(new Location("z.db", new TextSpan(1, 5), 1, 2, 2, 3));
    }

    [Fact]
    public void Strips_utf8_bom_and_reads_utf16()
    {
        var withBom = new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', (byte)'\n', (byte)'b' };
        var source = SourceText.FromBytes("a", withBom);
        source.Text.ShouldBe("a\nb");
        source.GetLineAndColumn(2).ShouldBe((2, 1));

        var utf16 = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("x: 1\n")).ToArray();
        SourceText.FromBytes("u", utf16).Text.ShouldBe("x: 1\n");
    }

    [Fact]
    public void Invalid_utf8_becomes_replacement_character_without_throwing()
    {
        SourceText.FromBytes("bad", new byte[] { (byte)'a', 0xC3, (byte)'b' }).Text.ShouldBe("a\uFFFDb");
    }
}
