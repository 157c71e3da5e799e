using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Reporting;
using ElectionAudit.Rules;

namespace ElectionAudit.Core.Tests.Engine;

public class AuditEngineTests
{
    private const string Descriptor = TestDescriptors.TwoSites;

    [Fact]
    public void A_throwing_rule_becomes_EA0001_and_the_other_rules_still_report()
    {
        var files = new InMemoryFileSystem().Add("a/election.yml", Descriptor).Add("b/election.yml", Descriptor);
        var result = new AuditEngine([new ThrowingRule(), new EverySiteRule()]).Analyze(files, [.. files.Paths]);
        result.Findings.Select(f => (f.Location.Path, f.Location.StartLine, f.RuleId, f.Message)).ShouldBe(
        [
            ("a/election.yml", 1, "EA0001", "Rule EA9902 (ThrowingRule) threw System.InvalidOperationException while analysing descriptor: boom. Its other checks and every other rule still ran; this finding means part of the audit is missing."),
            ("a/election.yml", 6, "EA9901", "Site 'results' seen."),
            ("a/election.yml", 7, "EA9901", "Site 'info' seen."),
            ("b/election.yml", 1, "EA0001", "Rule EA9902 (ThrowingRule) threw System.InvalidOperationException while analysing descriptor: boom. Its other checks and every other rule still ran; this finding means part of the audit is missing."),
            ("b/election.yml", 6, "EA9901", "Site 'results' seen."),
            ("b/election.yml", 7, "EA9901", "Site 'info' seen."),
        ]);
        result.ExecutionSuccessful.ShouldBeFalse();
        result.Notifications.Count(n => n.ExceptionType == "System.InvalidOperationException").ShouldBe(2);
    }

    [Fact]
    public void A_scans_findings_are_kept_as_text_and_read_as_reported()
    {
        var files = new InMemoryFileSystem().Add("election.yml", Descriptor);
        var result = new AuditEngine([new SiteDomainRule()]).Analyze(files, [.. files.Paths]);

        result.Findings.Select(f => (f.Location.StartLine, f.Message, f.LogicalKey, f.RelatedLocations.Single().Message, f.RelatedLocations.Single().Location.StartLine)).ShouldBe(
        [
            (6, "Site results.example. seen.", "site:results/domain", "site results", 6),
            (7, "Site info.example. seen.", "site:info/domain", "site info", 7),
        ]);

        // The rule passed a DomainName; the scan's finding store keeps its text (see FindingStore).
        result.Findings.Select(f => f.MessageArguments.Single()).ShouldBe(["results.example.", "info.example."]);
    }

    [Fact]
    public void A_broken_file_yields_EA0002_at_its_line_and_other_files_are_still_scanned()
    {
        var files = new InMemoryFileSystem()
            .Add("broken.election.yml", "version: 1\nelection:\n  name: [unclosed\n  date: 2027-03-17\n")
            .Add("good.election.yml", Descriptor);
        var result = new AuditEngine([new EverySiteRule()]).Analyze(files, [.. files.Paths]);
        result.Findings.Select(f => (f.Location.Path, f.Location.StartLine, f.RuleId)).ShouldBe(
        [
            ("broken.election.yml", 3, "EA0002"), // the unclosed '['
            ("good.election.yml", 6, "EA9901"),
            ("good.election.yml", 7, "EA9901"),
        ]);
    }

    [Fact]
    public void Syntax_node_callbacks_see_every_node_of_their_type()
    {
        var files = new InMemoryFileSystem().Add("election.yml", "version: 1\nelection:\n  name: x\n  date: 2027-03-17\nsites:\n  - name: x\n    hosts: [x, y]\n");
        var result = new AuditEngine([new ScalarXRule()]).Analyze(files, [.. files.Paths]);
        result.Findings.Select(f => (f.Location.StartLine, f.Location.StartColumn)).ShouldBe([(3, 9), (6, 11), (7, 13)]);
    }

