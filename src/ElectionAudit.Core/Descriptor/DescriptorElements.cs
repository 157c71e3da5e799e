using ElectionAudit.Model;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Descriptor;

/// <summary>A section of the descriptor read generically (organisation, classification, csirt, logging ...).</summary>
public sealed class DescriptorSection : DescriptorElement
{
    // A section's key is made from its parent's the first time it is read: rules ask a site for its ddos or monitoring
    // section on every check, mostly only whether it is there or for a value, and each call joined a key string (with
    // the site's own key, joined again too): about 5 MB of generated-4000's allocations.
    private readonly DescriptorElement? _keyParent;
    private readonly string _name;
    private readonly char _separator;
    private readonly int _index;
    private string? _key;

    /// <summary>The section under <paramref name="parentKey"/> of <paramref name="parent"/>, whose key is <paramref name="key"/>; when absent, it points at the key or the parent.</summary>
    internal DescriptorSection(string key, YamlMappingSyntax? mapping, DescriptorElement parent, string parentKey)
        : base(mapping, parent, parentKey)
    {
        _key = key;
        _name = key;
    }

    /// <summary>The section under <paramref name="parentKey"/> of <paramref name="parent"/>, whose key is the parent's, <paramref name="separator"/> and the section's own.</summary>
    internal DescriptorSection(YamlMappingSyntax? mapping, DescriptorElement parent, string parentKey, char separator)
        : base(mapping, parent, parentKey)
    {
        _keyParent = parent;
        _name = parentKey;
        _separator = separator;
        _index = -1;
    }

    /// <summary>Item <paramref name="index"/> of the list of mappings under <paramref name="listKey"/> of <paramref name="parent"/>.</summary>
    private DescriptorSection(DescriptorSection parent, string listKey, int index, YamlMappingSyntax mapping)
        : base(mapping)
    {
        _keyParent = parent;
        _name = listKey;
        _separator = '.';
        _index = index;
    }

    /// <inheritdoc />
    public override string Key => _key ??= _index < 0
        ? $"{_keyParent!.Key}{_separator}{_name}"
        : $"{_keyParent!.Key}.{_name}[{_index.ToString(System.Globalization.CultureInfo.InvariantCulture)}]";

    /// <summary>Whether the section is present in the descriptor.</summary>
    public bool IsPresent => Mapping is not null;

    /// <summary>A nested section.</summary>
    public DescriptorSection Section(string key) => new(Child(key), this, key, '.');

    /// <summary>The items of a list of mappings under <paramref name="key"/>.</summary>
    public IEnumerable<DescriptorSection> Items(string key) =>
        ChildList(key).Select((m, i) => new DescriptorSection(this, key, i, m));
}

/// <summary>An entry of a named list in the descriptor (a site, a channel, an asset, a backup plan): its key is its kind and name.</summary>
public abstract class NamedDescriptorElement : DescriptorElement
{
    private readonly string _kind;

    private protected NamedDescriptorElement(ElectionDescriptor descriptor, YamlMappingSyntax mapping, string kind)
        : base(mapping)
    {
        Descriptor = descriptor;
        _kind = kind;
    }

    /// <summary>The descriptor that declares it.</summary>
    public ElectionDescriptor Descriptor { get; }

    /// <summary>The entry's name (<c>name:</c>), or "(unnamed)".</summary>
    public string Name => GetTextValue("name") ?? "(unnamed)";

    /// <inheritdoc />
    /// <remarks>Joined once (the name cannot change): rules read it for every finding's logical key and every section's.</remarks>
    public override string Key => _key ??= _kind + ":" + Name;

    private string? _key;

    /// <summary>A section of the entry by key (for example a site's <c>ddos</c> or a channel's <c>transmission</c>); when absent, it points at the key or the entry.</summary>
    public DescriptorSection Section(string key) => new(Child(key), this, key, '/');
}

