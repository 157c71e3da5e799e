using System.Text;
using ElectionAudit.Core.Tests.Descriptor;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Yaml;

/// <summary>
/// The tree built while a YAML file's events are read must be the tree built from its recorded events, node for node
/// (class, span, value, plainness, tag), with the same diagnostics and comments; and the streamed build must give up
/// (leaving the file to the recorded reading) on everything it does not handle.
/// </summary>
public class YamlStreamedBuildTests
{
    public static TheoryData<string, bool> Crafted => new()
    {
        // Read while streaming.
        { "", true },
        { "# only a comment\n", true },
        { "--- x\n", true },
        { "a: 1\n", true },
        { "a: 1\n...\n", true },
        { "plain\n", true },
        { "- a\n- [b, c]\n- {d: e}\n-\n  - nested\n", true },
        { "sites:\n  - name: results # the public site\n    hosts: [results.example.nl, 'www.results.example.nl']\n    role: results\n  - name: dns\n    role: primary-dns\n", true },
        { "key: |\n  block\n  text\nfolded: >-\n  more\n  text\nquoted: \"with # hash\"\nsingle: 'it''s'\n", true },
        { "<<: !include common.yaml\nchecks: !retain\n  - !omit repository\nstring: !!str 7\nlist: !include [a.yaml, b.yaml]\nmap: !local {x: 1}\n", true },
        { "anchored: &a {x: 1}\nother: 2\n", true },
        { "a: 1\n!!str a: 2\n", false }, // the same key value twice, whatever the tags: the recorded reading decides
        { "\ufeffa: 1\r\nb:\r\n  - c\r\n", true },
        { "empty:\nnull_value: ~\nflow: {}\nseq: []\n", true },
        { "a:\n  b:\n    c:\n      d: [1, 2, {e: f}]\n", true },
        { "k1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk7: 7\nk8: 8\nk9: 9\nk10: 10\nk11: 11\nk12: 12\nk13: 13\nk14: 14\nk15: 15\nk16: 16\nk17: 17\nk18: 18\n", true },

        // Left to the recorded reading.
        { "first: &a {x: 1}\nsecond: *a\n", false },
        { "a: 1\na: 2\n", false },
        { "k1: 1\nk2: 2\nk3: 3\nk4: 4\nk5: 5\nk6: 6\nk7: 7\nk8: 8\nk9: 9\nk10: 10\nk11: 11\nk12: 12\nk13: 13\nk14: 14\nk15: 15\nk16: 16\nk17: 17\nk1: again\n", false },
        { "outer:\n  a: 1\n  a: 2\n", false },
        { "a: 1\n? [x, y]\n: 2\n", false },
        { "? {x: 1}\n: 2\n", false },
        { "a: 1\n---\nb: 2\n", false },
        { "a: 1\n--- c\n", false },
        { "a: [1, 2\n", false },
        { "a: 1\n b: 2\n", false },
        { "a: 'unclosed\n", false },
        { "x: *missing\n", false },
        { "%YAML 1.2\n%TAG ! tag:example.com,2000:\n--- !foo bar\n", true },
        { "%foo", true }, // a reserved directive, ignored as YAML 1.2 says (section 6.8)
    };

    [Theory]
    [MemberData(nameof(Crafted))]
    public void A_crafted_file_streams_as_expected_and_any_tree_streamed_is_the_recorded_one(string text, bool streams)
    {
        var source = new SourceText("d.yml", text);
        var streamed = YamlParser.TryParseStreamed(source, InputFormat.Descriptor, YamlLimits.Default);
        (streamed is not null).ShouldBe(streams);
        var recorded = YamlParser.ParseRecorded(new SourceText("d.yml", text), InputFormat.Descriptor, YamlLimits.Default);
        if (streamed is not null)
        {
            Dump(streamed).ShouldBe(Dump(recorded));
            recorded.Diagnostics.ShouldBeEmpty();
        }

        Dump(YamlParser.Parse(new SourceText("d.yml", text), InputFormat.Descriptor)).ShouldBe(Dump(recorded));
    }

