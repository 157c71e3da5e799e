using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;

namespace ElectionAudit.Testing.Tests;

public class MarkupParserTests
{
    [Fact]
    public void Strips_markup_and_records_spans_in_the_unmarked_text()
    {
        var (text, spans) = MarkupParser.Parse("ssl_protocols {|EA2001:TLSv1|} [|TLSv1.1|] TLSv1.2;");
        text.ShouldBe("ssl_protocols TLSv1 TLSv1.1 TLSv1.2;");
        spans.ShouldBe([new ExpectedSpan("EA2001", 14, 19), new ExpectedSpan(null, 20, 27)]);
    }

    [Fact]
    public void Markup_may_nest_and_span_lines()
    {
        var (text, spans) = MarkupParser.Parse("{|EA1:a\n{|EA2:b|}|}");
        text.ShouldBe("a\nb");
        spans.ShouldBe([new ExpectedSpan("EA1", 0, 3), new ExpectedSpan("EA2", 2, 3)]);
    }

    [Fact]
    public void Unclosed_markup_is_an_error()
    {
        Should.Throw<FormatException>(() => MarkupParser.Parse("{|EA1:never closed"));
    }
}

public class RuleVerifierTests
{
    private const string Header = "version: 1\nelection:\n  name: E\n  date: 2027-03-17\n";

    [Fact]
    public void Passes_when_ids_and_spans_match()
    {
        RuleVerifier<NamedSiteRule>.Verify("election.yml", Header + "sites:\n  - name: [|results|]\n");
    }

