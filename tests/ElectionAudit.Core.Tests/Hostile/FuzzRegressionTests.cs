using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Core.Tests.Hostile;

/// <summary>Inputs AFL++ found that crashed or hung a parser (fuzz/README.md), kept so the fix stays.</summary>
public class FuzzRegressionTests
{
    [Fact]
    public void Pem_begin_and_end_lines_sharing_their_dashes_are_an_unmatched_block_not_a_crash()
    {
        // Minimised from the pem harness's first crash: the END marker starts inside the BEGIN line's closing "-----",
        // which made the body's length negative (ArgumentOutOfRangeException).
        const string text = "-----BEGIN CERTIFICATE-----END CERTIFICATE-----\n";
        var file = PemCertificateFile.Parse(new SourceText("cert.pem", text));
        file.Certificates.ShouldBeEmpty();
        file.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.Message)).ShouldBe(
        [
            ("EA0002", 1, 1, 28, "The PEM block 'CERTIFICATE' has no matching '-----END CERTIFICATE-----' line."),
        ]);
    }

    [Theory]
    [InlineData("*s : 1\nb: &s x\n", 1, 1, 3, "YAML alias *s refers to no anchor &s before it; an alias must follow its anchor (YAML 1.2, section 7.1).")]
    [InlineData("a:\n *s : 1\n &s b : x\n", 2, 2, 4, "YAML alias *s refers to no anchor &s before it; an alias must follow its anchor (YAML 1.2, section 7.1).")]
    [InlineData("a: &loop\n  b: *loop\n", 2, 6, 11, "YAML alias *loop refers to a node that contains it; a structure that contains itself cannot be read.")]
    public void A_yaml_alias_before_its_anchor_or_inside_its_own_node_is_refused_not_a_stack_overflow(string text, int line, int startColumn, int endColumn, string message)
    {
        // Minimised from the descriptor and resticprofile harnesses' crashes: YamlDotNet resolved the forward alias used as
        // a mapping key after the document and recursed in YamlAliasNode.Equals until the stack overflowed (the process died).
        var tree = YamlParser.Parse(new SourceText("election.yml", text), InputFormat.Descriptor);
        tree.Document.Root.ShouldBeNull();
        tree.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.Message)).ShouldBe(
        [
            ("EA0002", line, startColumn, endColumn, message),
        ]);
    }

    [Fact]
    public void A_yaml_alias_after_its_anchor_still_reads()
    {
        var tree = YamlParser.Parse(new SourceText("election.yml", "a: &s x\nb: *s\n"), InputFormat.Descriptor);
        tree.Diagnostics.ShouldBeEmpty();
        tree.Document.Root.ShouldNotBeNull();
    }

    [Theory]
    [InlineData("%foo ", 1024, false)]
    [InlineData("a: b\n%x ", 1024, true)]
    [InlineData("%x\t", 2048, false)]
    [InlineData("%x\u2028%y ", 1024, false)]
    public async Task A_reserved_directive_ending_the_input_at_the_look_ahead_buffer_size_is_read_not_a_hang(string start, int length, bool hasRoot)
    {
        // Minimised from six descriptor-harness hangs (a 1,029-byte input that decodes to 1,024 characters): YamlDotNet's
        // scanner never finished a directive line that ends the input without a line break when the input is a multiple
        // of its 1,024-character look-ahead buffer long. The parse runs on its own task so that a regression fails this
        // test instead of hanging the test run. A reserved directive is ignored (YAML 1.2, section 6.8), so the file reads
        // as it would with a line break at the end: no document after "%foo", the mapping before "%x".
        var text = start + new string('x', length - start.Length);
        var tree = await Task.Run(() => YamlParser.Parse(new SourceText("election.yml", text), InputFormat.Descriptor), TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        var withBreak = YamlParser.Parse(new SourceText("election.yml", text + "\n"), InputFormat.Descriptor);

        tree.Diagnostics.ShouldBeEmpty();
        withBreak.Diagnostics.ShouldBeEmpty();
        (tree.Document.Root is YamlMappingSyntax { Entries: [{ Key.Value: "a" }] }).ShouldBe(hasRoot);
        (withBreak.Document.Root is not null).ShouldBe(hasRoot);
    }

    [Theory]
    [InlineData("11111111d")]
    [InlineData("100000000w")]
    [InlineData("100000000d100000000d100000000d")]
    public void A_duration_longer_than_a_timespan_holds_is_a_schema_finding_not_an_overflow(string rto)
    {
        // Minimised from the descriptor harness's crash (session 4): an rto of "11111111D..." threw OverflowException out
        // of the schema check, and with it out of the scan.
        var text = $"version: 1\nelection:\n  name: Municipal election\n  date: 2027-03-17\nassets:\n  - name: results-db\n    role: results_db\n    rto: {rto}\n";
        var descriptor = DescriptorLoader.Parse(new SourceText("election.yml", text));
        descriptor.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Message)).ShouldBe(
        [
            ("EA0004", 8, 10, $"'assets[0].rto' must be a duration such as 30m, 24h or 1d12h; found '{rto}'."),
        ]);
    }

    [Fact]
    public void Durations_within_range_still_read()
    {
        ElectionAudit.Schema.ScalarValues.TryParseDuration("1w2d3h4m5s", out var value).ShouldBeTrue();
        value.ShouldBe(new TimeSpan(9, 3, 4, 5));
        ElectionAudit.Schema.ScalarValues.TryParseDuration("100000000s", out value).ShouldBeTrue();
        value.ShouldBe(TimeSpan.FromSeconds(100_000_000));
        ElectionAudit.Schema.ScalarValues.TryParseDuration("10675199d", out _).ShouldBeTrue();
        ElectionAudit.Schema.ScalarValues.TryParseDuration("10675200d", out _).ShouldBeFalse();
    }
}