    [Fact]
    public void A_file_past_the_limits_is_left_to_the_recorded_reading_which_reports_them()
    {
        var deep = string.Concat(Enumerable.Range(0, 8).Select(i => new string(' ', 2 * i) + "k:\n")) + new string(' ', 16) + "v\n";
        foreach (var (text, limits) in new[] { (deep, new YamlLimits(MaxDepth: 4)), ("- 1\n- 2\n- 3\n- 4\n", new YamlLimits(MaxNodes: 3)), ("a: 1\n", new YamlLimits(MaxNodes: 2)) })
        {
            YamlParser.TryParseStreamed(new SourceText("d.yml", text), InputFormat.Descriptor, limits).ShouldBeNull();
            var tree = YamlParser.Parse(new SourceText("d.yml", text), InputFormat.Descriptor, limits);
            tree.Diagnostics.Select(d => d.LogicalKey).ShouldBe(["yaml-limit"]);
            Dump(tree).ShouldBe(Dump(YamlParser.ParseRecorded(new SourceText("d.yml", text), InputFormat.Descriptor, limits)));
        }

        // Exactly at the limits it streams.
        YamlParser.TryParseStreamed(new SourceText("d.yml", "a: 1\n"), InputFormat.Descriptor, new YamlLimits(MaxNodes: 3)).ShouldNotBeNull();
        YamlParser.TryParseStreamed(new SourceText("d.yml", deep), InputFormat.Descriptor, new YamlLimits(MaxDepth: 8)).ShouldNotBeNull();
    }

    [Fact]
    public void The_samples_and_the_corpus_yaml_files_and_their_damaged_copies_give_the_recorded_trees()
    {
        var files = Directory.EnumerateFiles(Path.Combine(DescriptorLoaderTests.FindRepositoryRoot(), "samples"), "*.y*ml", SearchOption.AllDirectories).ToList();
        var corpus = CorpusPaths.TryFindCorpus();
        if (corpus is not null)
        {
            files.AddRange(Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)));
        }

        int streamed = 0, compared = 0;
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var variant in Variants(text))
            {
                compared++;
                if (Compare(file, variant))
                {
                    streamed++;
                }
            }
        }

        // The samples' descriptor is read while streaming, as a real descriptor is.
        var descriptor = File.ReadAllText(Path.Combine(DescriptorLoaderTests.FindRepositoryRoot(), "samples", "election-infrastructure.yml"));
        YamlParser.TryParseStreamed(new SourceText("d.yml", descriptor), InputFormat.Descriptor, YamlLimits.Default).ShouldNotBeNull();
        YamlParser.TryParseStreamed(SourceText.FromBytes("d.yml", Encoding.ASCII.GetBytes(descriptor.Replace("é", "e", StringComparison.Ordinal))), InputFormat.Descriptor, YamlLimits.Default).ShouldNotBeNull();
        streamed.ShouldBeGreaterThan(files.Count / 2);
        streamed.ShouldBeLessThan(compared);
    }

    // The file, and copies cut short or with a character put in at a few places, so that the streamed build meets
    // errors in every part of a file.
    private static IEnumerable<string> Variants(string text)
    {
        yield return text;
        foreach (var fraction in new[] { 0.13, 0.5, 0.77 })
        {
            int at = (int)(text.Length * fraction);
            yield return text[..at];
            foreach (var inserted in new[] { ":", "[", "\"", "&x ", "*x ", "\n- ", "\n  ", "\t" })
            {
                yield return text[..at] + inserted + text[at..];
            }
        }
    }

    private static bool Compare(string file, string text)
    {
        var streamed = YamlParser.TryParseStreamed(new SourceText(file, text), InputFormat.Descriptor, YamlLimits.Default);
        var recorded = YamlParser.ParseRecorded(new SourceText(file, text), InputFormat.Descriptor, YamlLimits.Default);
        if (streamed is not null)
        {
            Dump(streamed).ShouldBe(Dump(recorded), file);
        }

        return streamed is not null;
    }

    private static string Dump(YamlSyntaxTree tree)
    {
        var builder = new StringBuilder();
        foreach (var node in tree.Root.DescendantNodesAndSelf())
        {
            builder.Append(node.GetType().Name).Append(' ').Append(node.Span);
            if (node is YamlScalarSyntax scalar)
            {
                builder.Append(scalar.IsPlain ? " plain " : " quoted ").Append('[').Append(scalar.Value).Append(']');
            }

            if (node is YamlNodeSyntax yaml && tree.GetTag(yaml) is { } tag)
            {
                builder.Append(" tag ").Append(tag);
            }

            builder.Append('\n');
        }

        builder.Append("tags ").Append(tree.Tags?.Count ?? 0).Append('\n');
        foreach (var diagnostic in tree.Diagnostics)
        {
            builder.Append(diagnostic.RuleId).Append(' ').Append(diagnostic.LogicalKey).Append(' ').Append(diagnostic.Location).Append(' ').Append(diagnostic.Message).Append('\n');
        }

        builder.Append("comments ").AppendJoin(' ', tree.CommentSpans).Append('\n');
        return builder.ToString();
    }
}
