using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Yaml;

public class YamlParserTests
{
    private static YamlSyntaxTree Parse(string text) => YamlParser.Parse(new SourceText("d.yml", text), InputFormat.Descriptor);

    [Fact]
    public void Keeps_exact_spans_of_keys_values_and_block_collections()
    {
        var tree = Parse("version: 1\nsites:\n  - name: results\n    role: results\n");
        tree.Diagnostics.ShouldBeEmpty();
        var root = tree.RootMapping!;
        root.Entries.Select(e => e.Key.Value).ShouldBe(["version", "sites"]);
        root.Find("version")!.Value.GetLocation().ShouldBe(new Location("d.yml", new TextSpan(9, 1), 1, 10, 1, 11));
        var item = (YamlMappingSyntax)((YamlSequenceSyntax)root.Find("sites")!.Value).Items[0];
        // The block mapping starts at its first key and ends with its last value, not at the next token.
        var location = item.GetLocation();
        (location.StartLine, location.StartColumn, location.EndLine, location.EndColumn).ShouldBe((3, 5, 4, 18));
        tree.Source.ToString(item.Span).ShouldBe("name: results\n    role: results");
    }

    [Theory]
    [InlineData("")]
    [InlineData("? [complex, key]\n: ignored\n")]
    public void Explicit_tags_are_kept_for_the_nodes_that_have_them_on_both_ways_of_building(string forceModel)
    {
        // The second case has a complex key, so the tree is converted from YamlDotNet's model, not built from the events.
        var tree = Parse(forceModel + "<<: !include common.yaml\nchecks: !retain\n  - !omit repository\n  - extract\nplain: value\nstring: !!str 7\nlist: !include [a.yaml, b.yaml]\nfirst: &anchor !local {x: 1}\nsecond: *anchor\n");
        var root = tree.RootMapping!;
        YamlNodeSyntax Value(string key) => root.Find(key)!.Value;
        tree.GetTag(Value("<<")).ShouldBe("!include");
        tree.GetTag(Value("checks")).ShouldBe("!retain");
        var checks = ((YamlSequenceSyntax)Value("checks")).Items;
        tree.GetTag(checks[0]).ShouldBe("!omit");
        ((YamlScalarSyntax)checks[0]).Value.ShouldBe("repository");
        tree.GetTag(checks[1]).ShouldBeNull();
        tree.GetTag(Value("plain")).ShouldBeNull();
        tree.GetTag(root.Find("plain")!.Key).ShouldBeNull();
        tree.GetTag(Value("string")).ShouldBe("tag:yaml.org,2002:str");
        tree.GetTag(Value("list")).ShouldBe("!include");
        ((YamlSequenceSyntax)Value("list")).Items.Select(i => tree.GetTag(i)).ShouldBe([null, null]);

        // An alias is its anchor's node, built again, with the anchor's tag.
        tree.GetTag(Value("first")).ShouldBe("!local");
        tree.GetTag(Value("second")).ShouldBe("!local");
        Value("second").ShouldNotBeSameAs(Value("first"));

        // WithDiagnostics moves the nodes to a new tree, and their tags with them.
        tree.WithDiagnostics([]).GetTag(Value("<<")).ShouldBe("!include");
        Parse("a: 1\n").GetTag(Parse("a: 1\n").RootMapping!).ShouldBeNull();
    }

