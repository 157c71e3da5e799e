using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using static ElectionAudit.Core.Tests.Syntax.Apache.ApacheTreeDump;

namespace ElectionAudit.Core.Tests.Syntax.Apache;

public class ApacheParserTests
{
    private static ApacheSyntaxTree Parse(string text) => ApacheSyntaxTree.Parse("site/t.conf", text);

    [Fact]
    public void Directives_and_nested_sections_have_exact_spans()
    {
        var tree = Parse("""
            ServerName example.org
            <VirtualHost *:443>
              <Directory "/var/www/html">
                Options -Indexes
              </Directory>
            </VirtualHost>
            """);

        Dump(tree).ShouldBe("""
            ServerName@1:1-1:11 example.org@1:12-1:23 span=1:1-1:23
            <VirtualHost@2:1-2:13 *:443@2:14-2:19 span=2:1-6:15 open=2:1-2:20 close=6:1-6:15
              <Directory@3:3-3:13 /var/www/html@3:14-3:29q span=3:3-5:15 open=3:3-3:30 close=5:3-5:15
                Options@4:5-4:12 -Indexes@4:13-4:21 span=4:5-4:21
            """);
        tree.Diagnostics.ShouldBeEmpty();
        tree.Format.ShouldBe(InputFormat.Apache);
        var directory = (ApacheSectionSyntax)((ApacheSectionSyntax)tree.Root.Children[1]).Children[0];
        directory.Parent!.Name.ShouldBe("VirtualHost");
        directory.Children[0].Parent.ShouldBeSameAs(directory);
        directory.Tree.ShouldBeSameAs(tree);
    }

    [Fact]
    public void Continuation_joins_lines_without_a_space_and_spans_point_into_the_original_lines()
    {
        // "a\\\n  b" joins to "a  b": the backslash and line break go, the next line's blanks stay.
        var tree = Parse("Header set X\\\n  \"one\" \\\ntwo\nNext x\n");

        Dump(tree).ShouldBe("""
            Header@1:1-1:7 set@1:8-1:11 X@1:12-1:13 one@2:3-2:8q two@3:1-3:4 span=1:1-3:4
            Next@4:1-4:5 x@4:6-4:7 span=4:1-4:7
            """);
    }

    [Fact]
    public void Continuation_can_split_a_word_and_the_word_span_covers_both_lines()
    {
        var tree = Parse("DocumentRoot /var/\\\nwww\n");

        var argument = tree.Root.Children[0].Arguments.ShouldHaveSingleItem();
        argument.Value.ShouldBe("/var/www");
        At(tree.Source, argument.Span).ShouldBe("1:14-2:4");
    }

    [Fact]
    public void A_backslash_on_the_last_line_without_a_line_break_is_literal()
    {
        // ap_cfg_getline only continues when the backslash is followed by a line feed.
        var tree = Parse("Alias /a /b\\");

        tree.Root.Children[0].Arguments.Select(a => a.Value).ShouldBe(["/a", "/b\\"]);
    }

    [Fact]
    public void Hash_starts_a_comment_only_at_the_start_of_a_line()
    {
        var tree = Parse("  # leading comment\nServerAdmin root@example.org # trailing words are arguments\n#ServerName off\n");

        Dump(tree).ShouldBe("ServerAdmin@2:1-2:12 root@example.org@2:13-2:29 #@2:30-2:31 trailing@2:32-2:40 words@2:41-2:46 are@2:47-2:50 arguments@2:51-2:60 span=2:1-2:60");
        tree.Comments.Select(c => $"{c.Text}@{At(tree.Source, c.Span)}").ShouldBe(["# leading comment@1:3-1:20", "#ServerName off@3:1-3:16"]);
    }

