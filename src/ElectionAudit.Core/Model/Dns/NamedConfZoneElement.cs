using ElectionAudit.Syntax.NamedConf;
using ElectionAudit.Syntax.Zone;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Dns;

/// <summary>Which level of named.conf set an effective value.</summary>
public enum NamedConfLevel
{
    /// <summary>The <c>zone</c> statement itself.</summary>
    Zone,

    /// <summary>The enclosing <c>view</c>.</summary>
    View,

    /// <summary>The global <c>options</c>.</summary>
    Options,
}

/// <summary>An option value in effect for a zone and the level it comes from (BIND inherits zone options from view, then options).</summary>
/// <param name="Statement">The statement that sets it.</param>
/// <param name="Level">Where it is set.</param>
public sealed record NamedConfSetting(NamedConfStatementSyntax Statement, NamedConfLevel Level)
{
    /// <summary>The first value after the keyword, when there is one.</summary>
    public NamedConfValue? Value => Statement.Values.Length > 1 ? Statement.Values[1] : null;

    /// <summary>The statement's address match list.</summary>
    public AddressMatchList List => AddressMatchList.From(Statement);

    /// <summary>Where the statement is written.</summary>
    public Location Location => Statement.GetLocation();
}

/// <summary>A <c>zone</c> statement of named.conf, as a model element, with option values resolved through view and options.</summary>
public sealed class NamedConfZoneElement : ModelElement
{
    internal NamedConfZoneElement(DnsModel model, NamedConfSyntaxTree tree, NamedConfZone zone, NamedConfStatementSyntax? view, string? resolvedFilePath)
    {
        Model = model;
        Tree = tree;
        Zone = zone;
        View = view;
        ResolvedFilePath = resolvedFilePath;
        var nameText = zone.Name?.Text;
        Name = nameText is { Length: > 0 } && DomainName.TryParse(nameText.EndsWith('.') ? nameText : nameText + ".", null, out var name, out _) ? name : null;
        Location = zone.Name is { } value ? tree.Source.GetLocation(value.Span) : zone.Statement.GetLocation();
    }

    /// <summary>The model.</summary>
    public DnsModel Model { get; }

    /// <summary>The file the statement is in.</summary>
    public NamedConfSyntaxTree Tree { get; }

    /// <summary>The typed statement.</summary>
    public NamedConfZone Zone { get; }

    /// <summary>The enclosing <c>view</c> statement, if any.</summary>
    public NamedConfStatementSyntax? View { get; }

    /// <summary>The zone name, absolute; null when it is missing or invalid.</summary>
    public DomainName? Name { get; }

    /// <summary>The scanned zone file that <c>file</c> names (relative to the scan root), when it could be matched.</summary>
    public string? ResolvedFilePath { get; }

    /// <summary>The loaded zone for <see cref="ResolvedFilePath"/>.</summary>
    public DnsZone? ZoneFile => ResolvedFilePath is null ? null : Model.Zones.FirstOrDefault(z => z.Path == ResolvedFilePath);

    /// <summary>The zone's type, lower-case, with the old names mapped (<c>master</c> → primary, <c>slave</c> → secondary).</summary>
    public string Type => Zone.Type?.Text.ToLowerInvariant() switch
    {
        "master" => "primary",
        "slave" => "secondary",
        null => string.Empty,
        var type => type,
    };

    /// <summary>Whether the zone holds data this server serves and can transfer: primary or secondary (also mirror).</summary>
    public bool ServesZoneData => Type is "primary" or "secondary" or "mirror";

    /// <summary>
    /// Whether the zone loads one of the zone files Debian's bind9 package installs in <c>/etc/bind/</c> and names by that
    /// absolute path in its stock zone statements: <c>db.local</c> (localhost's 127.0.0.1 and ::1), <c>db.127</c>
    /// (127.0.0.1's PTR to localhost), and <c>db.0</c>, <c>db.255</c> and <c>db.empty</c> (an SOA and an NS record only).
    /// That data is the same on every server and names nothing of the operator's, so transferring it reveals nothing.
    /// </summary>
    public bool LoadsPackageZoneData => Zone.File?.Text is { } file && BindStockFiles.IsPackageZoneFile(file);

    /// <summary>The zone name as written in the statement.</summary>
    public override Location Location { get; }

    /// <inheritdoc />
    public override string Key => "named.conf zone:" + (Name?.ToString() ?? Zone.Name?.Text ?? "(unnamed)");

    /// <summary>The effective <c>allow-transfer</c>: the zone's, else the view's, else the global options'.</summary>
    public NamedConfSetting? AllowTransfer => Effective("allow-transfer");

    /// <summary>The effective <c>allow-update</c>.</summary>
    public NamedConfSetting? AllowUpdate => Effective("allow-update");

    /// <summary>The effective <c>dnssec-policy</c>.</summary>
    public NamedConfSetting? DnssecPolicy => Effective("dnssec-policy");

    /// <summary>The effective <c>inline-signing</c>.</summary>
    public NamedConfSetting? InlineSigning => Effective("inline-signing");

    /// <summary>The effective <c>auto-dnssec</c>.</summary>
    public NamedConfSetting? AutoDnssec => Effective("auto-dnssec");

    /// <summary>
    /// Whether named signs the zone: a <c>dnssec-policy</c> other than <c>none</c> or <c>insecure</c> (BIND 9 ARM,
    /// "dnssec-policy"), <c>auto-dnssec maintain</c> or <c>allow</c> (BIND before 9.18), or <c>inline-signing yes</c>.
    /// </summary>
    public bool IsSigningConfigured =>
        (DnssecPolicy?.Value?.Text.ToLowerInvariant() is { } policy && policy is not ("none" or "insecure"))
        || (AutoDnssec?.Value?.Text.ToLowerInvariant() is "maintain" or "allow")
        || NamedConfZone.IsTrue(InlineSigning?.Value);

    /// <summary>The top-level <c>dnssec-policy "name" { ... }</c> definition the effective policy names, if it is in the scanned files.</summary>
    public NamedConfStatementSyntax? DnssecPolicyDefinition =>
        DnssecPolicy?.Value?.Text is { } policyName
            ? Model.NamedConfTrees.SelectMany(t => t.Root.Statements)
                .FirstOrDefault(s => s.Keyword == "dnssec-policy" && s.Block is not null && s.Values.Length > 1 && s.Values[1].Text == policyName)
            : null;

    /// <summary>
    /// The address match list of the top-level <c>acl</c> statement named <paramref name="name"/> in the scanned named.conf
    /// files (BIND compares ACL names ignoring case), or null when none defines it.
    /// </summary>
    public AddressMatchList? FindAcl(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Model.NamedConfTrees.SelectMany(t => t.Root.Statements)
            .FirstOrDefault(s => s.Keyword == "acl" && s.Block is not null && s.Values.Length > 1 && s.Values[1].Text.Equals(name, StringComparison.OrdinalIgnoreCase)) is { } acl
            ? AddressMatchList.From(acl)
            : null;
    }

    private NamedConfSetting? Effective(string keyword)
    {
        if (Zone.Statement.Find(keyword) is { } own)
        {
            return new NamedConfSetting(own, NamedConfLevel.Zone);
        }

        if (View?.Find(keyword) is { } inView)
        {
            return new NamedConfSetting(inView, NamedConfLevel.View);
        }

        return Model.NamedConfTrees.SelectMany(t => t.Root.Statements).Where(s => s.Keyword == "options").Select(o => o.Find(keyword)).OfType<NamedConfStatementSyntax>().FirstOrDefault() is { } global
            ? new NamedConfSetting(global, NamedConfLevel.Options)
            : null;
    }
}