    [Fact]
    public void Syntax_node_callbacks_see_their_nodes_in_the_trees_that_hold_them_and_no_others()
    {
        var files = new InMemoryFileSystem()
            .Add("dns/db.example", "$ORIGIN example.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1\nns1 A 192.0.2.1\n")
            .Add("dns/db.generated", "$ORIGIN generated.\n$TTL 60\n@ SOA ns1 h 1 2 3 4 5\n$GENERATE 1-2 host$ A 192.0.2.$\n")
            .Add("nginx/site.conf", "server {\n  listen 80;\n  server_name example;\n}\n")
            .Add("election.yml", Descriptor);
        (string Path, int Line, string Message)[] Seen<TNode>()
            where TNode : ElectionAudit.Syntax.SyntaxNode =>
            [.. new AuditEngine([new NodeOfTypeRule<TNode>()]).Analyze(files, [.. files.Paths]).Findings.Where(f => f.RuleId == "EA9907").Select(f => (f.Location.Path, f.Location.StartLine, f.Message))];

        Seen<ElectionAudit.Syntax.Zone.GenerateDirectiveSyntax>().ShouldBe([("dns/db.generated", 4, "GenerateDirectiveSyntax seen.")]);
        Seen<ElectionAudit.Syntax.Zone.ResourceRecordSyntax>().ShouldBe(
        [
            ("dns/db.example", 3, "ResourceRecordSyntax seen."),
            ("dns/db.example", 4, "ResourceRecordSyntax seen."),
            ("dns/db.example", 5, "ResourceRecordSyntax seen."),
            ("dns/db.generated", 3, "ResourceRecordSyntax seen."),
            ("dns/db.generated", 4, "ResourceRecordSyntax seen."),
        ]);
        // An abstract class: every subclass's nodes, and only in the zone trees. (The two generated records share their
        // directive's span, so their findings are one.)
        Seen<ElectionAudit.Syntax.Zone.ZoneEntrySyntax>().ShouldBe(
        [
            ("dns/db.example", 1, "OriginDirectiveSyntax seen."),
            ("dns/db.example", 2, "TtlDirectiveSyntax seen."),
            ("dns/db.example", 3, "ResourceRecordSyntax seen."),
            ("dns/db.example", 4, "ResourceRecordSyntax seen."),
            ("dns/db.example", 5, "ResourceRecordSyntax seen."),
            ("dns/db.generated", 1, "OriginDirectiveSyntax seen."),
            ("dns/db.generated", 2, "TtlDirectiveSyntax seen."),
            ("dns/db.generated", 3, "ResourceRecordSyntax seen."),
            ("dns/db.generated", 4, "GenerateDirectiveSyntax seen."),
            ("dns/db.generated", 4, "ResourceRecordSyntax seen."),
        ]);
        Seen<ElectionAudit.Syntax.Nginx.NginxDirectiveSyntax>().Select(s => (s.Path, s.Line)).ShouldBe([("nginx/site.conf", 1), ("nginx/site.conf", 2), ("nginx/site.conf", 3)]);
        Seen<ElectionAudit.Syntax.SyntaxNode>().Select(s => s.Path).Distinct().ShouldBe(["dns/db.example", "dns/db.generated", "election.yml", "nginx/site.conf"]);
    }

    [Fact]
    public void Configuration_overrides_severity_by_rule_and_category_and_switches_rules_off()
    {
        var files = new InMemoryFileSystem().Add("election.yml", Descriptor);
        var engine = new AuditEngine([new EverySiteRule(), new ScalarXRule()]);
        var byRule = engine.Analyze(files, [.. files.Paths], AuditConfiguration.Default with { RuleSeverities = ImmutableDictionaryOf("EA9901", Severity.Error) });
        byRule.Findings.Select(f => f.Severity).Distinct().ShouldBe([Severity.Error]);
        var off = engine.Analyze(files, [.. files.Paths], AuditConfiguration.Default with { RuleSeverities = ImmutableDictionaryOf("EA9901", Severity.None) });
        off.Findings.ShouldBeEmpty();
        off.Rules.Select(r => r.Id).ShouldNotContain("EA9901");
    }

    [Fact]
    public void Counts_by_severity_count_the_findings_at_each_severity()
    {
        var files = new InMemoryFileSystem().Add("election.yml", Descriptor).Add("b/election.yml", "version: 1\nelection:\n  name: x\n  date: 2027-03-17\nsites:\n  - name: x\n    hosts: [x, y]\n");
        var result = new AuditEngine([new EverySiteRule(), new ScalarXRule()]).Analyze(files, [.. files.Paths], AuditConfiguration.Default with { RuleSeverities = ImmutableDictionaryOf("EA9901", Severity.Error) });

        var bySeverity = result.Findings.GroupBy(f => f.Severity).ToDictionary(g => g.Key, g => g.Count());
        bySeverity.Count.ShouldBe(2, "the test needs findings at two severities");
        foreach (var severity in new[] { Severity.None, Severity.Note, Severity.Warning, Severity.Error, (Severity)7 })
        {
            result.Count(severity).ShouldBe(bySeverity.GetValueOrDefault(severity), severity.ToString());
        }
    }

