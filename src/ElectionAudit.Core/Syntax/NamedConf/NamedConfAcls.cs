using System.Collections.Frozen;
using ElectionAudit.Schema;

namespace ElectionAudit.Syntax.NamedConf;

/// <summary>
/// An address match list that names an ACL no <c>acl</c> statement defines: named refuses to load the configuration
/// ("undefined ACL 'name'"; BIND 9.18's <c>named-checkconf</c> says so too, except for <c>allow-transfer</c> in
/// <c>options</c>). A misspelt <c>allow-transfer { intrnal; };</c> would otherwise read as a restriction while the
/// server does not start.
/// </summary>
internal static class NamedConfAcls
{
    // The statements whose block is an address match list (BIND 9 ARM, "address_match_list" and the options grammar);
    // an acl's own list may name other ACLs.
    private static readonly FrozenSet<string> ListStatements = FrozenSet.ToFrozenSet(
    [
        "acl", "allow-notify", "allow-query", "allow-query-cache", "allow-query-cache-on", "allow-query-on", "allow-recursion",
        "allow-recursion-on", "allow-transfer", "allow-update", "allow-update-forwarding", "blackhole", "listen-on", "listen-on-v6",
        "match-clients", "match-destinations",
    ]);

    private static readonly string[] BuiltIn = ["any", "none", "localhost", "localnets"];

    /// <summary>
    /// The EA0002s of a whole configuration (its top-level file and every file it includes): each ACL name in an address
    /// match list that none of its <c>acl</c> statements defines. BIND compares ACL names ignoring case.
    /// </summary>
    public static IEnumerable<SyntaxDiagnostic> Undefined(IReadOnlyList<NamedConfSyntaxTree> trees)
    {
        var defined = trees.SelectMany(t => t.Root.Statements)
            .Where(s => s.Keyword == "acl" && s.Values.Length > 1)
            .Select(s => s.Values[1].Text)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var tree in trees)
        {
            foreach (var statement in tree.Root.DescendantNodesAndSelf().OfType<NamedConfStatementSyntax>())
            {
                if (statement.Block is null || !ListStatements.Contains(statement.Keyword))
                {
                    continue;
                }

                foreach (var name in Names(AddressMatchList.From(statement)))
                {
                    if (!defined.Contains(name.Text))
                    {
                        var closest = Suggestions.Closest(name.Text, defined.Concat(BuiltIn));
                        yield return new SyntaxDiagnostic("EA0002", tree.Source.GetLocation(name.Span),
                            $"no acl statement defines '{name.Text}': named refuses to load the configuration (\"undefined ACL '{name.Text}'\"){(closest is null ? string.Empty : $"; did you mean '{closest}'?")}");
                    }
                }
            }
        }
    }

    // The ACL names of a list and its nested lists; a geoip element ("geoip country NL;") is not one.
    private static IEnumerable<NamedConfValue> Names(AddressMatchList list)
    {
        foreach (var element in list.Elements)
        {
            if (element.Nested is { } nested)
            {
                foreach (var name in Names(nested))
                {
                    yield return name;
                }
            }
            else if (element.Kind == AddressMatchKind.AclName && element.Value is { } value && !(value.Text == "geoip" && !value.IsQuoted))
            {
                yield return value;
            }
        }
    }
}
