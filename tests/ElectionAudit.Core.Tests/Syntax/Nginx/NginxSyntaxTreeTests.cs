using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Syntax.Nginx;

public class NginxSyntaxTreeTests
{
    private static NginxSyntaxTree Parse(string text) => NginxSyntaxTree.Parse(new SourceText("nginx.conf", text));

    private static string Diagnostics(NginxSyntaxTree tree) =>
        string.Join('\n', tree.Diagnostics.Select(d => $"{d.RuleId} {d.Location.StartLine}:{d.Location.StartColumn}-{d.Location.EndLine}:{d.Location.EndColumn} {d.Message}"));

    [Fact]
    public void Parses_directives_blocks_and_spans()
    {
        var tree = Parse("user www;\nhttp {\n  server {\n    listen 80;\n  }\n}\n");
        tree.Diagnostics.ShouldBeEmpty();
        tree.Format.ShouldBe(ElectionAudit.Syntax.InputFormat.Nginx);
        NginxTreeWriter.Write(tree.Root).ShouldBe("""
            user[0..9) w:www[5..8)
            http[10..48)
              { [15..48)
              server[19..46)
                { [26..46)
                listen[32..42) w:80[39..41)
            """);
        tree.Root.Span.ShouldBe(new TextSpan(0, 49));
        var listen = tree.Root.Directives[1].Block!.Directives[0].Block!.Directives[0];
        listen.NameSpan.ShouldBe(new TextSpan(32, 6));
        listen.GetLocation().ToString().ShouldBe("nginx.conf(4,5,4,15)");
        listen.Arguments[0].GetLocation().ToString().ShouldBe("nginx.conf(4,12,4,14)");
        listen.ParentBlock.ParentDirective!.Name.ShouldBe("server");
        listen.Arguments[0].Directive.ShouldBeSameAs(listen);
        tree.Root.IsMainContext.ShouldBeTrue();
    }

    [Fact]
    public void Resolves_the_escapes_nginx_resolves_and_keeps_others()
    {
        var tree = Parse("""
            a "x\"y" 'it\'s' "t\tr\rn\n" "back\\slash" "keep\d" bare\;word;
            """);
        tree.Diagnostics.ShouldBeEmpty();
        var arguments = tree.Root.Directives.Single().Arguments;
        arguments.Select(a => a.Value).ShouldBe(["x\"y", "it's", "t\tr\rn\n", "back\\slash", "keep\\d", "bare\\;word"]);
        arguments.Select(a => a.Kind).ShouldBe([NginxArgumentKind.DoubleQuoted, NginxArgumentKind.SingleQuoted, NginxArgumentKind.DoubleQuoted, NginxArgumentKind.DoubleQuoted, NginxArgumentKind.DoubleQuoted, NginxArgumentKind.Bare]);
        arguments[0].Span.ShouldBe(new TextSpan(2, 6));
        arguments[0].ContentSpan.ShouldBe(new TextSpan(3, 4));
        arguments[0].IsQuoted.ShouldBeTrue();
        arguments[5].IsQuoted.ShouldBeFalse();
    }

    [Fact]
    public void Hash_starts_a_comment_only_where_a_token_starts()
    {
        var tree = Parse("root /a#b; # tail comment\r\nindex x.html #mid\r\n  y.html;\r\n#last");
        tree.Diagnostics.ShouldBeEmpty();
        NginxTreeWriter.Write(tree.Root).ShouldBe("""
            root[0..10) w:/a#b[5..9)
            index[27..55) w:x.html[33..39) w:y.html[48..54)
            """);
        tree.Comments.Select(c => (c.Text, c.Span)).ShouldBe([(" tail comment", new TextSpan(11, 14)), ("mid", new TextSpan(40, 4)), ("last", new TextSpan(57, 5))]);
        tree.Comments[1].GetLocation().ToString().ShouldBe("nginx.conf(2,14,2,18)");
    }

    [Fact]
    public void Keeps_variables_and_braces_inside_words()
    {
        var tree = Parse("set $a \"${host}x\";\nreturn 200 ${scheme}://$host$request_uri;\nif ($a = \"b\") { x a}; }\n");
        tree.Diagnostics.ShouldBeEmpty();
        NginxTreeWriter.Write(tree.Root).ShouldBe("""
            set[0..18) w:$a[4..6) dq:${host}x[7..17)
            return[19..60) w:200[26..29) w:${scheme}://$host$request_uri[30..59)
            if[61..84) w:($a[64..67) w:=[68..69) dq:b[70..73) w:)[73..74)
              { [75..84)
              x[77..82) w:a}[79..81)
            """);
    }

