using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>Descriptors the engine tests scan.</summary>
internal static class TestDescriptors
{
    /// <summary>A descriptor with two sites: "results" on line 6 and "info" on line 7.</summary>
    public const string TwoSites = "version: 1\nelection:\n  name: E\n  date: 2027-03-17\nsites:\n  - name: results\n  - name: info\n";
}

/// <summary>Reports every site, so engine tests have findings that do not depend on the built-in rules.</summary>
internal sealed class EverySiteRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA9901", "Site seen", "Site '{0}' seen.", Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) =>
        context.RegisterElementAction<SiteElement>(ctx => ctx.Report(Finding.Create(Rule, ctx.Element.KeyLocation("name"), ctx.Element.Key, ctx.Element.Name)));
}

/// <summary>Throws on every descriptor: EA0001 must name it and the scan must go on.</summary>
internal sealed class ThrowingRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA9902", "Always throws", "never reported", Severity.Error, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) =>
        context.RegisterElementAction<ElectionDescriptor>(_ => throw new InvalidOperationException("boom"));
}

/// <summary>Reports every YAML scalar with value "x" through a syntax-node callback.</summary>
internal sealed class ScalarXRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA9903", "Scalar x", "Scalar x.", Severity.Note, "Test rule.", 1.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) =>
        context.RegisterSyntaxNodeAction<YamlScalarSyntax>(ctx =>
        {
            if (ctx.Node.Value == "x")
            {
                ctx.Report(Finding.Create(Rule, ctx.Node.GetLocation(), "x"));
            }
        });
}

/// <summary>
/// Reports two findings per site that differ only in their related location (the same rule, location and message), in
/// the order given: the engine keeps one, and which one must not depend on the order they arrive in.
/// </summary>
internal sealed class TwinFindingsRule(bool reversed) : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA9904", "Twins", "Site '{0}' has a twin.", Severity.Warning, "Test rule.", 1.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) =>
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            string[] twins = reversed ? ["twin-b.zone", "twin-a.zone"] : ["twin-a.zone", "twin-b.zone"];
            foreach (var twin in twins)
            {
                ctx.Report(Finding.Create(Rule, Rule.DefaultSeverity, ctx.Element.KeyLocation("name"), ctx.Element.Key, [new RelatedLocation(ElectionAudit.Text.Location.ForFile(twin), "twin")], ctx.Element.Name));
            }
        });
}

/// <summary>Reports every site with its name as a domain name (a value the engine's finding store keeps as text).</summary>
internal sealed class SiteDomainRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA9908", "Site domain", "Site {0} seen.", Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) =>
        context.RegisterElementAction<SiteElement>(ctx => ctx.Report(Finding.Create(
            Rule, Severity.Warning, ctx.Element.KeyLocation("name"), $"{ctx.Element.Key}/domain",
            [new RelatedLocation(ctx.Element.Location, $"site {ctx.Element.Name}")], ElectionAudit.Syntax.Zone.DomainName.Parse($"{ctx.Element.Name}.example."))));
}

/// <summary>Reports every syntax node of type <typeparamref name="TNode"/>, naming its class, through a syntax-node callback.</summary>
internal sealed class NodeOfTypeRule<TNode> : AuditRule
    where TNode : SyntaxNode
{
    public static RuleDescriptor Rule { get; } = new(
        "EA9907", "Node seen", "{0} seen.", Severity.Note, "Test rule.", 1.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Zone]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) =>
        context.RegisterSyntaxNodeAction<TNode>(ctx => ctx.Report(Finding.Create(Rule, ctx.Node.GetLocation(), $"{ctx.Node.Span.Start}", ctx.Node.GetType().Name)));
}

/// <summary>
/// Reports, for every site, <paramref name="perSite"/> findings on a grid of lines and columns of the site's file, last
/// position first, each position twice with the same message (a duplicate the engine keeps once) and once with another
/// (a tie the engine orders by message): enough findings for the engine's ordering to work in parts.
/// </summary>
internal sealed class GridRule(int perSite, string id = "EA9909", Severity severity = Severity.Note) : AuditRule
{
    public RuleDescriptor Rule { get; } = new(
        id, "Grid", "{0}", severity, "Test rule.", 1.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

    public override ImmutableArray<RuleDescriptor> SupportedRules => [Rule];

    public override void Initialize(RuleContext context) =>
        context.RegisterElementAction<SiteElement>(ctx =>
        {
            var path = ctx.Element.Location.Path;
            for (int i = perSite - 1; i >= 0; i--)
            {
                var location = new ElectionAudit.Text.Location(path, new ElectionAudit.Text.TextSpan(i, 1), 1 + (i / 7), 1 + (i % 7), 1 + (i / 7), 2 + (i % 7));
                ctx.Report(Finding.Create(Rule, location, $"{ctx.Element.Key}/{i}/b", $"{ctx.Element.Name} {i} b"));
                ctx.Report(Finding.Create(Rule, location, $"{ctx.Element.Key}/{i}/a", $"{ctx.Element.Name} {i} a"));
                ctx.Report(Finding.Create(Rule, location, $"{ctx.Element.Key}/{i}/a", $"{ctx.Element.Name} {i} a"));
            }
        });
}
