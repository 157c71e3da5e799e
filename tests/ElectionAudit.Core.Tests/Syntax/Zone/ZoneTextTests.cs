using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Zone;

public class ZoneTextTests
{
    private static readonly string Letters = string.Concat(Enumerable.Range(0, 100).Select(i => (char)('a' + (i % 26))));

    private static SourceText Bytes(string text) => SourceText.FromBytes("db.example", System.Text.Encoding.ASCII.GetBytes(text));

    [Fact]
    public void An_ascii_file_is_widened_a_window_at_a_time_from_where_the_parser_keeps()
    {
        var source = Bytes(Letters);
        using var text = new ZoneText(source, 16);

        text.IsWidened.ShouldBeTrue();
        text.Length.ShouldBe(100);
        text.Base.ShouldBe(0);
        text.Window.ToString().ShouldBe(Letters[..16]);

        text.Keep(10);
        text.Fill().ShouldBeTrue();
        text.Base.ShouldBe(10);
        text.Window.ToString().ShouldBe(Letters[10..26]);
        text[12].ShouldBe(Letters[12]);
        text.Slice(20, 3).ToString().ShouldBe(Letters[20..23]);
        text.ToString(20, 3).ShouldBe(Letters[20..23]);
        source.HasMadeText.ShouldBeFalse();
    }

    [Fact]
    public void A_kept_entry_longer_than_half_the_window_makes_it_larger()
    {
        using var text = new ZoneText(Bytes(Letters), 16);
        text.Keep(4);
        text.Fill().ShouldBeTrue();

        // Twelve characters kept of sixteen: the window doubles and still adds as much again.
        text.Base.ShouldBe(4);
        text.Window.ToString().ShouldBe(Letters[4..36]);
        while (text.Fill())
        {
        }

        text.Base.ShouldBe(4);
        text.Window.ToString().ShouldBe(Letters[4..]);
    }

    [Fact]
    public void A_window_can_start_inside_the_file_to_read_a_part_again()
    {
        using var text = new ZoneText(Bytes(Letters), 16, 90);
        text.Base.ShouldBe(90);
        text.Window.ToString().ShouldBe(Letters[90..]);
        text.Fill().ShouldBeFalse();
        Should.Throw<ArgumentOutOfRangeException>(() => text.Keep(89));
    }

    [Fact]
    public void The_window_cannot_move_back_and_ends_with_the_text()
    {
        using var text = new ZoneText(Bytes("abc"), 16);
        text.Window.ToString().ShouldBe("abc");
        text.Fill().ShouldBeFalse();
        text.Keep(2);
        Should.Throw<ArgumentOutOfRangeException>(() => text.Keep(-1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_text_held_as_a_string_is_read_in_place(bool fromSource)
    {
        const string Zone = "caf\u00e9 TXT \"x\"\n";
        var source = SourceText.FromBytes("db.example", System.Text.Encoding.UTF8.GetBytes(Zone));
        source.IsCompact.ShouldBeFalse();
        using var text = fromSource ? new ZoneText(source, 4) : new ZoneText(Zone);

        text.IsWidened.ShouldBeFalse();
        text.Window.ToString().ShouldBe(Zone);
        text.Fill().ShouldBeFalse();
        text.Base.ShouldBe(0);
        text.ToString(0, 4).ShouldBe("caf\u00e9");
    }

    [Fact]
    public void The_window_is_given_back_when_the_parse_ends()
    {
        var text = new ZoneText(Bytes(Letters), 16);
        text.Dispose();
        text.Window.IsEmpty.ShouldBeTrue();
        text.Dispose();
    }
}
