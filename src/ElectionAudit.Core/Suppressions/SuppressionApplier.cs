using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Suppressions;

/// <summary>The outcome of applying suppressions to findings.</summary>
/// <param name="Active">Findings no suppression covers, in input order.</param>
/// <param name="Suppressed">Findings a suppression covers, each with the first suppression that covers it.</param>
/// <param name="Problems">EA0005 findings: malformed, unknown-rule, unjustified, expired and unused suppressions.</param>
public sealed record SuppressionOutcome(ImmutableArray<Finding> Active, ImmutableArray<SuppressedFinding> Suppressed, ImmutableArray<Finding> Problems);

/// <summary>
/// Reads inline suppression comments from every syntax tree (format-neutrally, through <see cref="SyntaxTree.CommentSpans"/>),
/// adds the suppression file's entries, and splits findings into active and suppressed. See <see cref="SuppressionComment"/> for the syntax.
/// </summary>
/// <remarks>
/// Scopes:
/// <list type="bullet">
/// <item><c>electionaudit-disable-next-line</c> covers findings that start on the next line holding more than blanks and
/// comments. Placed above a block's opening line it covers findings about the block itself, such as "no HSTS in this
/// server block", which point at the whole block.</item>
/// <item><c>electionaudit-disable</c> covers findings from the start of its own line (so a trailing comment on a block's
/// opening line covers the block) to the next <c>electionaudit-enable</c> naming the rule, or else to the end of the
/// innermost syntax node that encloses the comment (the block it sits in), or else to the end of the file.</item>
/// <item>A suppression file entry covers findings of its rule whose path matches its glob (and logical key, when given).</item>
/// </list>
/// An expired suppression (<c>until</c> before the audit date) suppresses nothing, so the finding is back, and is itself an
/// EA0005 finding. A suppression without a justification still holds and is an EA0005 note. EA0005 findings are not suppressible.
/// </remarks>
public static class SuppressionApplier
{
    private sealed class Scoped(Suppression suppression, string path, int start, int end, int line)
    {
        public Suppression Suppression { get; } = suppression;

        public string Path { get; } = path;

        /// <summary>Offset range for regions; for next-line suppressions <see cref="Line"/> is used instead.</summary>
        public int Start { get; } = start;

        public int End { get; } = end;

        public int Line { get; } = line;

        public HashSet<string> Used { get; } = new(StringComparer.Ordinal);

        public bool Covers(Finding finding) =>
            string.Equals(finding.Location.Path, Path, StringComparison.Ordinal)
            && Suppression.RuleIds.Contains(finding.RuleId)
            && (Suppression.Kind == SuppressionKind.NextLine
                ? finding.Location.StartLine == Line
                : finding.Location.Span.Start >= Start && finding.Location.Span.Start < End);
    }

    /// <summary>Applies inline suppressions found in <paramref name="trees"/> and the entries of <paramref name="file"/>.</summary>
    /// <param name="findings">The findings after configuration.</param>
    /// <param name="trees">The syntax trees of the scan.</param>
    /// <param name="file">The suppression file, or <see cref="SuppressionFile.Empty"/>.</param>
    /// <param name="knownRuleIds">Every rule ID the engine knows (enabled or not): other IDs are reported as unknown.</param>
    /// <param name="isRuleEnabled">Whether a rule ran: a suppression of a rule that is switched off is not reported as unused.</param>
    /// <param name="asOf">The audit date, for <c>until</c>.</param>
    public static SuppressionOutcome Apply(
        IReadOnlyList<Finding> findings,
        IEnumerable<SyntaxTree> trees,
        SuppressionFile file,
        IReadOnlySet<string> knownRuleIds,
        Func<string, bool> isRuleEnabled,
        DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(findings);
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(knownRuleIds);
        ArgumentNullException.ThrowIfNull(isRuleEnabled);
        var problems = new List<Finding>();
        var rule = ToolRules.SuppressionProblem;

        void Problem(Location location, string key, string message, Severity severity = Severity.Warning) =>
            problems.Add(Finding.Create(rule, severity, location, key, [], message));

        var scopes = new List<Scoped>();
        foreach (var tree in trees)
        {
            CollectInline(tree, knownRuleIds, asOf, scopes, Problem);
        }

        var fileEntries = new List<(SuppressionFileEntry Entry, HashSet<string> Used)>();
        foreach (var (location, message) in file.Problems)
        {
            Problem(location, "suppression-file:" + message, message);
        }

        foreach (var entry in file.Entries)
        {
            var suppression = entry.Suppression;
            var id = suppression.RuleIds[0];
            var key = $"suppression-file:{id}:{entry.PathGlob}:{entry.LogicalKey}";
            if (!knownRuleIds.Contains(id))
            {
                Problem(suppression.Location, key + ":unknown", $"The suppression file names {id}, which is not a rule ElectionAudit knows; the entry is ignored.");
                continue;
            }

            CheckJustificationAndExpiry(suppression, $"The suppression file entry for {id} ({entry.PathGlob})", key, asOf, Problem);
            if (suppression.IsActive(asOf))
            {
                fileEntries.Add((entry, new HashSet<string>(StringComparer.Ordinal)));
            }
        }

        // A finding is checked only against the inline scopes of its own file and the file entries naming its rule, the
        // only ones that can cover it, each list in the order of the whole one (the first that covers it is the one
        // reported). Checking every finding against every suppression made a scan of generated-4000 with a suppression
        // comment in each file take four times as long.
        var scopesByPath = new Dictionary<string, List<Scoped>>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            (CollectionsMarshal.GetValueRefOrAddDefault(scopesByPath, scope.Path, out _) ??= []).Add(scope);
        }

