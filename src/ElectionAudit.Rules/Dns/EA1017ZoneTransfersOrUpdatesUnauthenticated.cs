using System.Collections.Immutable;
using ElectionAudit.Model.Dns;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.NamedConf;

namespace ElectionAudit.Rules.Dns;

/// <summary>EA1017: named allows zone transfers to anyone or without TSIG, or dynamic updates without TSIG.</summary>
public sealed class EA1017ZoneTransfersOrUpdatesUnauthenticated : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA1017",
        "Zone transfers or updates unauthenticated",
        "{0}",
        Severity.Error,
        "A zone transfer open to anyone hands attackers the full map of the election infrastructure; transfers and dynamic updates authorised only by IP address can be spoofed or abused from a compromised neighbour, and an unauthenticated update can rewrite where the results host points. CIS's BIND benchmark and DISA's BIND STIG require allow-transfer to be restricted and both transfers and updates to be authenticated with TSIG keys.",
        8.0,
        RulePrecision.High,
        [
            new(TraceSource.CisBind, "§5 (zone transfers)", TraceMapping.Explicit),
            new(TraceSource.Other, "DISA BIND 9.x STIG (TSIG for transfers and updates)", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB1", TraceMapping.Interpretation),
        ],
        [InputFormat.NamedConf]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<NamedConfZoneElement>(ctx =>
        {
            var zone = ctx.Element;

            // Debian's stock zones (localhost, 127, 0, 255, the RFC 1918 reverse space) load the bind9 package's own
            // zone files: the same data on every server, naming nothing of the operator's.
            if (!zone.ServesZoneData || zone.LoadsPackageZoneData)
            {
                return;
            }

            var name = zone.Name?.ToString() ?? zone.Zone.Name?.Text ?? "(unnamed)";
            if (zone.AllowTransfer is not { } transfer)
            {
                // BIND 9 ARM (9.18), allow-transfer: "If not specified, the default is to allow transfers to all hosts."
                ctx.Report(Finding.Create(Rule, zone.Location, $"{zone.Key}/allow-transfer",
                    $"Zone {name} sets no allow-transfer, here or in options; BIND up to 9.18 then allows transfers to any host (the default assumed). Add 'allow-transfer {{ key \"<transfer-key>\"; }};' to the zone or options."));
            }
            else
            {
                Check(ctx, zone, name, transfer, "allow-transfer", "zone transfers");
            }

            if (zone.AllowUpdate is { } update)
            {
                Check(ctx, zone, name, update, "allow-update", "dynamic updates");
            }
        });
    }

    private static void Check(ElementContext<NamedConfZoneElement> ctx, NamedConfZoneElement zone, string name, NamedConfSetting setting, string keyword, string what)
    {
        var list = setting.List;
        var tree = setting.Statement.Tree.Source;
        var level = setting.Level == NamedConfLevel.Zone ? string.Empty : $" (inherited from {setting.Level.ToString().ToLowerInvariant()})";
        var expanded = Expand(zone, list).ToList();
        if (expanded.FirstOrDefault(e => e.Element.Kind == AddressMatchKind.Any && !e.Element.Negated) is { Written: { } written } any)
        {
            var through = any.Acl is null ? string.Empty : $" (through acl '{any.Acl}')";
            ctx.Report(Finding.Create(Rule, Severity.Error, tree.GetLocation(written.Span), $"{zone.Key}/{keyword}", [],
                $"{keyword}{level} for zone {name} allows 'any'{through}: {what} are open to every host. Allow only TSIG keys: '{keyword} {{ key \"<name>\"; }};'."));
            return;
        }

        bool permitsSomething = expanded.Any(e => !e.Element.Negated && e.Element.Kind is not AddressMatchKind.None);
        bool usesKey = list.UsesKey || expanded.Any(e => e.Element.Kind == AddressMatchKind.Key && !e.Element.Negated);
        if (permitsSomething && !usesKey)
        {
            ctx.Report(Finding.Create(Rule, Severity.Error, setting.Location, $"{zone.Key}/{keyword}", [],
                $"{keyword}{level} for zone {name} authorises {what} by address only, with no TSIG key; addresses can be spoofed or shared. Require a key: '{keyword} {{ key \"<name>\"; }};'."));
        }
    }

    /// <summary>
    /// The elements of a list with nested lists and the ACLs it names expanded (an operator's
    /// <c>acl "secondaries" { key "xfr"; };</c> authenticates as the key does), each with the element of the list as
    /// written that brought it in and the ACL it came through. A negated element is kept as written: it only refuses.
    /// An ACL defined in no scanned file stays a name, which permits someone.
    /// </summary>
    private static IEnumerable<(AddressMatchElement Element, AddressMatchElement Written, string? Acl)> Expand(NamedConfZoneElement zone, AddressMatchList list) =>
        list.Elements.SelectMany(element => Expand(zone, element, element, null, depth: 0));

    private static IEnumerable<(AddressMatchElement Element, AddressMatchElement Written, string? Acl)> Expand(NamedConfZoneElement zone, AddressMatchElement element, AddressMatchElement written, string? acl, int depth)
    {
        // BIND refuses an ACL that names itself; the depth bound keeps a cycle in unchecked files from running on.
        if (!element.Negated && depth < MaxAclDepth)
        {
            if (element.Nested is { } nested)
            {
                return nested.Elements.SelectMany(inner => Expand(zone, inner, written, acl, depth + 1));
            }

            if (element.Kind == AddressMatchKind.AclName && element.Value is { } reference && zone.FindAcl(reference.Text) is { } definition)
            {
                return definition.Elements.SelectMany(inner => Expand(zone, inner, written, acl ?? reference.Text, depth + 1));
            }
        }

        return [(element, written, acl)];
    }

    private const int MaxAclDepth = 16;
}
