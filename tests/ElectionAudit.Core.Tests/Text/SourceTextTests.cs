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
    [InlineData("\r\r\n\n\r", 5)]
    [InlineData("a\n\rb\r\n\r\nc\r", 6)]
    public void Counts_lines_for_every_line_break_kind(string text, int lines)
    {
        // The breaks are counted before the line starts are found: both ways of reading a file agree with a walk.
        new SourceText("f", text).LineCount.ShouldBe(lines);
        SourceText.FromBytes("f", Encoding.ASCII.GetBytes(text)).LineCount.ShouldBe(lines);
        var source = new SourceText("f", text);
        var starts = new List<int> { 0 };
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.Length || text[i + 1] != '\n')))
            {
                starts.Add(i + 1);
            }
        }

        Enumerable.Range(1, lines).Select(source.GetLineStart).ShouldBe(starts);
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

    [Theory]
    [InlineData("server {\n    listen 443 ssl;\r\n}\r\n")]
    [InlineData("a\rb\r\n\nc")]
    [InlineData("")]
    [InlineData("no line break")]
    public void An_ascii_file_read_as_bytes_reads_exactly_as_its_string(string text)
    {
        var bytes = SourceText.FromBytes("site.conf", Encoding.ASCII.GetBytes(text));
        var chars = new SourceText("site.conf", text);

        bytes.IsCompact.ShouldBeTrue();
        chars.IsCompact.ShouldBeFalse();
        bytes.Text.ShouldBe(text);
        bytes.Length.ShouldBe(text.Length);
        bytes.LineCount.ShouldBe(chars.LineCount);
        for (int line = 1; line <= chars.LineCount; line++)
        {
            bytes.GetLineStart(line).ShouldBe(chars.GetLineStart(line));
            bytes.GetLineText(line).ShouldBe(chars.GetLineText(line));
        }

        for (int offset = 0; offset <= text.Length; offset++)
        {
            bytes.GetLineAndColumn(offset).ShouldBe(chars.GetLineAndColumn(offset));
            bytes.ToString(TextSpan.FromBounds(offset, text.Length)).ShouldBe(chars.ToString(TextSpan.FromBounds(offset, text.Length)));
        }

        Enumerable.Range(0, text.Length).Select(i => bytes[i]).ShouldBe(text);
        bytes.IndexOf('\n').ShouldBe(text.IndexOf('\n'));
    }

    [Fact]
    public void A_file_with_any_other_character_or_a_utf16_mark_is_kept_as_a_string()
    {
        SourceText.FromBytes("a", Encoding.UTF8.GetBytes("caf\u00e9\n")).IsCompact.ShouldBeFalse();
        SourceText.FromBytes("u", new byte[] { 0xFF, 0xFE, (byte)'x', 0 }).IsCompact.ShouldBeFalse();
        var marked = SourceText.FromBytes("m", new byte[] { 0xEF, 0xBB, 0xBF, (byte)'a', (byte)'\n', (byte)'b' });
        marked.IsCompact.ShouldBeTrue();
        marked.GetLineText(2).ShouldBe("b");
        marked[0].ShouldBe('a');
    }

    [Fact]
    public void A_nul_character_is_found_in_either_form()
    {
        SourceText.FromBytes("bin", new byte[] { (byte)'a', 0, (byte)'b' }).IndexOf('\0').ShouldBe(1);
        new SourceText("bin", "a\0b").IndexOf('\0').ShouldBe(1);
        SourceText.FromBytes("t", "ab"u8).IndexOf('\u00e9').ShouldBe(-1);

        // The first NUL is kept once found (the engine and then the parser ask): asked again, and asked after other
        // characters, the answers stay each character's own, with or without a NUL.
        foreach (var (source, nul, c) in new[] { (SourceText.FromBytes("bin", "ab\0c\0"u8), 2, 3), (new SourceText("bin", "ab\0c\0\u00e9"), 2, 3), (SourceText.FromBytes("t", "abc"u8), -1, 2), (new SourceText("t", "abc\u00e9"), -1, 2) })
        {
            source.IndexOf('c').ShouldBe(c);
            source.IndexOf('\0').ShouldBe(nul);
            source.IndexOf('b').ShouldBe(1);
            source.IndexOf('\0').ShouldBe(nul);
        }
    }

    [Fact]
    public void The_text_made_from_bytes_is_the_same_string_while_a_reader_holds_it()
    {
        var source = SourceText.FromBytes("zone.db", Encoding.ASCII.GetBytes("@ IN SOA ns hostmaster 1 2 3 4 5\n"));
        var first = source.Text;

        ReferenceEquals(source.Text, first).ShouldBeTrue();
        GC.KeepAlive(first);
    }

    [Fact]
    public void A_whole_owned_array_is_kept_not_copied()
    {
        var array = Encoding.ASCII.GetBytes("listen 80;\n");
        var source = SourceText.FromOwnedBytes("a.conf", new ArraySegment<byte>(array));

        source.IsCompact.ShouldBeTrue();
        array[0] = (byte)'L';
        source[0].ShouldBe('L');

        // Part of an array, or marked, is copied.
        var part = SourceText.FromOwnedBytes("b.conf", new ArraySegment<byte>(array, 1, 5));
        array[1] = (byte)'I';
        part.Text.ShouldBe("isten");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_lines_span_and_characters_are_its_text_without_the_line_break(bool compact)
    {
        const string content = "server {\r\n\tlisten 443;\n\r\n}";
        var source = compact ? SourceText.FromBytes("s.conf", Encoding.ASCII.GetBytes(content)) : new SourceText("s.conf", content);
        source.IsCompact.ShouldBe(compact);

        for (int line = 1; line <= source.LineCount; line++)
        {
            var span = source.GetLineSpan(line);
            var chars = new char[span.Length + 2];
            chars.AsSpan().Fill('#');
            source.CopyTo(span, chars);
            new string(chars, 0, span.Length).ShouldBe(source.GetLineText(line));
            chars[^2..].ShouldBe(['#', '#']);
        }

        source.GetLineSpan(2).ShouldBe(new TextSpan(10, 12));
        source.GetLineText(2).ShouldBe("\tlisten 443;");
        source.GetLineSpan(3).Length.ShouldBe(0);
        source.GetLineText(4).ShouldBe("}");
        Should.Throw<ArgumentOutOfRangeException>(() => source.CopyTo(source.GetLineSpan(2), new char[10]));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_head_and_a_spans_characters_are_lent_without_making_the_text(bool compact)
    {
        const string content = "$TTL 1h\r\n@ IN SOA ns h 1 2 3 4 5\nwww IN A 192.0.2.1";
        var source = compact ? SourceText.FromBytes("db.x", Encoding.ASCII.GetBytes(content)) : new SourceText("db.x", content);
        source.IsCompact.ShouldBe(compact);

        using (var head = source.Head(9))
        {
            head.Span.ToString().ShouldBe("$TTL 1h\r\n");
        }

        using (var all = source.Head(1000))
        {
            all.Span.ToString().ShouldBe(content);
        }

        using (var none = source.Head(0))
        {
            none.Span.IsEmpty.ShouldBeTrue();
        }

        using (var middle = source.Chars(new TextSpan(11, 3)))
        {
            middle.Span.ToString().ShouldBe("IN ");
        }

        Should.Throw<ArgumentOutOfRangeException>(() => source.Chars(new TextSpan(content.Length - 1, 2)).Dispose());
        source.HasMadeText.ShouldBeFalse();
        _ = source.Text;
        source.HasMadeText.ShouldBe(compact);
    }

    [Theory]
    [InlineData("a\nb\nc\n", new[] { 2, 4, 6, 6 })]
    [InlineData("a\r\nb\r\nc", new[] { 3, 6, 7, 7 })]
    [InlineData("a\rb\r\rc", new[] { 2, 4, 5, 6 })]
    [InlineData("", new[] { 0, 0 })]
    public void The_end_of_the_first_lines_is_after_the_last_ones_break(string text, int[] ends)
    {
        var source = new SourceText("f", text);
        for (int count = 1; count <= ends.Length; count++)
        {
            source.EndOfLines(count).ShouldBe(ends[count - 1], $"{count} lines");
        }
    }

    // A binary's bytes: `start`, then letters with a NUL every `nulEvery` bytes from `firstNul` on, `length` in all.
    private static byte[] Binary(int length, int firstNul, string start = "", int nulEvery = 97)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = i >= firstNul && (i - firstNul) % nulEvery == 0 ? (byte)0 : (byte)(i % 61 == 60 ? '\n' : 'a' + (i % 26));
        }

        Encoding.ASCII.GetBytes(start).CopyTo(bytes, 0);
        return bytes;
    }

    private static SourceText Read(byte[] bytes) => SourceText.FromOwnedBytes("f", new ArraySegment<byte>((byte[])bytes.Clone()));

    [Fact]
    public void A_binary_read_from_a_file_keeps_its_first_64_KiB()
    {
        var bytes = Binary(200_000, firstNul: 7, start: "\u007fELF\u0002\u0001\u0001");
        var whole = SourceText.FromBytes("f", bytes);
        var head = Read(bytes);

        head.Length.ShouldBe(65_536);
        head.Text.ShouldBe(whole.Text[..65_536]);
        head.IndexOf('\0').ShouldBe(7);
        head.GetLineAndColumn(7).ShouldBe((1, 8));
    }

    [Fact]
    public void A_binary_whose_first_NUL_is_past_64_KiB_is_read_through_that_NUL()
    {
        var bytes = Binary(300_000, firstNul: 100_000);
        var whole = SourceText.FromBytes("f", bytes);
        var head = Read(bytes);

        head.Length.ShouldBe(100_001);
        head.IndexOf('\0').ShouldBe(100_000);
        head.GetLineAndColumn(100_000).ShouldBe(whole.GetLineAndColumn(100_000));
        head.GetLineAndColumn(100_000).ShouldBe((1640, 22)); // lines of 61 bytes: line 1640 starts at 99,979
    }

    [Theory]
    [InlineData("\u20ac", 0)] // three bytes, the cut after the first
    [InlineData("\u20ac", 1)]
    [InlineData("\u20ac", 2)] // the cut after the character: nothing to move
    [InlineData("\U0001F5F3", 0)] // four bytes (a ballot box)
    [InlineData("\U0001F5F3", 2)]
    [InlineData("\U0001F5F3", 3)]
    [InlineData("\u00e9", 0)]
    public void A_binary_head_ends_on_a_whole_character(string character, int bytesBefore)
    {
        // The character's bytes straddle the 64 KiB cut; the head is the whole file's text up to a character, never a
        // replacement character the whole file does not have.
        var encoded = Encoding.UTF8.GetBytes(character);
        var bytes = Binary(70_000, firstNul: 5);
        encoded.CopyTo(bytes, 65_536 - 1 - bytesBefore);
        var whole = SourceText.FromBytes("f", bytes).Text;
        var head = Read(bytes).Text;

        whole.ShouldStartWith(head, Case.Sensitive);
        head.ShouldNotContain('\uFFFD');
        int cut = 65_536 - 1 - bytesBefore + (bytesBefore + 1 == encoded.Length ? encoded.Length : 0);
        head.Length.ShouldBe(Encoding.UTF8.GetCharCount(bytes, 0, cut));
    }

    [Fact]
    public void Stray_continuation_bytes_at_the_cut_stay_as_the_whole_file_has_them()
    {
        var bytes = Binary(70_000, firstNul: 5);
        for (int i = 65_530; i < 65_540; i++)
        {
            bytes[i] = 0x80;
        }

        var whole = SourceText.FromBytes("f", bytes).Text;
        var head = Read(bytes).Text;
        head.Length.ShouldBe(65_536);
        whole.ShouldStartWith(head, Case.Sensitive);
    }

    [Fact]
    public void Text_and_UTF16_files_are_read_whole()
    {
        var text = Encoding.UTF8.GetBytes("zone \"example.nl\" { type primary; };\n" + new string('#', 100_000) + "\u00e9\n");
        Read(text).Text.ShouldBe(SourceText.FromBytes("f", text).Text);

        var utf16 = new byte[] { 0xFF, 0xFE }.Concat(Encoding.Unicode.GetBytes("x: 1\n" + new string('y', 70_000))).ToArray();
        Read(utf16).Length.ShouldBe(70_005);

        SourceText.BinaryHead(Binary(10, firstNul: 3)).ShouldBe(10);
        SourceText.BinaryHead(Encoding.ASCII.GetBytes("no nul")).ShouldBeNull();
    }
}