/// <summary>A website or web service (<c>sites[]</c>).</summary>
public sealed class SiteElement : NamedDescriptorElement
{
    internal SiteElement(ElectionDescriptor descriptor, YamlMappingSyntax mapping)
        : base(descriptor, mapping, "site")
    {
    }

    // Read once: DNS and web binding ask every site for its hosts, once per zone or server.
    private IReadOnlyList<Located<string>>? _hosts;

    /// <summary>The declared role (results, info, registration, admin ...).</summary>
    public Located<string>? Role => GetText("role");

    /// <summary>Whether the descriptor marks this site as publishing results.</summary>
    public bool IsResultsSite => GetTextValue("role") == "results";

    /// <summary>Host names served.</summary>
    public IReadOnlyList<Located<string>> Hosts => _hosts ??= GetTextList("hosts");

    /// <summary>The <c>ddos</c> section: the DDoS provider or CDN in front of the site.</summary>
    public DescriptorSection Ddos => Section("ddos");

    /// <summary>The <c>monitoring</c> section: intrusion detection and traffic-baseline alerts.</summary>
    public DescriptorSection Monitoring => Section("monitoring");

    /// <summary>The <c>static_fallback</c> section: a static copy served from an independent origin.</summary>
    public DescriptorSection StaticFallback => Section("static_fallback");

}

/// <summary>A results channel (<c>results.channels[]</c>).</summary>
public sealed class ResultsChannel : NamedDescriptorElement
{
    internal ResultsChannel(ElectionDescriptor descriptor, YamlMappingSyntax mapping)
        : base(descriptor, mapping, "channel")
    {
    }

    /// <summary>Whether it is the official channel.</summary>
    public bool IsOfficial => GetBooleanValue("official") == true;

    /// <summary>The declared purpose (publication, backup, validation, transmission).</summary>
    public Located<string>? Purpose => GetText("purpose");

    /// <summary>Host name it is served from.</summary>
    public Located<string>? Host => GetText("host");

}

/// <summary>An information asset (<c>assets[]</c>).</summary>
public sealed class AssetElement : NamedDescriptorElement
{
    internal AssetElement(ElectionDescriptor descriptor, YamlMappingSyntax mapping)
        : base(descriptor, mapping, "asset")
    {
    }

    /// <summary>The declared role.</summary>
    public Located<string>? Role => GetText("role");

    /// <summary>The declared criticality (high, medium, low).</summary>
    public Located<string>? Criticality => GetText("criticality");

    /// <summary>Recovery point objective.</summary>
    public Located<TimeSpan>? RecoveryPointObjective => GetDuration("rpo");

    /// <summary>Recovery time objective.</summary>
    public Located<TimeSpan>? RecoveryTimeObjective => GetDuration("rto");

    /// <summary>Whether the asset holds voters' personal data: <c>personal_data: true</c>, or the voter register role.</summary>
    public bool HoldsPersonalData => GetBooleanValue("personal_data") ?? GetTextValue("role") == "voter_register";

    /// <summary>The site the asset lives at (<c>location.site</c>).</summary>
    public Located<string>? Site => LocationSection.GetText("site");

    /// <summary>The region the asset lives in (<c>location.region</c>).</summary>
    public Located<string>? Region => LocationSection.GetText("region");

    private DescriptorSection LocationSection => new(Key + ".location", Child("location"), this, "location");

}

/// <summary>One copy a backup plan writes (<c>backups[].copies[]</c>).</summary>
public sealed class BackupCopy : DescriptorElement
{
    internal BackupCopy(BackupPlan plan, YamlMappingSyntax mapping, int index)
        : base(mapping)
    {
        Plan = plan;
        Index = index;
    }

    /// <summary>The plan.</summary>
    public BackupPlan Plan { get; }

    /// <summary>Position in the plan's copies.</summary>
    public int Index { get; }

    /// <summary>Whether the copy is kept offline.</summary>
    public bool IsOffline => GetBooleanValue("offline") == true;

    /// <summary>Whether the copy is immutable.</summary>
    public bool IsImmutable => GetBooleanValue("immutable") == true;

