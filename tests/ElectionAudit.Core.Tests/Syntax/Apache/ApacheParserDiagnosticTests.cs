using ElectionAudit.Syntax.Apache;
using static ElectionAudit.Core.Tests.Syntax.Apache.ApacheTreeDump;

namespace ElectionAudit.Core.Tests.Syntax.Apache;

/// <summary>EA0002 messages are httpd's own (config.c ap_build_config_sub / ap_build_config, core.c section handlers).</summary>
public class ApacheParserDiagnosticTests
{
    private static ApacheSyntaxTree Parse(string text) => ApacheSyntaxTree.Parse("site/t.conf", text);

    [Fact]
    public void Close_tag_without_an_open_section_is_reported_at_the_tag_and_parsing_goes_on()
    {
        var tree = Parse("ServerName a\n  </Directory>\nServerAdmin b\n");

        Diagnostics(tree).ShouldBe("EA0002 site/t.conf(2,3,2,15) </Directory> without matching <Directory> section");
        tree.Root.Children.Select(s => s.Name).ShouldBe(["ServerName", "ServerAdmin"]);
    }

    [Fact]
    public void Unclosed_sections_are_reported_at_their_open_tags_innermost_first()
    {
        var tree = Parse("<VirtualHost *:80>\n  <Directory /x>\n    Options None\n");

        Diagnostics(tree).ShouldBe("""
            EA0002 site/t.conf(2,3,2,13) <Directory> was not closed.
            EA0002 site/t.conf(1,1,1,13) <VirtualHost> was not closed.
            """);
        Dump(tree).ShouldBe("""
            <VirtualHost@1:1-1:13 *:80@1:14-1:18 span=1:1-3:17 open=1:1-1:19 close=none
              <Directory@2:3-2:13 /x@2:14-2:16 span=2:3-3:17 open=2:3-2:17 close=none
                Options@3:5-3:12 None@3:13-3:17 span=3:5-3:17
            """);
    }

    [Fact]
    public void Mismatched_close_tag_closes_the_enclosing_section_of_that_name()
    {
        var tree = Parse("<VirtualHost *:80>\n<Directory /x>\n</VirtualHost>\nServerName after\n");

        Diagnostics(tree).ShouldBe("EA0002 site/t.conf(3,1,3,15) Expected </Directory> but saw </VirtualHost>");
        Dump(tree).ShouldBe("""
            <VirtualHost@1:1-1:13 *:80@1:14-1:18 span=1:1-3:15 open=1:1-1:19 close=3:1-3:15
              <Directory@2:1-2:11 /x@2:12-2:14 span=2:1-2:15 open=2:1-2:15 close=none
            ServerName@4:1-4:11 after@4:12-4:17 span=4:1-4:17
            """);
    }

    [Fact]
    public void Mismatched_close_tag_that_matches_no_open_section_is_dropped()
    {
        var tree = Parse("<VirtualHost *:80>\n</Directory>\nServerName in\n</VirtualHost>\n");

        Diagnostics(tree).ShouldBe("EA0002 site/t.conf(2,1,2,13) Expected </VirtualHost> but saw </Directory>");
        var host = (ApacheSectionSyntax)tree.Root.Children.ShouldHaveSingleItem();
        host.IsClosed.ShouldBeTrue();
        host.Children.ShouldHaveSingleItem().Name.ShouldBe("ServerName");
    }

    [Fact]
    public void Open_tag_without_closing_bracket_is_reported_at_the_name()
    {
        var tree = Parse("<Directory /var/www\n  Require all granted\n</Directory>\n");

        Diagnostics(tree).ShouldBe("EA0002 site/t.conf(1,1,1,11) <Directory> directive missing closing '>'");
        var directory = (ApacheSectionSyntax)tree.Root.Children.ShouldHaveSingleItem();
        directory.Arguments.ShouldHaveSingleItem().Value.ShouldBe("/var/www");
        directory.IsClosed.ShouldBeTrue();
    }

    [Fact]
    public void Open_tag_whose_name_carries_the_bracket_but_has_arguments_after_it_is_missing_its_bracket()
    {
        // ap_build_config_sub strips the '>' from "<Directory>", leaving "/x" as arguments without a '>'.
        var tree = Parse("<Directory> /x\n</Directory>\n");

        Diagnostics(tree).ShouldBe("EA0002 site/t.conf(1,1,1,11) <Directory> directive missing closing '>'");
    }

    [Fact]
    public void Close_tag_without_closing_bracket_is_reported_and_still_closes()
    {
        var tree = Parse("<VirtualHost *:80>\n</VirtualHost\nServerName out\n");

        Diagnostics(tree).ShouldBe("EA0002 site/t.conf(2,1,2,14) </VirtualHost> directive missing closing '>'");
        tree.Root.Children.Select(s => s.Name).ShouldBe(["VirtualHost", "ServerName"]);
    }

    [Fact]
    public void Errors_are_located_in_continued_lines_where_the_token_is()
    {
        var tree = Parse("<VirtualHost *:80>\nServerName \\\n  a\n  \\\n</Directory>\n</VirtualHost>\n");

        Diagnostics(tree).ShouldBe("EA0002 site/t.conf(5,1,5,13) Expected </VirtualHost> but saw </Directory>");
    }

    [Fact]
    public void Several_errors_in_one_file_are_all_reported()
    {
        var tree = Parse("</A>\n<B x\n</B>\n<C>\n</D>\n<E>\n");

        Diagnostics(tree).ShouldBe("""
            EA0002 site/t.conf(1,1,1,5) </A> without matching <A> section
            EA0002 site/t.conf(2,1,2,3) <B> directive missing closing '>'
            EA0002 site/t.conf(5,1,5,5) Expected </C> but saw </D>
            EA0002 site/t.conf(6,1,6,3) <E> was not closed.
            EA0002 site/t.conf(4,1,4,3) <C> was not closed.
            """);
    }
}
