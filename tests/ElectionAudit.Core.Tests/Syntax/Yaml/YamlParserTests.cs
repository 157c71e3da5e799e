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
}