    /// <summary>Whether the copy is encrypted: its own flag, else the plan's.</summary>
    public bool? IsEncrypted => GetBooleanValue("encrypted") ?? Plan.GetBooleanValue("encrypted");

    /// <summary>Where the copy is kept.</summary>
    public Located<string>? Site => GetText("site");

    /// <summary>The copy's region.</summary>
    public Located<string>? Region => GetText("region");

    /// <summary>
    /// This copy as a backup destination. It is offsite when its site differs from the asset's site, or (without sites) its region
    /// from the asset's region; unknown when either side does not say.
    /// </summary>
    public BackupDestination ToDestination(AssetElement? asset)
    {
        Located<bool>? offsite = null;
        if (Site is { } site && asset?.Site is { } assetSite)
        {
            offsite = new(!string.Equals(site.Value, assetSite.Value, StringComparison.OrdinalIgnoreCase), site.Location);
        }
        else if (Region is { } region && asset?.Region is { } assetRegion)
        {
            offsite = new(!string.Equals(region.Value, assetRegion.Value, StringComparison.OrdinalIgnoreCase), region.Location);
        }

        return new BackupDestination($"copies[{Index}]", Location)
        {
            IsOffsite = offsite,
            Site = Site,
            Region = Region,
            IsOffline = GetBoolean("offline"),
            IsImmutable = GetBoolean("immutable"),
            IsEncrypted = GetBoolean("encrypted"),
        };
    }

    /// <inheritdoc />
    public override string Key => $"{Plan.Key}/copy[{Index}]";
}

/// <summary>A backup plan as the descriptor declares it (<c>backups[]</c>). Rules read <see cref="EffectiveBackupPlan"/>, which joins it with its tool configuration.</summary>
public sealed class BackupPlan : NamedDescriptorElement
{
    internal BackupPlan(ElectionDescriptor descriptor, YamlMappingSyntax mapping)
        : base(descriptor, mapping, "backup")
    {
        Copies = ChildList("copies").Select((m, i) => new BackupCopy(this, m, i)).ToList();
    }

    /// <summary>The name of the asset it protects.</summary>
    public Located<string>? Asset => GetText("asset");

    /// <summary>The copies it writes.</summary>
    public IReadOnlyList<BackupCopy> Copies { get; }

    /// <summary>The backup tool's configuration this plan is carried out by (<c>config</c>), optionally with <c>#profile</c> for resticprofile.</summary>
    public Located<string>? ToolConfigPath => GetText("config");

    /// <summary>Interval between backups (<c>schedule</c>).</summary>
    public Located<TimeSpan>? Schedule => GetDuration("schedule");

    /// <summary>Whether backups are encrypted (<c>encrypted</c>).</summary>
    public Located<bool>? Encrypted => GetBoolean("encrypted");

    /// <summary>How many days backups are kept (<c>retention_days</c>).</summary>
    public Located<long>? RetentionDays => GetInteger("retention_days");

    /// <summary>Date of the last successful restore test (<c>last_restore_test</c>).</summary>
    public Located<DateOnly>? LastRestoreTest => GetDate("last_restore_test");

    /// <summary>The copies as backup destinations, judged against the protected asset's location.</summary>
    public IReadOnlyList<BackupDestination> Destinations(AssetElement? asset) => [.. Copies.Select(c => c.ToDestination(asset))];

}

/// <summary>An exercise (<c>exercises[]</c>).</summary>
public sealed class ExerciseElement : DescriptorElement
{
    internal ExerciseElement(ElectionDescriptor descriptor, YamlMappingSyntax mapping, int index)
        : base(mapping)
    {
        Descriptor = descriptor;
        Index = index;
    }

    /// <summary>The descriptor that declares it.</summary>
    public ElectionDescriptor Descriptor { get; }

    /// <summary>Position in the list.</summary>
    public int Index { get; }

    /// <summary>When it took place.</summary>
    public Located<DateOnly>? Date => GetDate("date");

    /// <inheritdoc />
    public override string Key => $"exercise[{Index}]";
}