    [Fact]
    public void Output_is_byte_identical_across_runs_and_thread_counts()
    {
        var files = new InMemoryFileSystem();
        for (int i = 0; i < 40; i++)
        {
            files.Add($"d{i:00}/election.yml", Descriptor + $"  - name: extra{i}\n");
        }

        var engine = new AuditEngine([new EverySiteRule(), new ThrowingRule(), new ScalarXRule()]);
        var one = SarifWriter.ToText(engine.Analyze(files, [.. files.Paths], maxDegreeOfParallelism: 1));
        var many = SarifWriter.ToText(engine.Analyze(files, [.. files.Paths], maxDegreeOfParallelism: 8));
        var again = SarifWriter.ToText(engine.Analyze(files, [.. files.Paths], maxDegreeOfParallelism: 8));
        many.ShouldBe(one);
        again.ShouldBe(one);
    }

    [Fact]
    public void Of_findings_equal_in_rule_location_and_message_the_same_one_is_kept_whatever_order_they_arrive_in()
    {
        var files = new InMemoryFileSystem();
        for (int i = 0; i < 20; i++)
        {
            files.Add($"d{i:00}/election.yml", Descriptor);
        }

        foreach (var reversed in new[] { false, true })
        {
            foreach (var threads in new[] { 1, 2, 8 })
            {
                var result = new AuditEngine([new TwinFindingsRule(reversed)]).Analyze(files, [.. files.Paths], maxDegreeOfParallelism: threads);
                result.Findings.Length.ShouldBe(40, $"reversed {reversed}, {threads} threads");
                result.Findings.ShouldAllBe(f => f.RelatedLocations.Single().Location.Path == "twin-a.zone");
            }
        }
    }

    [Fact]
    public void Thousands_of_findings_come_out_ordered_and_distinct_whatever_the_thread_count()
    {
        // 2 files x 2 sites x 2 rules x 700 positions x 2 distinct messages = 11,200 findings kept of 16,800 reported:
        // past the size at which the engine makes and sorts the keys in two halves at once.
        var files = new InMemoryFileSystem().Add("b/election.yml", Descriptor).Add("a/election.yml", Descriptor);
        string? first = null;
        foreach (var threads in new[] { 1, 2, 8 })
        {
            var result = new AuditEngine([new GridRule(700, "EA9910"), new GridRule(700)]).Analyze(files, [.. files.Paths], maxDegreeOfParallelism: threads);
            result.Findings.Length.ShouldBe(11_200, $"{threads} threads");
            var expected = result.Findings
                .OrderBy(f => f.Location.Path, StringComparer.Ordinal)
                .ThenBy(f => f.Location.StartLine).ThenBy(f => f.Location.StartColumn)
                .ThenBy(f => f.Location.EndLine).ThenBy(f => f.Location.EndColumn)
                .ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(f => f.Message, StringComparer.Ordinal);
            result.Findings.Select(f => (f.Location.Path, f.Location.StartLine, f.Location.StartColumn, f.RuleId, f.Message))
                .ShouldBe(expected.Select(f => (f.Location.Path, f.Location.StartLine, f.Location.StartColumn, f.RuleId, f.Message)), $"{threads} threads");
            result.Findings[0].Message.ShouldBe("info 0 a");
            result.Findings[0].Location.Path.ShouldBe("a/election.yml");
            result.Findings[^1].Message.ShouldBe("results 699 b");
            result.Findings[^1].Location.Path.ShouldBe("b/election.yml");
            var sarif = SarifWriter.ToText(result);
            first ??= sarif;
            sarif.ShouldBe(first, $"{threads} threads");
        }
    }

    [Fact]
    public void Duplicate_rule_ids_are_refused()
    {
        Should.Throw<ArgumentException>(() => new AuditEngine([new EverySiteRule(), new EverySiteRule()]))
            .Message.ShouldContain("EA9901");
    }

