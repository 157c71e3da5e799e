using System.Globalization;
using System.Text;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Reporting;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>
/// Expected values are the ones GitHub's own test suite asserts for its implementation: github/codeql-action,
/// <c>src/fingerprints.test.ts</c>, test "hash" (the same inputs, the same per-line hashes). Note that the action yields one
/// hash per line including the empty line after a final line break, and that hashes are not zero-padded (54703d4cd895b18).
/// </summary>
public class PrimaryLocationLineHashTests
{
    [Fact]
    public void Empty_file() => PrimaryLocationLineHash.Compute(string.Empty).ShouldBe(["c129715d7a2bc9a3:1"]);

    [Fact]
    public void Leading_blanks_and_tabs_are_skipped() =>
        PrimaryLocationLineHash.Compute(" a\nb\n  \t\tc\n d").ShouldBe(["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]);

    [Fact]
    public void Without_final_line_break() =>
        PrimaryLocationLineHash.Compute(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End").ShouldBe(
            ["8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1", "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1"]);

    [Theory]
    [InlineData(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n")]
    [InlineData(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r")]
    [InlineData(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n")]
    [InlineData(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n")]
    public void Every_line_ending_counts_as_one_line_feed(string text) =>
        PrimaryLocationLineHash.Compute(text).ShouldBe(
            ["e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1", "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1", "c129715d7a2bc9a3:1"]);

    [Fact]
    public void Identical_windows_are_numbered() =>
        PrimaryLocationLineHash.Compute(string.Concat(Enumerable.Repeat("Lorem ipsum dolor sit amet.\n", 10))).ShouldBe(
        [
            "a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3", "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
            "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1", "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1",
        ]);

    // The SARIF writer hashes a SourceText in chunks of 1,024 characters, from its string or from its bytes, and formats
    // a line's value only when asked: every line must read as Compute(string) gives it. The texts put a CR LF across a
    // chunk's end, repeat windows (counts above 1), and run past several chunks.
    public static TheoryData<string> SourceTexts() =>
    [
        string.Empty,
        " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
        new string('x', 1023) + "\r\n" + string.Concat(Enumerable.Repeat("server_name results.example.nl;\r\n", 200)),
        string.Concat(Enumerable.Range(0, 500).Select(i => $"\tlocation /{i % 7} {{ return 301; }}\r" + (i % 3 == 0 ? "\n" : string.Empty))),
    ];

    [Theory]
    [MemberData(nameof(SourceTexts))]
    public void A_source_text_hashes_as_its_string_does(string text)
    {
        var expected = PrimaryLocationLineHash.Compute(text);
        foreach (var source in new[] { new SourceText("a.conf", text), SourceText.FromBytes("a.conf", Encoding.ASCII.GetBytes(text)) })
        {
            var lines = PrimaryLocationLineHash.Compute(source);
            lines.Count.ShouldBe(expected.Count);
            var scratch = new char[PrimaryLocationLineHash.LineHashes.MaxLength];
            for (int line = 1; line <= expected.Count; line++)
            {
                lines.Has(line).ShouldBeTrue();
                lines.Format(line).ShouldBe(expected[line - 1]);
                lines.Format(line, scratch).ToString().ShouldBe(expected[line - 1]);
            }

            lines.Has(0).ShouldBeFalse();
            lines.Has(expected.Count + 1).ShouldBeFalse();
            lines.Format(expected.Count + 1).ShouldBeEmpty();
        }
    }

    [Fact]
    public void The_longest_value_fits_the_scratch()
    {
        // All 16 hexadecimal digits and a count of ten digits still fit MaxLength.
        ulong.MaxValue.ToString("x", System.Globalization.CultureInfo.InvariantCulture).Length.ShouldBe(16);
        (16 + 1 + int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture).Length).ShouldBeLessThanOrEqualTo(PrimaryLocationLineHash.LineHashes.MaxLength);
    }

    [Fact]
    public void A_text_hashed_after_a_longer_one_keeps_nothing_of_it()
    {
        // The thread's hasher is reused: its tables must start empty, so the counts of repeated windows restart at 1 and
        // no line of the longer text is left over.
        PrimaryLocationLineHash.Compute(new SourceText("long.conf", string.Concat(Enumerable.Repeat(" a\nb\n  \t\tc\n d\n", 300)))).Count.ShouldBe(1201);
        var lines = PrimaryLocationLineHash.Compute(new SourceText("short.conf", " a\nb\n  \t\tc\n d"));
        lines.Count.ShouldBe(4);
        Enumerable.Range(1, 5).Select(lines.Format).ShouldBe(["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1", string.Empty]);
    }

    [Fact]
    public void Every_corpus_file_and_random_text_hashes_as_the_algorithm_read_plainly_does()
    {
        // The hasher keeps its state in locals over each chunk; the reference below is the algorithm as the class remarks
        // describe it, one character at a time with every step written out. Random texts mix the characters the algorithm
        // treats specially (spaces, tabs, CR, LF) with others, so CR LF pairs and blank runs fall across chunk ends.
        var texts = new List<(string Name, string Text)>();
        var random = new Random(20261207);
        const string Alphabet = "  \t\t\r\n\n\nabc;{}\u00e9\uffff";
        for (int i = 0; i < 200; i++)
        {
            var chars = new char[random.Next(0, 3000)];
            for (int j = 0; j < chars.Length; j++)
            {
                chars[j] = Alphabet[random.Next(Alphabet.Length)];
            }

            texts.Add(($"random {i}", new string(chars)));
        }

        var corpus = CorpusPaths.TryFindCorpus();
        if (corpus is not null)
        {
            texts.AddRange(Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                .Select(path => (path, File.ReadAllText(path))));
        }

        // One LineHashes started on every text in turn, as the SARIF writer uses it, asked for a few lines in random order
        // first (each answer computed only as far as it needs), then for all of them.
        var reused = new PrimaryLocationLineHash.LineHashes();
        foreach (var (name, text) in texts)
        {
            var expected = Reference(text);
            PrimaryLocationLineHash.Compute(text).ShouldBe(expected, name);
            var lines = PrimaryLocationLineHash.Compute(new SourceText(name, text));
            Enumerable.Range(1, lines.Count).Select(lines.Format).ShouldBe(expected, name);

            reused.Start(new SourceText(name, text));
            for (int i = 0; i < 5; i++)
            {
                int line = random.Next(1, expected.Count + 2);
                reused.Format(line).ShouldBe(line <= expected.Count ? expected[line - 1] : string.Empty, $"{name} line {line}");
            }

            Enumerable.Range(1, reused.Count).Select(reused.Format).ShouldBe(expected, name);
        }
    }

    [Fact]
    public void A_file_is_hashed_only_as_far_as_the_lines_asked_for()
    {
        // 3,000 lines of 33 characters. A line's value needs the 100 counted characters from its start, so line 1 is out
        // after the first 1,024-character chunk, line 1,000 (starting at 32,967) after the 33rd, and the count of line 2
        // (a repeat of line 1's window) needs nothing past them.
        var text = string.Concat(Enumerable.Repeat("server_name results.example.nl;\r\n", 3000));
        text.Length.ShouldBe(3000 * 33);
        var expected = Reference(text);
        var lines = new PrimaryLocationLineHash.LineHashes();
        lines.Start(SourceText.FromBytes("long.conf", Encoding.ASCII.GetBytes(text)));
        lines.CharactersRead.ShouldBe(0);

        lines.Format(1).ShouldBe(expected[0]);
        lines.CharactersRead.ShouldBe(1024);
        lines.Format(1000).ShouldBe(expected[999]);
        lines.CharactersRead.ShouldBe(33 * 1024);
        lines.Format(2).ShouldBe(expected[1]);
        lines.CharactersRead.ShouldBe(33 * 1024);

        // The last lines need the end of the text, its end mark and the padding.
        lines.Format(3000).ShouldBe(expected[2999]);
        lines.CharactersRead.ShouldBe(text.Length);
        lines.Count.ShouldBe(3001);
        lines.Format(3001).ShouldBe(expected[3000]);
        lines.Has(3002).ShouldBeFalse();

        // Started on another file, nothing of the first is left.
        lines.Start(new SourceText("short.conf", " a\nb\n  \t\tc\n d"));
        lines.CharactersRead.ShouldBe(0);
        lines.Has(5).ShouldBeFalse();
        Enumerable.Range(1, 5).Select(lines.Format).ShouldBe(["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1", string.Empty]);
    }

    // github/codeql-action src/fingerprints.ts "hash", step by step: see PrimaryLocationLineHash's remarks.
    private static List<string> Reference(string text)
    {
        const int BlockSize = 100;
        ulong firstMod = 1;
        for (int i = 0; i < BlockSize; i++)
        {
            firstMod = unchecked(firstMod * 37);
        }

        var window = new int[BlockSize];
        var lineNumbers = Enumerable.Repeat(-1, BlockSize).ToArray();
        var seen = new Dictionary<ulong, int>();
        var hashes = new SortedDictionary<int, string>();
        ulong hash = 0;
        int index = 0, lineNumber = 0;
        bool lineStart = true, previousWasCarriageReturn = false;

        void Output()
        {
            seen[hash] = seen.GetValueOrDefault(hash) + 1;
            hashes[lineNumbers[index]] = hash.ToString("x", CultureInfo.InvariantCulture) + ":" + seen[hash].ToString(CultureInfo.InvariantCulture);
            lineNumbers[index] = -1;
        }

        void Update(int current)
        {
            int begin = window[index];
            window[index] = current;
            hash = unchecked((37 * hash) + (ulong)current - (firstMod * (ulong)begin));
            index = (index + 1) % BlockSize;
        }

        void Process(int current)
        {
            if (current == ' ' || current == '\t' || (previousWasCarriageReturn && current == '\n'))
            {
                previousWasCarriageReturn = false;
                return;
            }

            if (current == '\r')
            {
                current = '\n';
                previousWasCarriageReturn = true;
            }
            else
            {
                previousWasCarriageReturn = false;
            }

            if (lineNumbers[index] != -1)
            {
                Output();
            }

            if (lineStart)
            {
                lineStart = false;
                lineNumber++;
                lineNumbers[index] = lineNumber;
            }

            if (current == '\n')
            {
                lineStart = true;
            }

            Update(current);
        }

        foreach (char c in text)
        {
            Process(c);
        }

        Process(65535);
        for (int i = 0; i < BlockSize; i++)
        {
            if (lineNumbers[index] != -1)
            {
                Output();
            }

            Update(0);
        }

        return [.. hashes.Values];
    }
}