    [Fact]
    public void Arguments_may_span_lines_and_quotes_may_hold_line_breaks()
    {
        var tree = Parse("log_format main\n    '$remote_addr - $remote_user'\n    \"line\nbreak\";");
        tree.Diagnostics.ShouldBeEmpty();
        var directive = tree.Root.Directives.Single();
        directive.Arguments.Select(a => a.Value).ShouldBe(["main", "$remote_addr - $remote_user", "line\nbreak"]);
        directive.GetLocation().ToString().ShouldBe("nginx.conf(1,1,4,8)");
    }

    [Fact]
    public void Lua_blocks_stay_opaque_with_balanced_braces()
    {
        var text = "content_by_lua_block {\n  local t = { a = \"}\" } -- }\n  ngx.say([[ } ]])\n}\nset_by_lua_block $x { return \"{\" }\nlisten 80;";
        var tree = Parse(text);
        tree.Diagnostics.ShouldBeEmpty();
        NginxTreeWriter.Write(tree.Root).ShouldBe("""
            content_by_lua_block[0..72) lua:\n\s\slocal\st\s=\s{\sa\s=\s"}"\s}\s--\s}\n\s\sngx.say([[\s}\s]])\n[21..72)
            set_by_lua_block[73..107) w:$x[90..92) lua:\sreturn\s"{"\s[93..107)
            listen[108..118) w:80[115..117)
            """);
        tree.Root.Directives[0].Block.ShouldBeNull();
        tree.Root.Directives[0].Arguments[0].ContentSpan.ShouldBe(TextSpan.FromBounds(22, 71));
    }

    [Fact]
    public void Empty_file_bom_and_crlf()
    {
        Parse(string.Empty).Root.Directives.ShouldBeEmpty();
        Parse("   \n# only a comment\n").Root.Directives.ShouldBeEmpty();
        var bom = NginxSyntaxTree.Parse(SourceText.FromBytes("b.conf", [0xEF, 0xBB, 0xBF, (byte)'a', (byte)' ', (byte)'1', (byte)';']));
        NginxTreeWriter.Write(bom.Root).ShouldBe("a[0..4) w:1[2..3)");
        var crlf = Parse("a 1;\r\nb {\r\n}\r\n");
        NginxTreeWriter.Write(crlf.Root).ShouldBe("""
            a[0..4) w:1[2..3)
            b[6..12)
              { [8..12)
            """);
        crlf.Root.Directives[1].GetLocation().ToString().ShouldBe("nginx.conf(2,1,3,2)");
    }

    [Fact]
    public void Missing_semicolon_before_brace_is_reported_and_recovered()
    {
        var tree = Parse("http {\n  server_name a b\n}\nuser x;\n");
        Diagnostics(tree).ShouldBe("EA0002 3:1-3:2 unexpected \"}\": the \"server_name\" directive is not terminated by \";\"");
        NginxTreeWriter.Write(tree.Root).ShouldBe("""
            http[0..26)
              { [5..26)
              server_name[9..24) w:a[21..22) w:b[23..24) !unterminated
            user[27..34) w:x[32..33)
            """);
    }

    [Fact]
    public void Stray_closing_brace_and_semicolon_are_reported_and_skipped()
    {
        var tree = Parse("a 1;\n}\n;\nb 2;\n{ c 3; }\nd 4;");
        Diagnostics(tree).ShouldBe("""
            EA0002 2:1-2:2 unexpected "}": no block is open here
            EA0002 3:1-3:2 unexpected ";": a directive name is missing
            EA0002 5:1-5:2 unexpected "{": a block must follow a directive name
            """);
        tree.Root.Directives.Select(d => d.Name).ShouldBe(["a", "b", "d"]);
    }

    [Fact]
    public void Character_glued_to_a_closing_quote_is_reported()
    {
        var tree = Parse("a \"x\"y;\nb \"c\");\nc 'q'#z;\nd 1;");
        Diagnostics(tree).ShouldBe("""
            EA0002 1:6-1:7 unexpected "y": a quoted argument must be followed by a space, ";" or "{"
            EA0002 3:6-3:7 unexpected "#": a quoted argument must be followed by a space, ";" or "{"
            """);

        // Recovery goes on as if a space had been there, so the "#" starts a comment that hides the ";".
        tree.Root.Directives.Select(d => d.ToString()).ShouldBe(["a x y", "b c )", "c q d 1"]);
    }

    [Fact]
    public void End_of_file_inside_a_directive_or_block()
    {
        var pending = Parse("http {\n  listen 80\n");
        Diagnostics(pending).ShouldBe("EA0002 3:1-3:1 unexpected end of file, expecting \";\" or \"}\": the \"listen\" directive is not terminated");
        NginxTreeWriter.Write(pending.Root).ShouldBe("""
            http[0..19) !unterminated
              { [5..19) !unclosed
              listen[9..18) w:80[16..18) !unterminated
            """);

        var unclosed = Parse("http {\n  server {\n    listen 80;\n");
        Diagnostics(unclosed).ShouldBe("EA0002 4:1-4:1 unexpected end of file, expecting \"}\": the \"server\" block is not closed");
        unclosed.Root.Directives[0].Block!.Directives[0].Block!.Directives[0].Name.ShouldBe("listen");

        var quote = Parse("return 200 \"abc;\n");
        Diagnostics(quote).ShouldBe("EA0002 2:1-2:1 unexpected end of file, expecting \";\" or \"}\": the quoted string is not closed with \"");
        quote.Root.Directives[0].Arguments.Select(a => a.Value).ShouldBe(["200", "abc;\n"]);
    }