    private static System.Collections.Immutable.ImmutableDictionary<string, Severity> ImmutableDictionaryOf(string id, Severity severity) =>
        System.Collections.Immutable.ImmutableDictionary<string, Severity>.Empty.Add(id, severity);
    [Fact]
    public void A_file_s_syntax_errors_past_the_hundredth_are_counted_in_one_finding()
    {
        // 150 stray braces after a directive name: nginx stops at the first; the parser reports each, and a hostile file
        // of 200,000 made as many findings. Include problems (EA0003) are not counted with them.
        var text = "events {}\nhttp {\n    include missing.conf;\n    server { listen 80; " + new string('{', 150) + "\n";
        var files = new InMemoryFileSystem().Add("nginx/nginx.conf", text);
        var result = new AuditEngine([]).Analyze(files, [.. files.Paths]);
        var syntax = result.Findings.Where(f => f.RuleId == "EA0002").ToList();
        syntax.Count.ShouldBe(101);
        syntax.Take(100).ShouldAllBe(f => f.Message == "unexpected \"{\": a block must follow a directive name");
        syntax[0].Location.StartColumn.ShouldBe(25);
        syntax[99].Location.StartColumn.ShouldBe(124);
        (syntax[100].Location.StartLine, syntax[100].Location.StartColumn, syntax[100].Message).ShouldBe(
            (4, 125, "Syntax errors are not reported one by one from here: this file has 151, and the first 100 are. Fix those first: the server stops at the first one, and the rest often follow from it."));
        result.Findings.Count(f => f.RuleId == "EA0003").ShouldBe(1);

        // At the limit, nothing is summed up.
        var hundred = new InMemoryFileSystem().Add("nginx/nginx.conf", "events {}\nhttp {\n    server { listen 80; " + new string('{', 99) + "\n");
        new AuditEngine([]).Analyze(hundred, [.. hundred.Paths]).Findings.Count(f => f.RuleId == "EA0002").ShouldBe(100);
    }

    [Fact]
    public void A_rule_registered_for_a_base_type_visits_every_element_of_the_classes_under_it_once_in_model_order()
    {
        var descriptor = Descriptor + "results:\n  channels:\n    - name: site\n      host: results.example\nassets:\n  - name: db\n    role: results_db\nproviders:\n  - name: cdn\n    kind: cdn\n";
        var files = new InMemoryFileSystem()
            .Add("election.yml", descriptor)
            .Add("second/election.yml", Descriptor)
            .Add("dns/db.example", "$ORIGIN example.\n$TTL 3600\n@ IN SOA ns1 hostmaster 1 86400 7200 1209600 3600\n@ IN NS ns1\nns1 IN A 192.0.2.53\n")
            .Add("nginx/nginx.conf", "events {}\nhttp {\n    server { listen 80; server_name results.example; }\n    server { listen 81; server_name info.example; }\n}\n");
        var visits = new VisitRule();
        var result = new AuditEngine([visits]).Analyze(files, [.. files.Paths], maxDegreeOfParallelism: 2);

        var elements = result.Model.Elements().ToList();
        elements.Select(e => e.GetType()).Distinct().Count().ShouldBeGreaterThan(5);
        foreach (var type in new[] { typeof(ElectionAudit.Model.ModelElement), typeof(ElectionAudit.Descriptor.DescriptorElement), typeof(ElectionAudit.Descriptor.NamedDescriptorElement), typeof(ElectionAudit.Descriptor.SiteElement), typeof(ElectionAudit.Model.Web.WebSite) })
        {
            visits.Visited[type].ShouldBe(elements.Where(type.IsInstanceOfType).Select(e => e.Key), type.Name);
        }

        visits.Visited[typeof(ElectionAudit.Descriptor.NamedDescriptorElement)].ShouldBe(["site:results", "site:info", "channel:site", "asset:db", "provider:cdn", "site:results", "site:info"]);
    }

    private sealed class VisitRule : AuditRule
    {
        private static readonly RuleDescriptor Rule = new(
            "EA9951", "Visits", "{0}", Severity.Note, "Test rule.", 1.0, RulePrecision.High,
            [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [ElectionAudit.Syntax.InputFormat.Descriptor]);

        public Dictionary<Type, List<string>> Visited { get; } = [];

        public override System.Collections.Immutable.ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

        public override void Initialize(RuleContext context)
        {
            Register<ElectionAudit.Model.ModelElement>(context);
            Register<ElectionAudit.Descriptor.DescriptorElement>(context);
            Register<ElectionAudit.Descriptor.NamedDescriptorElement>(context);
            Register<ElectionAudit.Descriptor.SiteElement>(context);
            Register<ElectionAudit.Model.Web.WebSite>(context);
        }

        private void Register<T>(RuleContext context)
            where T : ElectionAudit.Model.ModelElement
        {
            var visited = Visited[typeof(T)] = [];
            context.RegisterElementAction<T>(ctx => visited.Add(ctx.Element.Key));
        }
    }
}