    [Fact]
    public void Fails_with_a_readable_diff_when_a_span_differs()
    {
        var ex = Should.Throw<RuleVerificationException>(() => RuleVerifier<NamedSiteRule>.Verify("election.yml", Header + "sites:\n  - [|name|]: results\n"));
        ex.Message.ShouldBe(
            "NamedSiteRule: findings differ from the fixture markup.\n" +
            "  - expected EA9801 at election.yml(6,5)-(6,9) \"name\"\n" +
            "      6 |   - name: results\n" +
            "        |     ^^^^\n" +
            "  + actual   EA9801 at election.yml(6,11)-(6,18) \"results\": Site results.\n" +
            "      6 |   - name: results\n" +
            "        |           ^^^^^^^\n",
            StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void Fails_on_an_unexpected_finding_and_on_a_missing_one()
    {
        Should.Throw<RuleVerificationException>(() => RuleVerifier<NamedSiteRule>.Verify("election.yml", Header + "sites:\n  - name: results\n"))
            .Message.ShouldContain("+ actual   EA9801");
        Should.Throw<RuleVerificationException>(() => RuleVerifier<NamedSiteRule>.Verify("election.yml", "[|" + Header + "|]"))
            .Message.ShouldContain("- expected EA9801");
    }

    [Fact]
    public void Fails_when_the_fixture_itself_is_invalid()
    {
        Should.Throw<RuleVerificationException>(() => RuleVerifier<NamedSiteRule>.Verify("election.yml", Header + "sitez: []\n"))
            .Message.ShouldContain("EA0004");
    }

    [Fact]
    public void Fails_when_the_rule_throws()
    {
        Should.Throw<RuleVerificationException>(() => RuleVerifier<ThrowingRule>.Verify("election.yml", Header))
            .Message.ShouldStartWith("The rule threw (invariant NoThrowOnFixture):");
    }

    [Fact]
    public void Fails_when_an_inline_suppression_comment_does_not_silence_the_finding()
    {
        // The rule always reports the file's first character: with a comment above line 1, that is the comment itself.
        var ex = Should.Throw<RuleVerificationException>(() => RuleVerifier<FirstCharacterRule>.Verify("election.yml", "[|v|]" + Header[1..]));
        ex.Message.ShouldBe(
            "FirstCharacterRule: an inline suppression comment on the line before did not silence these findings (invariant InlineSuppressionSilences).\n" +
            "  + still    EA9803 at election.yml(1,1)-(1,2) \"#\": First character.\n" +
            "      1 | # electionaudit-disable-next-line EA9803 -- test\n" +
            "        | ^\n",
            StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void A_skipped_invariant_is_not_checked_and_needs_a_reason()
    {
        RuleVerifier<FirstCharacterRule>.Verify("election.yml", "[|v|]" + Header[1..], VerifierOptions.Default.SkipInvariant(Invariant.InlineSuppressionSilences, "reports the file as a whole"));
        Should.Throw<ArgumentException>(() => VerifierOptions.Default.SkipInvariant(Invariant.NoThrowOnEmptyInput, " "));
    }

    [Fact]
    public void The_suppression_comment_is_written_in_the_format_comment_syntax_indented_like_the_line()
    {
        // Indented under "sites:", as YAML needs; the rule's finding on "results" disappears.
        RuleVerifier<NamedSiteRule>.Verify("election.yml", Header + "sites:\n  - name: [|results|]\n    role: info\n");
        VerifierOptions.Default.CommentMarkers["zone"].ShouldBe(";");
        VerifierOptions.Default.CommentMarkers.ContainsKey("pem").ShouldBeFalse();
    }

    [Fact]
    public void Fails_when_a_finding_points_outside_the_given_files()
    {
        Should.Throw<RuleVerificationException>(() => RuleVerifier<ElsewhereRule>.Verify("election.yml", Header))
            .Message.ShouldBe("Finding EA9804 points at 'elsewhere.yml', which is not one of the fixture files (invariant FindingsInsideGivenFiles): Elsewhere.");
    }

    [Fact]
    public void Fails_when_the_rule_throws_on_empty_input_only()
    {
        Should.Throw<RuleVerificationException>(() => RuleVerifier<ThrowsOnEmptyRule>.Verify("election.yml", Header))
            .Message.ShouldStartWith("ThrowsOnEmptyRule threw on empty input (invariant NoThrowOnEmptyInput):");
        RuleVerifier<ThrowsOnEmptyRule>.Verify("election.yml", Header, VerifierOptions.Default.SkipInvariant(Invariant.NoThrowOnEmptyInput, "test"));
    }

    private static RuleDescriptor Descriptor(string id, string message) => new(
        id, "Test", message, Severity.Warning, "Test.", 1, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

    public sealed class FirstCharacterRule : AuditRule
    {
        private static readonly RuleDescriptor Rule = Descriptor("EA9803", "First character.");

        public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

        public override void Initialize(RuleContext context) =>
            context.RegisterElementAction<ElectionDescriptor>(ctx =>
            {
                var source = ctx.Model.SyntaxTrees.First(t => t.Source.Path == ctx.Element.Location.Path).Source;
                ctx.Report(Finding.Create(Rule, source.GetLocation(new ElectionAudit.Text.TextSpan(0, 1)), "first"));
            });
    }

    public sealed class ElsewhereRule : AuditRule
    {
        private static readonly RuleDescriptor Rule = Descriptor("EA9804", "Elsewhere.");

        public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

        public override void Initialize(RuleContext context) =>
            context.RegisterElementAction<ElectionDescriptor>(ctx => ctx.Report(Finding.Create(Rule, ElectionAudit.Text.Location.ForFile("elsewhere.yml"), "elsewhere")));
    }

    public sealed class ThrowsOnEmptyRule : AuditRule
    {
        private static readonly RuleDescriptor Rule = Descriptor("EA9805", "x");

        public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

        public override void Initialize(RuleContext context) =>
            context.RegisterModelAction(ctx =>
            {
                if (ctx.Model.Descriptors.IsEmpty)
                {
                    throw new InvalidOperationException("no descriptor");
                }
            });
    }

    public sealed class NamedSiteRule : AuditRule
    {
        private static readonly RuleDescriptor Rule = new(
            "EA9801", "Named site", "Site {0}.", Severity.Warning, "Test.", 1, RulePrecision.High,
            [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

        public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

        public override void Initialize(RuleContext context) =>
            context.RegisterElementAction<SiteElement>(ctx =>
            {
                if (ctx.Element.GetText("name") is { } name)
                {
                    ctx.Report(Finding.Create(Rule, name.Location, ctx.Element.Key, name.Value));
                }
            });
    }

    public sealed class ThrowingRule : AuditRule
    {
        private static readonly RuleDescriptor Rule = new(
            "EA9802", "Throws", "x", Severity.Warning, "Test.", 1, RulePrecision.High,
            [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

        public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

        public override void Initialize(RuleContext context) =>
            context.RegisterElementAction<ElectionDescriptor>(_ => throw new InvalidOperationException("x"));
    }
}