    [Fact]
    public void A_comment_ending_in_a_backslash_swallows_the_next_line()
    {
        // Checked against apache2 2.4: "# c \" followed by "ServerAdmin x y" is accepted, the second line being part of the comment.
        var tree = Parse("# comment \\\nServerAdmin x y\nServerName a\n");

        tree.Comments.ShouldHaveSingleItem().Text.ShouldBe("# comment ServerAdmin x y");
        At(tree.Source, tree.Comments[0].Span).ShouldBe("1:1-2:16");
        tree.Root.Children.ShouldHaveSingleItem().Name.ShouldBe("ServerName");
    }

    [Fact]
    public void Suppression_comment_is_kept_as_trivia_with_its_span()
    {
        var tree = Parse("<VirtualHost *:80>\n    # electionaudit-disable-next-line EA3009 -- reason\n    ServerName a\n</VirtualHost>\n");

        var comment = tree.Comments.ShouldHaveSingleItem();
        comment.Text.ShouldBe("# electionaudit-disable-next-line EA3009 -- reason");
        At(tree.Source, comment.Span).ShouldBe("2:5-2:55");
    }

    [Theory]
    [InlineData("Header set A \"x y\"", "x y", true)]
    [InlineData("Header set A 'x y'", "x y", true)]
    [InlineData("Header set A \"say \\\"hi\\\"\"", "say \"hi\"", true)]
    [InlineData("Header set A 'it\\'s'", "it's", true)]
    [InlineData("Header set A \"a\\\\b\"", "a\\b", true)]
    [InlineData("Header set A \"a\\nb\"", "a\\nb", true)]
    [InlineData("Header set A \"it's\"", "it's", true)]
    [InlineData("Header set A a\\\\b", "a\\b", false)]
    [InlineData("Header set A a\\\"b", "a\\\"b", false)]
    [InlineData("Header set A \"unterminated value", "unterminated value", true)]
    public void Quotes_and_escapes_follow_ap_getword_conf(string line, string expected, bool quoted)
    {
        var argument = Parse(line).Root.Children[0].Arguments[2];

        argument.Value.ShouldBe(expected);
        argument.IsQuoted.ShouldBe(quoted);
    }

    [Fact]
    public void A_quoted_word_ends_at_its_quote_even_without_a_following_blank()
    {
        // ap_getword_conf stops at the closing quote; what follows starts the next word.
        var tree = Parse("Foo \"a b\"c d\"e f\"\n");

        Dump(tree).ShouldBe("Foo@1:1-1:4 a b@1:5-1:10q c@1:10-1:11 d\"e@1:12-1:15 f\"@1:16-1:18 span=1:1-1:18");
    }

    [Fact]
    public void Close_tags_match_open_tags_ignoring_case_and_keep_the_written_name()
    {
        var tree = Parse("<ifmodule mod_ssl.c>\n<VIRTUALHOST *:443>\n</VirtualHost>\n</IfModule>\n");

        tree.Diagnostics.ShouldBeEmpty();
        var module = (ApacheSectionSyntax)tree.Root.Children.ShouldHaveSingleItem();
        module.Name.ShouldBe("ifmodule");
        module.IsNamed("IfModule").ShouldBeTrue();
        ((ApacheSectionSyntax)module.Children[0]).Name.ShouldBe("VIRTUALHOST");
    }

    [Fact]
    public void Section_argument_runs_to_the_last_bracket_and_text_after_it_is_dropped()
    {
        // core.c dirsection takes the text up to the last '>' as the argument.
        var tree = Parse("<LocationMatch \"^/(a|b)>x\"> ignored\n</LocationMatch>\n<Else>\n</Else>\n<Directory>\n</Directory>\n");

        tree.Diagnostics.ShouldBeEmpty();
        Dump(tree).ShouldBe("""
            <LocationMatch@1:1-1:15 ^/(a|b)>x@1:16-1:27q span=1:1-2:17 open=1:1-1:36 close=2:1-2:17
            <Else@3:1-3:6 span=3:1-4:8 open=3:1-3:7 close=4:1-4:8
            <Directory@5:1-5:11 span=5:1-6:13 open=5:1-5:12 close=6:1-6:13
            """);
    }

