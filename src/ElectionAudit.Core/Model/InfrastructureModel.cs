using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Dns;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Model;

/// <summary>
/// The infrastructure, bound across all files: the analogue of Roslyn's compilation. Rules ask it questions; they never read files.
/// </summary>
public sealed class InfrastructureModel
{
    /// <summary>Creates a model.</summary>
    public InfrastructureModel(IEnumerable<SyntaxTree> syntaxTrees, IEnumerable<ElectionDescriptor> descriptors, IEnumerable<ModelElement>? boundElements = null)
    {
        SyntaxTrees = [.. syntaxTrees];
        Descriptors = [.. descriptors];
        BoundElements = [.. boundElements ?? []];
        BackupPlans = [.. BackupBinder.Bind(Descriptors, SyntaxTrees)];
    }

    // Created once, under a lock: rules on several worker threads ask for it at the same moment, and without the lock
    // each could create its own binding, with its own per-host cache, so hosts were bound once per copy.
    private Binding.InfrastructureBinding? _binding;
    private bool _bindingBuilt;
    private object? _bindingLock;

    /// <summary>Backup plans: descriptor <c>backups[]</c> joined with borgmatic/resticprofile configurations, and configurations no entry names.</summary>
    public ImmutableArray<EffectiveBackupPlan> BackupPlans { get; }

    /// <summary>An empty model.</summary>
    public static InfrastructureModel Empty { get; } = new([], []);

    /// <summary>Every parsed file, in path order.</summary>
    public ImmutableArray<SyntaxTree> SyntaxTrees { get; }

    /// <summary>The election infrastructure descriptors (usually one).</summary>
    public ImmutableArray<ElectionDescriptor> Descriptors { get; }

    /// <summary>Elements bound from configuration files by <see cref="IModelContributor"/>s (web sites, TLS endpoints, certificates ...), in a deterministic order.</summary>
    public ImmutableArray<ModelElement> BoundElements { get; }

    /// <summary>Every element of type <typeparamref name="T"/> bound from configuration files.</summary>
    public IEnumerable<T> BoundElementsOfType<T>()
        where T : ModelElement => BoundElements.OfType<T>();

    /// <summary>The join across files (host names ↔ descriptor entries, server blocks, zones, certificates, providers), computed once on first use.</summary>
    public Binding.InfrastructureBinding Binding => LazyInitializer.EnsureInitialized(ref _binding, ref _bindingBuilt, ref _bindingLock, () => new Binding.InfrastructureBinding(this))!;

    /// <summary>The DNS model: zones, named.conf zone statements and their links to the descriptor.</summary>
    public DnsModel Dns { get; init; } = DnsModel.Empty;

    /// <summary>
    /// Every suppression written in the scan — inline comments and <see cref="Suppressions.SuppressionFile"/> entries,
    /// expired ones included — read before the rules run (see <see cref="Suppressions.SuppressionApplier.Collect"/>), so
    /// that a rule can judge the suppressions themselves (EA7007: an <c>until</c> date inside the election window). The
    /// engine applies them to findings after the rules, whatever a rule does with this list.
    /// </summary>
    public ImmutableArray<Suppressions.Suppression> Suppressions { get; init; } = [];

    /// <summary>Every model element, in a deterministic order (descriptors first, then bound elements in file and declaration order, then DNS elements).</summary>
    public IEnumerable<ModelElement> Elements()
    {
        foreach (var descriptor in Descriptors)
        {
            foreach (var element in descriptor.Elements())
            {
                yield return element;
            }
        }

        foreach (var element in BoundElements)
        {
            yield return element;
        }

        foreach (var element in Dns.Elements())
        {
            yield return element;
        }

        foreach (var plan in BackupPlans)
        {
            yield return plan;
        }
    }
}

/// <summary>
/// Something a <see cref="Engine.FormatLoader"/> read that becomes model elements once every file is loaded: the
/// binder of its format (an nginx configuration binds into web sites). Runs after the descriptors are bound, so
/// elements can be linked to them.
/// </summary>
public interface IModelContributor
{
    /// <summary>The elements, in declaration order. Must not throw on any input.</summary>
    IEnumerable<ModelElement> Bind(ModelBindingContext context);
}

/// <summary>What binders see: the descriptors (to link sites to <c>sites[]</c>, read <c>software[]</c> ...).</summary>
public sealed class ModelBindingContext
{
    /// <summary>Creates a context.</summary>
    public ModelBindingContext(IEnumerable<ElectionDescriptor> descriptors)
    {
        Descriptors = [.. descriptors];
    }

    /// <summary>The election infrastructure descriptors.</summary>
    public ImmutableArray<ElectionDescriptor> Descriptors { get; }

    private (List<(SiteElement Site, string Host)> Hosts, Dictionary<string, int> FirstByHost) _descriptorHosts;
    private bool _descriptorHostsBuilt;
    private object? _descriptorHostsLock;

    /// <summary>
    /// Every descriptor host in descriptor order, and the first position of each exact host name (final dot dropped, case
    /// ignored). Built once per scan and shared by every configuration's binder: a scan with more site files than one
    /// include glob reads binds each of the rest as its own configuration, and an index per configuration made that
    /// quadratic in time and memory (7 GB for 16,000 generated files). Configurations bind on several threads, so it is
    /// built under a lock.
    /// </summary>
    internal (List<(SiteElement Site, string Host)> Hosts, Dictionary<string, int> FirstByHost) DescriptorHosts =>
        LazyInitializer.EnsureInitialized(ref _descriptorHosts, ref _descriptorHostsBuilt, ref _descriptorHostsLock, () =>
        {
            List<(SiteElement Site, string Host)> hosts = [.. Descriptors.SelectMany(d => d.Sites).SelectMany(site => site.Hosts.Select(host => (site, host.Value)))];
            var firstByHost = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int index = 0; index < hosts.Count; index++)
            {
                firstByHost.TryAdd(hosts[index].Host.TrimEnd('.'), index);
            }

            return (hosts, firstByHost);
        });
}
