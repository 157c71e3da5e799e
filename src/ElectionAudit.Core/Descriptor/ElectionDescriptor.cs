using ElectionAudit.Model;
using ElectionAudit.Syntax.Yaml;

namespace ElectionAudit.Descriptor;

/// <summary>
/// One election infrastructure descriptor file, bound into typed elements. Sections without a typed element are read
/// through <see cref="Section"/>; every value keeps its line and column.
/// </summary>
public sealed class ElectionDescriptor : DescriptorElement
{
    /// <summary>Binds a parsed descriptor file.</summary>
    public ElectionDescriptor(YamlSyntaxTree tree)
        : base((tree ?? throw new ArgumentNullException(nameof(tree))).RootMapping, Text.Location.ForFile(tree.Source.Path))
    {
        Tree = tree;
        Election = Section("election");
        Sites = ChildList("sites").Select(m => new SiteElement(this, m)).ToList();
        ResultsChannels = (Child("results") is { } results && results.Find("channels")?.Value is YamlSequenceSyntax channels
            ? channels.Items.OfType<YamlMappingSyntax>()
            : []).Select(m => new ResultsChannel(this, m)).ToList();
        Assets = ChildList("assets").Select(m => new AssetElement(this, m)).ToList();
        Backups = ChildList("backups").Select(m => new BackupPlan(this, m)).ToList();
        Exercises = ChildList("exercises").Select((m, i) => new ExerciseElement(this, m, i)).ToList();
        Accounts = ChildList("accounts").Select(m => new AccountElement(this, m)).ToList();
        Software = ChildList("software").Select(m => new SoftwareElement(this, m)).ToList();
        Providers = ChildList("providers").Select(m => new ProviderElement(this, m)).ToList();
        Parties = ChildList("parties").Select(m => new PartyElement(this, m)).ToList();
        LoadTests = ChildList("load_tests").Select((m, i) => new LoadTestElement(this, m, i)).ToList();
    }

    /// <summary>The parsed file.</summary>
    public YamlSyntaxTree Tree { get; }

    /// <inheritdoc />
    public override string Key => "descriptor";

    /// <summary>The <c>election</c> section.</summary>
    public DescriptorSection Election { get; }

    /// <summary>Polling day, when declared.</summary>
    public Located<DateOnly>? ElectionDate => Election.GetDate("date");

    /// <summary>Sites.</summary>
    public IReadOnlyList<SiteElement> Sites { get; }

    /// <summary>Results channels.</summary>
    public IReadOnlyList<ResultsChannel> ResultsChannels { get; }

    /// <summary>Assets.</summary>
    public IReadOnlyList<AssetElement> Assets { get; }

    /// <summary>Backup plans.</summary>
    public IReadOnlyList<BackupPlan> Backups { get; }

    /// <summary>Exercises.</summary>
    public IReadOnlyList<ExerciseElement> Exercises { get; }

    /// <summary>Accounts with access to election systems.</summary>
    public IReadOnlyList<AccountElement> Accounts { get; }

    /// <summary>Software in use.</summary>
    public IReadOnlyList<SoftwareElement> Software { get; }

    /// <summary>Third-party providers.</summary>
    public IReadOnlyList<ProviderElement> Providers { get; }

    /// <summary>Political organisations.</summary>
    public IReadOnlyList<PartyElement> Parties { get; }

    /// <summary>Pre-election load tests.</summary>
    public IReadOnlyList<LoadTestElement> LoadTests { get; }

    /// <summary>The declared provider named <paramref name="name"/>, or null.</summary>
    public ProviderElement? FindProvider(string name) => Providers.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A top-level section by key (for example <c>incident_response</c>).</summary>
    public DescriptorSection Section(string key) => new(key, Child(key), this, key);

    /// <summary>This descriptor and every element it declares, in declaration order by kind.</summary>
    public IEnumerable<ModelElement> Elements()
    {
        yield return this;
        foreach (var element in Sites.Cast<ModelElement>().Concat(ResultsChannels).Concat(Assets).Concat(Backups).Concat(Backups.SelectMany(b => b.Copies)).Concat(Exercises))
        {
            yield return element;
        }

        foreach (var element in Accounts.Cast<ModelElement>().Concat(Software).Concat(Providers).Concat(Parties).Concat(LoadTests))
        {
            yield return element;
        }
    }
}