    [Fact]
    public void Any_name_is_a_section_and_other_close_tag_text_is_ignored()
    {
        var tree = Parse("<RequireAll>\nRequire all granted\n</RequireAll> trailing\n<Macro VHost $name>\nServerName $name\n</Macro>\n");

        tree.Diagnostics.ShouldBeEmpty();
        Dump(tree).ShouldBe("""
            <RequireAll@1:1-1:12 span=1:1-3:23 open=1:1-1:13 close=3:1-3:23
              Require@2:1-2:8 all@2:9-2:12 granted@2:13-2:20 span=2:1-2:20
            <Macro@4:1-4:7 VHost@4:8-4:13 $name@4:14-4:19 span=4:1-6:9 open=4:1-4:20 close=6:1-6:9
              ServerName@5:1-5:11 $name@5:12-5:17 span=5:1-5:17
            """);
    }

    [Fact]
    public void Byte_order_mark_crlf_and_a_last_line_without_line_break()
    {
        var source = ElectionAudit.Text.SourceText.FromBytes("t.conf", [0xEF, 0xBB, 0xBF, .. "Listen 80\r\n<Directory /x>\r\n  Require all denied\r\n</Directory>\r\nServerName last"u8]);
        var tree = ApacheSyntaxTree.Parse(source);

        tree.Diagnostics.ShouldBeEmpty();
        Dump(tree).ShouldBe("""
            Listen@1:1-1:7 80@1:8-1:10 span=1:1-1:10
            <Directory@2:1-2:11 /x@2:12-2:14 span=2:1-4:13 open=2:1-2:15 close=4:1-4:13
              Require@3:3-3:10 all@3:11-3:14 denied@3:15-3:21 span=3:3-3:21
            ServerName@5:1-5:11 last@5:12-5:16 span=5:1-5:16
            """);
    }

    [Fact]
    public void Crlf_continuation_joins_lines()
    {
        var tree = Parse("SSLProtocol all \\\r\n    -SSLv3\r\n");

        tree.Root.Children[0].Arguments.Select(a => a.Value).ShouldBe(["all", "-SSLv3"]);
        At(tree.Source, tree.Root.Children[0].Span).ShouldBe("1:1-2:11");
    }

    [Fact]
    public void Empty_blank_and_comment_only_files_have_no_statements()
    {
        Parse("").Root.Children.ShouldBeEmpty();
        Parse("   \n\t\n").Root.Children.ShouldBeEmpty();
        Parse("# only\n").Root.Children.ShouldBeEmpty();
    }

    [Fact]
    public void Never_throws_on_binary_or_hostile_input()
    {
        var random = new Random(1234);
        for (int round = 0; round < 200; round++)
        {
            const string alphabet = "<>/\\\"' \t\r\n#abc${}";
            var chars = new char[random.Next(0, 400)];
            for (int i = 0; i < chars.Length; i++)
            {
                chars[i] = alphabet[random.Next(alphabet.Length)];
            }

            var tree = Parse(new string(chars));
            foreach (var diagnostic in tree.Diagnostics)
            {
                diagnostic.RuleId.ShouldBe("EA0002");
            }
        }

        Parse("\0\u0001\uFFFD<\0>").ShouldNotBeNull();
    }

    [Fact]
    public void Deep_nesting_stops_at_the_limit_with_a_diagnostic_instead_of_exhausting_the_stack()
    {
        string text = string.Concat(Enumerable.Repeat("<If x>\n", 10_000));

        var tree = Parse(text);

        tree.Diagnostics.Count(d => d.Message.Contains("nested more than", StringComparison.Ordinal)).ShouldBe(10_000 - ApacheParser.MaxSectionDepth);
        tree.Diagnostics.Count(d => d.Message == "<If> was not closed.").ShouldBe(ApacheParser.MaxSectionDepth);
    }
}
