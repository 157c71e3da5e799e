using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Text;

/// <summary>
/// Format detection reads lines as spans (<see cref="SpanLines"/>) where it split strings before: the lines must be the
/// ones the string splitting gave, or a file would be detected differently.
/// </summary>
public class SpanLinesTests
{
    private static readonly string[] Samples = ["", "\n", "a", "a\n", "\na", "a\nb", "a\r\nb\r\n", "a\rb", "\r\n\r\n", "x\n\n\ny\n", "  $TTL 60 ; c\r\n@ IN SOA a b (\n"];

    public static TheoryData<string> Texts => [.. Samples];

    private static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        foreach (var line in SpanLines.Split(text))
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    private static List<string> LinesAtEitherBreak(string text)
    {
        var lines = new List<string>();
        foreach (var line in SpanLines.AtEitherBreak(text))
        {
            lines.Add(line.ToString());
        }

        return lines;
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void Split_gives_what_string_split_at_line_feeds_gives(string text) => SplitLines(text).ShouldBe(text.Split('\n'));

    [Theory]
    [MemberData(nameof(Texts))]
    public void AtEitherBreak_cuts_at_each_carriage_return_and_line_feed_and_gives_nothing_after_a_final_break(string text)
    {
        // The loop the zone sniffer used before: a line per break character, none once the text is used up.
        var expected = new List<string>();
        for (int start = 0; start < text.Length;)
        {
            int end = text.IndexOfAny(['\r', '\n'], start);
            end = end < 0 ? text.Length : end;
            expected.Add(text[start..end]);
            start = end + 1;
        }

        LinesAtEitherBreak(text).ShouldBe(expected);
    }

    public static TheoryData<string> UnicodeTexts => [.. Samples.Concat([
        "a\fb", "\f", "a\u0085b\u2028c\u2029d", "\u2029", "a\r\n\u2028\r", "<VirtualHost *:80>\f\r\n</VirtualHost>\u0085", "\r\r\n\n\u0085\u0085",
        "caf\u00e9\n\u20ac\r\n", "\n\r", "x\u000by", // a vertical tab is no break
    ])];

    [Theory]
    [MemberData(nameof(UnicodeTexts))]
    public void AtUnicodeBreaks_gives_what_the_runtime_s_line_enumerator_gives(string text)
    {
        var expected = new List<string>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            expected.Add(line.ToString());
        }

        var lines = new List<string>();
        foreach (var line in SpanLines.AtUnicodeBreaks(text))
        {
            lines.Add(line.ToString());
        }

        lines.ShouldBe(expected);
    }

    [Fact]
    public void Lines_are_exact()
    {
        SplitLines("a\r\n\nb").ShouldBe(["a\r", "", "b"]);
        LinesAtEitherBreak("a\r\n\nb").ShouldBe(["a", "", "", "b"]);
    }

    [Theory]
    [InlineData("@ IN SOA ns host", "SOA", true)]
    [InlineData("@\tin\tsoa ns host", "SOA", true)]
    [InlineData("  a  b  c  d  e  SOA", "SOA", true)]
    [InlineData("a b c d e f SOA", "SOA", false)]
    [InlineData("@ IN SOAX ns", "SOA", false)]
    [InlineData("", "SOA", false)]
    [InlineData(" \t ", "SOA", false)]
    public void FirstWordsContain_compares_whole_words_among_the_first_ones_ignoring_case(string line, string word, bool expected) =>
        SpanLines.FirstWordsContain(line, 6, word).ShouldBe(expected);
}
