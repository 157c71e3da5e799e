using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Text;

/// <summary>The buffer the reporters join lines and messages in: what is appended reads back in order, across growth and clears.</summary>
public sealed class CharBufferTests
{
    [Fact]
    public void Appends_read_back_in_order_as_the_buffer_grows()
    {
        var buffer = new CharBuffer(4);
        buffer.Append("EA1001");
        buffer.Append(':');
        buffer.Append(42);
        buffer.Append(-7);
        var filled = buffer.Take(3);
        filled.Length.ShouldBe(3);
        "abc".CopyTo(filled);
        buffer.Append(new string('x', 600));

        buffer.Text.ToString().ShouldBe("EA1001:42-7abc" + new string('x', 600));
        var segment = buffer.Segment;
        new string(segment.Array!, segment.Offset, segment.Count).ShouldBe(buffer.Text.ToString());
    }

    [Fact]
    public void Clear_starts_again_and_keeps_nothing_of_the_longer_text()
    {
        var buffer = new CharBuffer();
        buffer.Append(new string('a', 1000));
        buffer.Clear();
        buffer.Text.IsEmpty.ShouldBeTrue();
        buffer.Append("short");
        buffer.Text.ToString().ShouldBe("short");
        buffer.Segment.Count.ShouldBe(5);
    }
}