    [Fact]
    public void Reports_nginx_buffer_limit_on_long_tokens_and_comments()
    {
        // nginx reads through a 4096-byte buffer; see NginxParser.ConfigurationBufferBytes.
        Parse("# " + new string('x', 4093) + "\na 1;").Diagnostics.ShouldBeEmpty();
        Diagnostics(Parse("# " + new string('x', 4094) + "\na 1;")).ShouldStartWith("EA0002 1:1-");
        Parse("a " + new string('1', 4095) + ";").Diagnostics.ShouldBeEmpty();
        Parse("a " + new string('1', 4095) + " ;").Diagnostics.Single().Message.ShouldStartWith("too long parameter \"1111111111...\" started");
        Parse("a \"" + new string('1', 4094) + "\";").Diagnostics.ShouldBeEmpty();
        Parse("a \"" + new string('1', 4094) + "\" ;").Diagnostics.Single().Message.ShouldStartWith("too long parameter \"1111111111...\" started");
        Parse("a \"" + new string('1', 4096) + "\";").Diagnostics.Single().Message.ShouldStartWith("too long parameter, probably missing terminating \"\"\" character");

        // Bytes, not characters: 2048 two-byte characters fill the buffer.
        Parse("a " + new string('\u00e9', 2047) + ";").Diagnostics.ShouldBeEmpty();
        Parse("a " + new string('\u00e9', 2048) + ";").Diagnostics.ShouldNotBeEmpty();
    }

    [Fact]
    public void Content_and_name_spans_are_made_from_the_span_for_every_shape_of_argument()
    {
        // The spans are not kept but made from the argument's span: bare, quoted, empty quotes, an unterminated quote and
        // an unclosed Lua block (no closing character to leave out) must each give what the parser read.
        var text = "a bare \"dq\" '' 'sq';\n\"quoted name\" x;\nb \"open";
        var tree = Parse(text);
        var first = tree.Root.Directives[0];
        first.NameSpan.ShouldBe(new TextSpan(0, 1));
        first.Arguments.Select(a => a.ContentSpan).ShouldBe([new TextSpan(2, 4), new TextSpan(8, 2), new TextSpan(13, 0), new TextSpan(16, 2)]);
        first.Arguments.Select(a => a.Kind).ShouldBe([NginxArgumentKind.Bare, NginxArgumentKind.DoubleQuoted, NginxArgumentKind.SingleQuoted, NginxArgumentKind.SingleQuoted]);
        var quotedName = tree.Root.Directives[1];
        quotedName.Name.ShouldBe("quoted name");
        quotedName.NameSpan.ShouldBe(new TextSpan(21, 13));
        var open = tree.Root.Directives[2].Arguments.ShouldHaveSingleItem();
        open.Span.ShouldBe(TextSpan.FromBounds(40, text.Length));
        open.ContentSpan.ShouldBe(TextSpan.FromBounds(41, text.Length));
        open.Kind.ShouldBe(NginxArgumentKind.DoubleQuoted);

        var lua = "access_by_lua_block { x }\nrewrite_by_lua_block { y";
        var luaTree = Parse(lua);
        luaTree.Root.Directives[0].Arguments.Single().ContentSpan.ShouldBe(TextSpan.FromBounds(21, 24));
        luaTree.Root.Directives[0].NameSpan.ShouldBe(new TextSpan(0, 19));
        var unclosed = luaTree.Root.Directives[1].Arguments.Single();
        unclosed.Kind.ShouldBe(NginxArgumentKind.LuaBlock);
        unclosed.Span.ShouldBe(TextSpan.FromBounds(47, lua.Length));
        unclosed.ContentSpan.ShouldBe(TextSpan.FromBounds(48, lua.Length));
    }

    [Fact]
    public void Comments_that_repeat_share_their_string()
    {
        var first = Parse("# Results refresh every 30 s\nlisten 80;\n");
        var second = Parse("listen 81; # Results refresh every 30 s\n");
        var comment = first.Comments.ShouldHaveSingleItem();
        comment.Text.ShouldBe(" Results refresh every 30 s");
        ReferenceEquals(comment.Text, second.Comments.ShouldHaveSingleItem().Text).ShouldBeTrue();
    }