        var entriesByRule = new Dictionary<string, List<(SuppressionFileEntry Entry, HashSet<string> Used)>>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in fileEntries)
        {
            foreach (var id in item.Entry.Suppression.RuleIds.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                (CollectionsMarshal.GetValueRefOrAddDefault(entriesByRule, id, out _) ??= []).Add(item);
            }
        }

        var active = ImmutableArray.CreateBuilder<Finding>();
        var suppressed = ImmutableArray.CreateBuilder<SuppressedFinding>();
        foreach (var finding in findings)
        {
            Suppression? by = null;
            if (finding.RuleId != rule.Id)
            {
                if (scopesByPath.TryGetValue(finding.Location.Path, out var fileScopes))
                {
                    foreach (var scope in fileScopes)
                    {
                        if (scope.Covers(finding))
                        {
                            scope.Used.Add(finding.RuleId);
                            by ??= scope.Suppression;
                        }
                    }
                }

                if (entriesByRule.TryGetValue(finding.RuleId, out var ruleEntries))
                {
                    foreach (var (entry, used) in ruleEntries)
                    {
                        if (entry.Covers(finding.RuleId, finding.Location.Path, finding.LogicalKey))
                        {
                            used.Add(finding.RuleId);
                            by ??= entry.Suppression;
                        }
                    }
                }
            }

            if (by is null)
            {
                active.Add(finding);
            }
            else
            {
                suppressed.Add(new SuppressedFinding(finding, by));
            }
        }

        foreach (var scope in scopes)
        {
            foreach (var id in scope.Suppression.RuleIds.Where(id => !scope.Used.Contains(id) && isRuleEnabled(id)))
            {
                Problem(scope.Suppression.Location, $"suppression:{id}:unused:{scope.Suppression.Kind}", $"This suppression of {id} suppresses nothing: no {id} finding is in its scope. Remove it, so that it cannot hide a future finding.");
            }
        }

        foreach (var (entry, used) in fileEntries)
        {
            var id = entry.Suppression.RuleIds[0];
            if (!used.Contains(id) && isRuleEnabled(id))
            {
                Problem(entry.Suppression.Location, $"suppression-file:{id}:{entry.PathGlob}:{entry.LogicalKey}:unused", $"The suppression file entry for {id} ({entry.PathGlob}) suppresses nothing: no matching finding. Remove it, so that it cannot hide a future finding.");
            }
        }

        return new SuppressionOutcome(active.ToImmutable(), suppressed.ToImmutable(), [.. problems]);
    }

    /// <summary>
    /// Every suppression written in the scan, as rules see it through <see cref="Model.InfrastructureModel.Suppressions"/>:
    /// the inline <c>electionaudit-disable-next-line</c> and <c>electionaudit-disable</c> comments of every tree (in tree
    /// and text order, each with all the rule IDs it names, known or not), then the entries of <paramref name="file"/> in
    /// file order. Expired ones are included; <c>electionaudit-enable</c> comments, which suppress nothing, are not.
    /// </summary>
    /// <param name="trees">The syntax trees of the scan.</param>
    /// <param name="file">The suppression file, or <see cref="SuppressionFile.Empty"/>.</param>
    public static ImmutableArray<Suppression> Collect(IEnumerable<SyntaxTree> trees, SuppressionFile file)
    {
        ArgumentNullException.ThrowIfNull(trees);
        ArgumentNullException.ThrowIfNull(file);
        var all = ImmutableArray.CreateBuilder<Suppression>();
        foreach (var tree in trees)
        {
            var commentSpans = tree.CommentSpans;
            if (commentSpans.IsDefaultOrEmpty)
            {
                continue;
            }

            var source = tree.Source;
            foreach (var span in commentSpans)
            {
                if (!SuppressionComment.MayBeSuppression(source, span))
                {
                    continue;
                }

                var text = source.ToString(span);
                if (!SuppressionComment.TryParse(text, out var comment, out _) || comment is null || comment.RuleIds.IsEmpty || comment.Directive == SuppressionDirective.Enable)
                {
                    continue;
                }

                var kind = comment.Directive == SuppressionDirective.DisableNextLine ? SuppressionKind.NextLine : SuppressionKind.Region;
                all.Add(new Suppression(kind, comment.RuleIds, comment.Justification, comment.Until, source.GetLocation(span))
                {
                    UntilLocation = comment.Until is null ? null : UntilWord(source, span, text),
                });
            }
        }

        all.AddRange(file.Entries.Select(e => e.Suppression));
        return all.ToImmutable();
    }

    /// <summary>The <c>until=YYYY-MM-DD</c> word of a suppression comment (before its <c>--</c> justification).</summary>
    private static Location UntilWord(SourceText source, TextSpan comment, string text)
    {
        int separator = text.IndexOf("--", StringComparison.Ordinal);
        var head = separator >= 0 ? text.AsSpan(0, separator) : text.AsSpan();
        int start = head.IndexOf("until=", StringComparison.OrdinalIgnoreCase);
        if (start < 0)
        {
            return source.GetLocation(comment);
        }

        int end = start;
        while (end < head.Length && !char.IsWhiteSpace(head[end]) && head[end] != ',')
        {
            end++;
        }

        return source.GetLocation(new TextSpan(comment.Start + start, end - start));
    }

    private static void CheckJustificationAndExpiry(Suppression suppression, string subject, string key, DateOnly asOf, Action<Location, string, string, Severity> problem)
    {
        if (suppression.Justification is null)
        {
            problem(suppression.Location, key + ":no-justification", $"{subject} has no justification; it still applies, but say why after ' -- ' (or in 'justification') so that a reviewer can judge it.", Severity.Note);
        }

        if (!suppression.IsActive(asOf))
        {
            var until = suppression.Until!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            problem(suppression.Location, key + ":expired", $"{subject} expired on {until} (audit date {asOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}); the findings it covered are reported again. Fix them, or renew the suppression with a new date and a reason.", Severity.Warning);
        }
    }

    private static void CollectInline(SyntaxTree tree, IReadOnlySet<string> knownRuleIds, DateOnly asOf, List<Scoped> scopes, Action<Location, string, string, Severity> problem)
    {
        var commentSpans = tree.CommentSpans;
        if (commentSpans.IsDefaultOrEmpty)
        {
            return;
        }

        var source = tree.Source;
        List<(TextSpan Span, SuppressionComment Comment)>? parsed = null;
        foreach (var span in commentSpans)
        {
            if (!SuppressionComment.MayBeSuppression(source, span))
            {
                continue;
            }

            var text = source.ToString(span);
            if (!SuppressionComment.TryParse(text, out var comment, out var error))
            {
                continue;
            }

            var location = source.GetLocation(span);
            var keyBase = "suppression:" + text.Trim();
            if (error is not null)
            {
                problem(location, keyBase + ":malformed", $"Suppression comment not understood: {error}", Severity.Warning);
            }

            if (comment is null || comment.RuleIds.IsEmpty)
            {
                continue;
            }

            var known = comment.RuleIds.Where(knownRuleIds.Contains).ToImmutableArray();
            foreach (var unknown in comment.RuleIds.Where(id => !knownRuleIds.Contains(id)))
            {
                problem(location, $"{keyBase}:unknown:{unknown}", $"This suppression names {unknown}, which is not a rule ElectionAudit knows (a typo?); it suppresses nothing for {unknown}.", Severity.Warning);
            }

            if (!known.IsEmpty)
            {
                (parsed ??= []).Add((span, comment with { RuleIds = known }));
            }
        }

        if (parsed is null)
        {
            return;
        }

        // Lines holding only a comment, which a disable-next-line skips on its way to the line it suppresses.
        var commentOnlyLines = new HashSet<int>();
        foreach (var span in commentSpans)
        {
            var (line, column) = source.GetLineAndColumn(span.Start);
            if (OnlyWhiteSpace(source, source.GetLineStart(line), column - 1))
            {
                commentOnlyLines.Add(line);
            }
        }

        var enables = parsed.Where(p => p.Comment.Directive == SuppressionDirective.Enable).ToList();
        var matchedEnables = new HashSet<(int, string)>();
        foreach (var (span, comment) in parsed)
        {
            var location = source.GetLocation(span);
            var keyBase = "suppression:" + source.ToString(span).Trim();
            var ids = string.Join(", ", comment.RuleIds);
            switch (comment.Directive)
            {
                case SuppressionDirective.DisableNextLine:
                {
                    var suppression = new Suppression(SuppressionKind.NextLine, comment.RuleIds, comment.Justification, comment.Until, location);
                    CheckJustificationAndExpiry(suppression, $"The suppression of {ids}", keyBase, asOf, problem);
                    if (!suppression.IsActive(asOf))
                    {
                        break;
                    }

                    int target = location.EndLine + 1;
                    while (target <= source.LineCount && (commentOnlyLines.Contains(target) || string.IsNullOrWhiteSpace(source.GetLineText(target))))
                    {
                        target++;
                    }

                    scopes.Add(new Scoped(suppression, source.Path, 0, 0, target));
                    break;
                }

                case SuppressionDirective.Disable:
                {
                    var suppression = new Suppression(SuppressionKind.Region, comment.RuleIds, comment.Justification, comment.Until, location);
                    CheckJustificationAndExpiry(suppression, $"The suppression of {ids}", keyBase, asOf, problem);
                    int start = source.GetLineStart(location.StartLine);
                    int defaultEnd = EnclosingEnd(tree, span);
                    foreach (var id in comment.RuleIds)
                    {
                        // Each rule's region ends at the first later enable that names it (within the enclosing block).
                        var enable = enables.FirstOrDefault(e => e.Span.Start > span.Start && e.Span.Start < defaultEnd && e.Comment.RuleIds.Contains(id));
                        int end = defaultEnd;
                        if (enable.Comment is not null)
                        {
                            end = enable.Span.Start;
                            matchedEnables.Add((enable.Span.Start, id));
                        }

                        if (suppression.IsActive(asOf))
                        {
                            scopes.Add(new Scoped(suppression with { RuleIds = [id] }, source.Path, start, end, location.StartLine));
                        }
                    }

                    break;
                }

                case SuppressionDirective.Enable:
                    break;
            }
        }

        foreach (var (span, comment) in enables)
        {
            foreach (var id in comment.RuleIds.Where(id => !matchedEnables.Contains((span.Start, id))))
            {
                problem(source.GetLocation(span), $"suppression:{source.ToString(span).Trim()}:enable-without-disable:{id}", $"electionaudit-enable {id} has no electionaudit-disable {id} before it in the same block; it does nothing.", Severity.Warning);
            }
        }
    }

    /// <summary>The end of the innermost node that encloses <paramref name="comment"/> (the block it is in), else of the file.</summary>
    private static int EnclosingEnd(SyntaxTree tree, TextSpan comment)
    {
        int best = -1;
        int bestLength = int.MaxValue;
        foreach (var node in tree.Root.DescendantNodesAndSelf())
        {
            var span = node.Span;
            if (span.Start < comment.Start && span.End >= comment.End && span.Length < bestLength && !ReferenceEquals(node, tree.Root))
            {
                best = span.End;
                bestLength = span.Length;
            }
        }

        return best >= 0 ? best : tree.Source.Length;
    }

    private static bool OnlyWhiteSpace(SourceText source, int start, int length)
    {
        for (int i = start; i < start + length; i++)
        {
            if (!char.IsWhiteSpace(source[i]))
            {
                return false;
            }
        }

        return true;
    }
}