    [Fact]
    public void Keys_and_values_that_repeat_share_their_string_on_both_ways_of_building()
    {
        // A descriptor writes the same keys and values in every entry; the second tree goes through YamlDotNet's model
        // (a complex key), the first built while its events are read.
        var events = Parse("sites:\n  - role: primary-dns\n    dnssec: true\n  - role: primary-dns\n    dnssec: true\n").RootMapping!;
        var items = ((YamlSequenceSyntax)events.Find("sites")!.Value).Items.Cast<YamlMappingSyntax>().ToList();
        ReferenceEquals(items[0].Entries[0].Key.Value, items[1].Entries[0].Key.Value).ShouldBeTrue();
        var value = ((YamlScalarSyntax)items[0].Find("role")!.Value).Value;
        value.ShouldBe("primary-dns");
        ReferenceEquals(value, ((YamlScalarSyntax)items[1].Find("role")!.Value).Value).ShouldBeTrue();

        var model = Parse("role: primary-dns\n? [x, y]\n: 2\n").RootMapping!;
        ReferenceEquals(((YamlScalarSyntax)model.Find("role")!.Value).Value, value).ShouldBeTrue();
        ReferenceEquals(model.Entries[0].Key.Value, items[0].Entries[0].Key.Value).ShouldBeTrue();
    }

    [Fact]
    public void Quoted_scalars_are_not_null_and_plain_null_forms_are()
    {
        var root = Parse("a: ~\nb: null\nc:\nd: 'null'\ne: \"\"\n").RootMapping!;
        root.Entries.Select(e => ((YamlScalarSyntax)e.Value).IsNull).ShouldBe([true, true, true, false, false]);
    }

    [Fact]
    public void Syntax_error_becomes_EA0002_at_the_offending_line()
    {
        var tree = Parse("version: 1\nelection:\n  name: \"unterminated\n  date: 2027-01-01\n");
        var diagnostic = tree.Diagnostics.ShouldHaveSingleItem();
        diagnostic.RuleId.ShouldBe("EA0002");
        (diagnostic.Location.StartLine, diagnostic.Location.StartColumn).ShouldBe((3, 9)); // the opening quote of the unterminated scalar
        diagnostic.Message.ShouldStartWith("YAML syntax error: ");
        diagnostic.Message.ShouldNotContain("(Line:");
    }

    [Fact]
    public void Bad_indentation_is_reported_at_its_line()
    {
        var tree = Parse("election:\n  name: x\n date: 2027-01-01\n");
        tree.Diagnostics.ShouldHaveSingleItem().Location.StartLine.ShouldBe(3);
    }

    [Fact]
    public void Alias_bombs_are_refused_quickly_with_EA0002()
    {
        var lines = new List<string> { "a: &a [x, x, x, x, x, x, x, x, x, x]" };
        for (int i = 1; i < 12; i++)
        {
            lines.Add($"{(char)('a' + i)}: &{(char)('a' + i)} [*{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}, *{(char)('a' + i - 1)}]");
        }

        var tree = Parse(string.Join("\n", lines));
        var diagnostic = tree.Diagnostics.ShouldHaveSingleItem();
        diagnostic.RuleId.ShouldBe("EA0002");
        diagnostic.Message.ShouldContain("more than 200000 nodes");
        tree.Document.Root.ShouldBeNull();
    }

    [Fact]
    public void Handles_crlf_bom_and_missing_final_newline()
    {
        var source = SourceText.FromBytes("d.yml", [0xEF, 0xBB, 0xBF, .. "a: 1\r\nb: two"u8.ToArray()]);
        var tree = YamlParser.Parse(source, InputFormat.Descriptor);
        tree.Diagnostics.ShouldBeEmpty();
        tree.RootMapping!.Find("b")!.Value.GetLocation().ShouldBe(new Location("d.yml", new TextSpan(9, 3), 2, 4, 2, 7));
    }

    [Fact]
    public void Never_throws_on_binary_garbage()
    {
        var random = new Random(42);
        for (int i = 0; i < 200; i++)
        {
            var bytes = new byte[random.Next(0, 300)];
            random.NextBytes(bytes);
            Should.NotThrow(() => YamlParser.Parse(SourceText.FromBytes("g.yml", bytes), InputFormat.Descriptor));
        }
    }