    [Fact]
    public void Lua_block_without_end_is_reported()
    {
        var tree = Parse("access_by_lua_block {\n  if x then { end\n");
        Diagnostics(tree).ShouldBe("EA0002 3:1-3:1 unexpected end of file, expecting \"}\": the \"access_by_lua_block\" block is not closed");
        tree.Root.Directives.Single().IsTerminated.ShouldBeFalse();
    }

    [Theory]
    [InlineData("\0\u0001\u0002{{{{;;;}}}}\"'\\")]
    [InlineData("a \\")]
    [InlineData("a '\\")]
    [InlineData("}}}}")]
    [InlineData("x_by_lua_block { [==[ ")]
    [InlineData("x_by_lua_block { --[[ ")]
    [InlineData("a \"x\"")]
    [InlineData("$")]
    [InlineData("a ${")]
    public void Never_throws_on_malformed_input(string text)
    {
        var tree = Parse(text);
        tree.Root.Span.ShouldBe(new TextSpan(0, text.Length));
        foreach (var node in tree.Root.DescendantNodesAndSelf())
        {
            tree.Root.Span.Contains(node.Span).ShouldBeTrue();
        }
    }

    [Fact]
    public void Deep_nesting_does_not_overflow_the_stack()
    {
        var text = string.Concat(Enumerable.Repeat("a {", 100_000));
        var tree = Parse(text);
        tree.Diagnostics.Length.ShouldBe(1);
    }

    [Fact]
    public void Parses_a_region_of_a_larger_text_with_spans_into_it()
    {
        var source = new SourceText("dump.txt", "xxxx\na 1;\nyyyy");
        var tree = NginxSyntaxTree.Parse(source, new TextSpan(5, 5), "/etc/nginx/nginx.conf");
        tree.Path.ShouldBe("/etc/nginx/nginx.conf");
        tree.IsFromDump.ShouldBeTrue();
        NginxTreeWriter.Write(tree.Root).ShouldBe("a[5..9) w:1[7..8)");
        tree.Root.Directives[0].GetLocation().ToString().ShouldBe("dump.txt(2,1,2,5)");
    }

    [Fact]
    public void Tree_walks_give_directives_arguments_and_blocks_by_index_in_the_order_of_ChildNodes()
    {
        var tree = Parse("user www;\nhttp {\n  server {\n    listen 80 ssl;\n    location / { }\n  }\n  gzip on;\n}\nempty;\n");
        var expected = new List<(ElectionAudit.Syntax.SyntaxNode Node, int Depth)>();
        void Recurse(ElectionAudit.Syntax.SyntaxNode node, int depth)
        {
            expected.Add((node, depth));
            foreach (var child in node.ChildNodes())
            {
                Recurse(child, depth + 1);
            }
        }

        Recurse(tree.Root, 0);
        expected.Count.ShouldBe(16);
        tree.Root.DescendantNodesAndSelf().ShouldBe(expected.Select(e => e.Node));
        var walked = new List<(ElectionAudit.Syntax.SyntaxNode Node, int Depth)>();
        ElectionAudit.Syntax.SyntaxNode.Walk(tree.Root, (node, depth) =>
        {
            walked.Add((node, depth));
            return true;
        });
        walked.ShouldBe(expected);

        var server = tree.Root.Directives[1].Block!.Directives[0];
        server.IndexedChildCount.ShouldBe(1);
        server.ChildAt(0).ShouldBeSameAs(server.Block);
        var listen = server.Block!.Directives[0];
        listen.IndexedChildCount.ShouldBe(2);
        listen.ChildAt(1).ShouldBeSameAs(listen.Arguments[1]);
        tree.Root.Directives[2].IndexedChildCount.ShouldBe(0);
        tree.Root.IndexedChildCount.ShouldBe(3);
        tree.Root.ChildAt(2).ShouldBeSameAs(tree.Root.Directives[2]);
    }

    [Fact]
    public void Sibling_and_nested_blocks_keep_their_own_headers_and_directives()
    {
        // The parser reuses a closed block's list and stacks the open blocks' header tokens: each block must still get
        // exactly its own directives and its directive exactly its own arguments.
        var tree = Parse("http {\n  server { listen 80; location /a { root /x; } location = /b { } }\n  server { listen 81; }\n  map $a $b { default 0; }\n}\ntail;\n");
        tree.Diagnostics.ShouldBeEmpty();
        static string Shape(NginxBlockSyntax block) => string.Join(' ', block.Directives.Select(d =>
            string.Join(',', [d.Name, .. d.Arguments.Select(a => a.Value)]) + (d.Block is null ? ";" : "{" + Shape(d.Block) + "}")));
        Shape(tree.Root).ShouldBe("http{server{listen,80; location,/a{root,/x;} location,=,/b{}} server{listen,81;} map,$a,$b{default,0;}} tail;");
    }
}
