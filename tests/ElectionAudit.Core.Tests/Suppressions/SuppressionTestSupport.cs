using System.Collections.Concurrent;
using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Suppressions;

/// <summary>Loads each format by extension, so suppression tests do not depend on which loaders the engine wires in.</summary>
internal sealed class ExtensionLoader : FormatLoader
{
    public override InputFormat Format => InputFormat.Nginx;

    public override DetectionConfidence Detect(string path, string text) =>
        Path.GetExtension(path) is ".nginx" or ".apache" or ".zone" or ".named" or ".yml" ? DetectionConfidence.FileName : DetectionConfidence.None;

    public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options)
    {
        var trees = new List<SyntaxTree>();
        foreach (var path in paths)
        {
            var source = fileSystem.TryRead(path)!;
            trees.Add(Path.GetExtension(path) switch
            {
                ".nginx" => NginxSyntaxTree.Parse(source),
                ".apache" => ApacheSyntaxTree.Parse(source),
                ".zone" => ZoneParser.Parse(source, DomainName.Parse("example.org.")),
                ".named" => NamedConfParser.Parse(source),
                _ => YamlParser.Parse(source, InputFormat.Configuration),
            });
        }

        return new LoadResult([.. trees]);
    }
}

/// <summary>EA9911: every word starting with BAD_ outside comments, keyed by the word (so keys survive line shifts).</summary>
internal sealed class BadWordRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA9911", "Bad word", "Bad word {0}.", Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Nginx]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) => context.RegisterModelAction(ctx =>
    {
        foreach (var tree in ctx.Model.SyntaxTrees)
        {
            var text = tree.Source.Text;
            for (int i = text.IndexOf("BAD_", StringComparison.Ordinal); i >= 0; i = text.IndexOf("BAD_", i + 1, StringComparison.Ordinal))
            {
                if (tree.CommentSpans.Any(c => c.Contains(i)))
                {
                    continue;
                }

                int end = i;
                while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '_'))
                {
                    end++;
                }

                var word = text[i..end];
                ctx.Report(Finding.Create(Rule, tree.Source.GetLocation(TextSpan.FromBounds(i, end)), "bad:" + word, word));
            }
        }
    });
}

/// <summary>EA9912: "something missing" in every multi-line node whose text starts with "block", reported on the whole node.</summary>
internal sealed class MissingInBlockRule : AuditRule
{
    public static RuleDescriptor Rule { get; } = new(
        "EA9912", "Missing in block", "The block lacks something.", Severity.Warning, "Test rule.", 5.0, RulePrecision.High,
        [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Nginx]);

    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    public override void Initialize(RuleContext context) => context.RegisterModelAction(ctx =>
    {
        foreach (var tree in ctx.Model.SyntaxTrees)
        {
            var source = tree.Source;
            var blocks = tree.Root.DescendantNodesAndSelf()
                .Where(n => n.Span.Length > 0 && source.Text.AsSpan(n.Span.Start).TrimStart("<").StartsWith("block", StringComparison.OrdinalIgnoreCase))
                .Select(n => source.GetLocation(n.Span))
                .Where(l => l.EndLine > l.StartLine)
                .GroupBy(l => l.Span.Start)
                .Select(g => g.MaxBy(l => l.Span.Length)!);
            foreach (var location in blocks)
            {
                ctx.Report(Finding.Create(Rule, location, "missing:" + source.ToString(location.Span).Split('\n')[0].Trim()));
            }
        }
    });
}

internal static class SuppressionScan
{
    public static readonly DateOnly AsOf = new(2024, 6, 1);

    public static AuditResult Run(params (string Path, string Text)[] files)
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var (path, text) in files)
        {
            fileSystem.Add(path, text);
        }

        var engine = new AuditEngine([new BadWordRule(), new MissingInBlockRule()], [new ExtensionLoader()]);
        return engine.Analyze(fileSystem, [.. files.Select(f => f.Path).Where(p => !p.StartsWith('.'))], ElectionAudit.Configuration.AuditConfiguration.Default with { AsOf = AsOf });
    }

    /// <summary>Active findings other than parse errors as (rule, line, word-or-message) and suppressed ones as (rule, line).</summary>
    public static (string Rule, int Line)[] Active(AuditResult result) =>
        [.. result.Findings.Where(f => f.RuleId != "EA0002").Select(f => (f.RuleId, f.Location.StartLine))];

    public static (string Rule, int Line)[] Suppressed(AuditResult result) =>
        [.. result.Suppressed.Select(s => (s.Finding.RuleId, s.Finding.Location.StartLine))];
}