    [Fact]
    public void A_file_without_a_hash_has_no_comments_and_reads_as_usual()
    {
        var tree = Parse("version: 1\nsites: [a, b]\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.CommentSpans.ShouldBeEmpty();
        tree.RootMapping!.Entries.Select(e => e.Key.Value).ShouldBe(["version", "sites"]);
    }

    /// <summary>Comments in each position YAML allows them, each ending before its line break.</summary>
    private const string Commented =
        "# top\n" +
        "--- # after the document start\n" +
        "version: 1 # after a value\n" +
        "sites: # after a key\n" +
        "  # before an item\n" +
        "  - name: results # in an item\n" +
        "    hosts: [a, # in a flow sequence\n" +
        "      b] # after it\n" +
        "    notes: |\n" +
        "      # not a comment, block scalar text\n" +
        "    quoted: \"a # b\" # after a quoted scalar\n" +
        "    map: {x: 1, # in a flow mapping\n" +
        "      y: 2}\n" +
        "  #indented, no space\n" +
        "... # after the document end\n" +
        "# last, no line break";

    [Fact]
    public void Comments_are_collected_while_parsing_in_every_position_the_scanner_finds_them()
    {
        var tree = Parse(Commented);
        tree.Diagnostics.ShouldBeEmpty();
        var comments = tree.CommentSpans.Select(span => tree.Source.ToString(span)).ToList();
        comments.ShouldBe(
        [
            "# top", "# after the document start", "# after a value", "# after a key", "# before an item", "# in an item",
            "# in a flow sequence", "# after it", "# after a quoted scalar", "# in a flow mapping", "#indented, no space",
            "# after the document end", "# last, no line break",
        ]);

        // The same spans as the scanner's own pass over the file finds.
        tree.CommentSpans.ShouldBe(YamlParser.ScanComments(tree.Source));
        var item = (YamlMappingSyntax)((YamlSequenceSyntax)tree.RootMapping!.Find("sites")!.Value).Items[0];
        ((YamlScalarSyntax)item.Find("notes")!.Value).Value.ShouldBe("# not a comment, block scalar text\n");
        ((YamlScalarSyntax)item.Find("quoted")!.Value).Value.ShouldBe("a # b");
    }

    [Fact]
    public void A_comment_line_after_a_flow_collection_ending_a_mapping_reads()
    {
        // YamlDotNet's parser, given the comment tokens itself, fails here ("did not find expected key"): the comments
        // are taken out of the token stream before it.
        var tree = Parse("a: [1, 2]\n# last\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.CommentSpans.ShouldBe([new TextSpan(10, 6)]);
        ((YamlSequenceSyntax)tree.RootMapping!.Find("a")!.Value).Items.Length.ShouldBe(2);
    }

    [Theory]
    [InlineData("# c\nversion: 1\nelection:\n  name: \"unterminated\n  date: 2027-01-01\n", 4, 9)]
    [InlineData("# c\nelection:\n  name: x\n date: 2027-01-01\n", 4, 2)]
    [InlineData("# c\na: *x\nb: &x 1\n", 2, 4)]
    public void A_file_with_comments_and_an_error_reports_the_error_as_without_comments(string text, int line, int column)
    {
        var tree = Parse(text);
        var withoutComment = Parse(text[4..]);
        var diagnostic = tree.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.Location.StartLine, diagnostic.Location.StartColumn).ShouldBe((line, column));
        var other = withoutComment.Diagnostics.ShouldHaveSingleItem();
        (diagnostic.RuleId, diagnostic.Message, diagnostic.Location.StartLine - 1, diagnostic.Location.StartColumn, diagnostic.Location.EndLine - 1, diagnostic.Location.EndColumn)
            .ShouldBe((other.RuleId, other.Message, other.Location.StartLine, other.Location.StartColumn, other.Location.EndLine, other.Location.EndColumn));
        tree.Document.Root.ShouldBeNull();

        // Its comments are found when asked for, as before.
        tree.CommentSpans.ShouldBe([new TextSpan(0, 3)]);
    }

    [Fact]
    public void Schema_diagnostics_keep_the_comments_found_while_parsing()
    {
        var tree = Parse("a: 1 # one\n");
        var more = tree.WithDiagnostics([new SyntaxDiagnostic("EA0004", tree.Source.GetLocation(new TextSpan(0, 1)), "m", "k")]);
        more.Diagnostics.Length.ShouldBe(1);
        more.CommentSpans.ShouldBe([new TextSpan(5, 5)]);

        // The same array: not scanned for again.
        (more.CommentSpans == tree.CommentSpans).ShouldBeTrue();
    }

    [Fact]
    public void A_file_read_as_bytes_parses_as_its_string_does()
    {
        // A last line starting with '%' is read with a line break after it (ReaderFor).
        var text = Commented + "\n%x";
        var fromBytes = YamlParser.Parse(SourceText.FromBytes("d.yml", System.Text.Encoding.ASCII.GetBytes(text)), InputFormat.Descriptor);
        var fromString = Parse(text);
        fromBytes.Diagnostics.Select(d => d.ToString()).ShouldBe(fromString.Diagnostics.Select(d => d.ToString()));
        fromBytes.CommentSpans.ShouldBe(fromString.CommentSpans);
        Shape(fromBytes.Document.Root).ShouldBe(Shape(fromString.Document.Root));
        Shape(fromBytes.Document.Root).ShouldContain("hosts");
    }

    private static string Diagnostic(SyntaxDiagnostic d) =>
        $"{d.LogicalKey} {d.Location.StartLine}:{d.Location.StartColumn}-{d.Location.EndLine}:{d.Location.EndColumn} {d.Message}";

    private static string Text(YamlSyntaxTree tree, YamlNodeSyntax node) => tree.Source.ToString(node.Span);

    [Fact]
    public void An_alias_reads_as_the_node_it_refers_to_with_that_nodes_span()
    {
        var tree = Parse("hosts: &h [a, b]\nkey: &k name\nsite:\n  *k : x\n  hosts: *h\n  again: *h\n");
        tree.Diagnostics.ShouldBeEmpty();
        var site = (YamlMappingSyntax)tree.RootMapping!.Find("site")!.Value;
        site.Entries.Select(e => e.Key.Value).ShouldBe(["name", "hosts", "again"]);
        site.Entries[0].Key.Span.ShouldBe(new TextSpan(22, 7)); // "&k name", where the anchored scalar is
        var hosts = (YamlSequenceSyntax)site.Find("hosts")!.Value;
        var again = (YamlSequenceSyntax)site.Find("again")!.Value;
        // A flow collection's span ends where its last item ends (YamlDotNet marks only its start).
        (Text(tree, hosts), Text(tree, again)).ShouldBe(("&h [a, b", "&h [a, b"));
        hosts.Items.Select(i => ((YamlScalarSyntax)i).Value).ShouldBe(["a", "b"]);

        // Each use is a node of its own in the tree (the tree links each node to one parent).
        hosts.ShouldNotBeSameAs(again);
        hosts.Items[0].ShouldNotBeSameAs(again.Items[0]);

        // The mapping ends where its last key or value ends, and an alias's node lies where its anchor is: here before it.
        Text(tree, site).ShouldBe("*k : x\n  hosts: *h\n  again");
    }

    [Fact]
    public void An_alias_refers_to_the_latest_anchor_before_it_even_inside_a_node_used_later()
    {
        var tree = Parse("a: &x 1\nb: &y [*x]\nc: &x 2\nd: *x\ne: *y\n");
        tree.Diagnostics.ShouldBeEmpty();
        var root = tree.RootMapping!;
        ((YamlScalarSyntax)root.Find("d")!.Value).Value.ShouldBe("2");
        var e = (YamlSequenceSyntax)root.Find("e")!.Value;
        ((YamlScalarSyntax)e.Items.ShouldHaveSingleItem()).Value.ShouldBe("1");
        Text(tree, e.Items[0]).ShouldBe("&x 1");
    }

    [Fact]
    public void Every_use_of_an_alias_counts_against_the_node_limit()
    {
        // 1 mapping + 2 keys + the sequence and its 2 items = 6 nodes; the alias adds 3 more, the last past the limit of 8.
        var tree = YamlParser.Parse(new SourceText("d.yml", "a: &s [x, y]\nb: *s\n"), InputFormat.Descriptor, new YamlLimits(MaxNodes: 8));
        tree.Diagnostics.Select(Diagnostic).ShouldBe(["yaml-limit 1:11-1:12 The YAML document expands to more than 8 nodes (aliases included); it was not read further."]);
        tree.Document.Root.ShouldBeNull();
        YamlParser.Parse(new SourceText("d.yml", "a: &s [x, y]\nb: *s\n"), InputFormat.Descriptor, new YamlLimits(MaxNodes: 9)).Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Nesting_past_the_depth_limit_is_reported_at_the_first_node_too_deep()
    {
        // The mapping is at depth 0, a and its mapping at 1, b and the sequence at 2, c and {d: e} at 3, d at 4.
        var tree = YamlParser.Parse(new SourceText("d.yml", "a:\n  b: [c, {d: e}]\n"), InputFormat.Descriptor, new YamlLimits(MaxDepth: 3));
        tree.Diagnostics.Select(Diagnostic).ShouldBe(["yaml-limit 2:11-2:12 The YAML document nests deeper than 3 levels; it was not read further."]);
        YamlParser.Parse(new SourceText("d.yml", "a:\n  b: [c, {d: e}]\n"), InputFormat.Descriptor, new YamlLimits(MaxDepth: 4)).Diagnostics.ShouldBeEmpty();
    }

    [Fact]
    public void Deep_flow_nesting_is_refused_while_the_events_are_read_not_after_the_whole_file()
    {
        // 100,000 braces (100 KB): YamlDotNet's scanner does work per open flow collection for every token, so reading the
        // whole stream before the builder's depth check took 84 s here, and a megabyte would take hours. The read stops at
        // the 65th brace: with the root mapping that is 66 open collections, which puts nodes past depth 64.
        var text = "# a comment\na: " + new string('{', 100_000) + "\n# after\n";
        var tree = YamlParser.Parse(new SourceText("d.yml", text), InputFormat.Descriptor);
        tree.Diagnostics.Select(Diagnostic).ShouldBe(["yaml-limit 2:68-2:68 The YAML document nests deeper than 64 levels; it was not read further."]);
        tree.Document.Root.ShouldBeNull();

        // The comment scan stops there too: the comment before it is kept, the one after is not reached.
        tree.CommentSpans.Select(span => tree.Source.ToString(span)).ShouldBe(["# a comment"]);

        // At the limit the verdict is the builder's, as before: a sequence at depth 64 is read, one at 65 is not.
        static string Nested(int levels) => "a: " + new string('[', levels) + new string(']', levels) + "\n";
        YamlParser.Parse(new SourceText("d.yml", Nested(64)), InputFormat.Descriptor).Diagnostics.ShouldBeEmpty();
        YamlParser.Parse(new SourceText("d.yml", Nested(65)), InputFormat.Descriptor).Diagnostics.Select(Diagnostic)
            .ShouldBe(["yaml-limit 1:68-1:68 The YAML document nests deeper than 64 levels; it was not read further."]);
    }

    [Theory]
    [InlineData("a: 1\nb: 2\na: 3\n", "yaml-syntax 3:1-3:2 YAML syntax error: Duplicate key a")]
    [InlineData("a: 1\n'a': 2\n", "yaml-syntax 2:1-2:4 YAML syntax error: Duplicate key a")]
    [InlineData("&k a: 1\n*k : 2\n", "yaml-syntax 1:1-1:5 YAML syntax error: Duplicate key a")]
    [InlineData("a: 1\n---\nb: {c: 1, c: 2}\n", "yaml-syntax 3:11-3:12 YAML syntax error: Duplicate key c")]
    public void A_key_twice_in_a_mapping_is_reported_in_any_document(string text, string diagnostic)
    {
        var tree = Parse(text);
        tree.Diagnostics.Select(Diagnostic).ShouldBe([diagnostic]);
        tree.Document.Root.ShouldBeNull();
    }

    [Fact]
    public void A_key_twice_is_found_in_a_mapping_with_many_keys()
    {
        var keys = Enumerable.Range(0, 40).Select(i => $"k{i}: {i}\n").ToList();
        var tree = Parse(string.Concat(keys));
        tree.Diagnostics.ShouldBeEmpty();
        tree.RootMapping!.Entries.Length.ShouldBe(40);
        Parse(string.Concat(keys) + "k3: again\n").Diagnostics.Select(Diagnostic).ShouldBe(["yaml-syntax 41:1-41:3 YAML syntax error: Duplicate key k3"]);
        Parse(string.Concat(keys.Take(5)) + "k3: again\n").Diagnostics.Select(Diagnostic).ShouldBe(["yaml-syntax 6:1-6:3 YAML syntax error: Duplicate key k3"]);
    }

    [Fact]
    public void Keys_with_one_value_and_different_tags_are_both_kept()
    {
        var tree = Parse("a: 1\n!!str a: 2\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.RootMapping!.Entries.Select(e => ((YamlScalarSyntax)e.Value).Value).ShouldBe(["1", "2"]);
    }

    [Fact]
    public void A_key_that_is_not_a_scalar_is_reported_and_its_entry_left_out()
    {
        var tree = Parse("a: 1\n? [x, y]\n: 2\nb: 3\n");
        tree.Diagnostics.Select(Diagnostic).ShouldBe(["complex-key 2:3-2:3 A mapping key must be a scalar; this entry was ignored."]);
        tree.RootMapping!.Entries.Select(e => e.Key.Value).ShouldBe(["a", "b"]);
    }

    [Fact]
    public void A_second_document_is_reported_where_its_node_starts()
    {
        var tree = Parse("a: 1\n---\n  b: 2\n--- c\n");
        tree.Diagnostics.Select(Diagnostic).ShouldBe(["multiple-documents 3:3-3:3 Only the first YAML document of the file is read; this file has more than one."]);
        tree.RootMapping!.Find("a").ShouldNotBeNull();
        Parse("--- x\n").Diagnostics.ShouldBeEmpty();
        Parse("").Document.Root.ShouldBeNull();
        Parse("# only a comment\n").Document.Root.ShouldBeNull();
    }

    [Fact]
    public void An_entrys_children_are_its_key_and_its_value()
    {
        var entry = Parse("a: [1]\n").RootMapping!.Entries[0];
        var children = entry.ChildNodes();
        children.ShouldBe([entry.Key, entry.Value]);

        // Walks take the children as a list when they are one.
        var list = children.ShouldBeAssignableTo<IReadOnlyList<SyntaxNode>>()!;
        (list.Count, list[0], list[1]).ShouldBe((2, (SyntaxNode)entry.Key, (SyntaxNode)entry.Value));
        Should.Throw<ArgumentOutOfRangeException>(() => list[2]);
        entry.DescendantNodesAndSelf().Select(n => n.GetType().Name).ShouldBe(["YamlEntrySyntax", "YamlScalarSyntax", "YamlSequenceSyntax", "YamlScalarSyntax"]);
    }

    private static string Shape(SyntaxNode? node) => node is null ? "-" : string.Join(
        "|", node.DescendantNodesAndSelf().Select(n => $"{n.GetType().Name}{n.Span}{(n as YamlScalarSyntax)?.Value}"));
}
