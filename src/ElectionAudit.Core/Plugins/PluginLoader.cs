using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.Loader;
using System.Text.RegularExpressions;
using ElectionAudit.Rules;

namespace ElectionAudit.Plugins;

/// <summary>
/// Loads rule plugins: only the assemblies named (ARCHITECTURE.md: plugins only from explicit configuration), each in its
/// own <see cref="AssemblyLoadContext"/> so that plugins' dependencies cannot clash, sharing ElectionAudit.Core with the
/// host so that the plugin's <see cref="AuditRule"/> is the engine's. Every problem is a <see cref="PluginLoadException"/>
/// with a plain message; nothing a plugin assembly does while loading escapes as another exception.
/// </summary>
public static partial class PluginLoader
{
    /// <summary>The name of the feature switch behind <see cref="IsSupported"/>.</summary>
    public const string IsSupportedSwitchName = "ElectionAudit.Plugins.IsSupported";

    /// <summary>
    /// Whether this process can load rule plugins: false in a Native AOT process (the native build of the <c>electionaudit</c>
    /// command), which has no JIT to run an assembly loaded at run time, and wherever the <c>ElectionAudit.Plugins.IsSupported</c>
    /// feature switch is set off (a trimmed build, whose engine types a plugin uses may have been removed). True otherwise.
    /// </summary>
    // A feature switch: the AOT compiler substitutes its value, so the loading code is left out of the native build.
    [FeatureSwitchDefinition(IsSupportedSwitchName)]
    public static bool IsSupported =>
        AppContext.TryGetSwitch(IsSupportedSwitchName, out var supported) ? supported : System.Runtime.CompilerServices.RuntimeFeature.IsDynamicCodeSupported;

    /// <summary>
    /// Loads the plugins at <paramref name="paths"/> (absolute, or relative to the current directory) and checks their rule
    /// IDs against each other and against <paramref name="existingRules"/> (normally the built-in rules). Throws a
    /// <see cref="PluginLoadException"/> when a path is given and this process cannot load plugins (<see cref="IsSupported"/>).
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Loading runs only when IsSupported, a feature switch that the trimmed and native builds set off; the call is then removed.")]
    public static ImmutableArray<RulePlugin> Load(IEnumerable<string> paths, IEnumerable<AuditRule> existingRules)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(existingRules);
        var given = paths.ToList();
        if (given.Count == 0)
        {
            return [];
        }

        if (!IsSupported)
        {
            throw new PluginLoadException($"This process cannot load rule plugins (it runs without a JIT, or was built with plugin loading trimmed out), so '{given[0]}' was not loaded. Run plugins with a build that has the .NET runtime, such as the .NET tool.");
        }

        return LoadSupported(given, existingRules);
    }

    [RequiresUnreferencedCode("A plugin's rule types are found by reflection over an assembly loaded at run time.")]
    private static ImmutableArray<RulePlugin> LoadSupported(List<string> paths, IEnumerable<AuditRule> existingRules)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rule in existingRules)
        {
            foreach (var descriptor in rule.SupportedRules)
            {
                owners.TryAdd(descriptor.Id, "the built-in rules");
            }
        }

        foreach (var descriptor in ToolRules.All)
        {
            owners.TryAdd(descriptor.Id, "the tool's own rules");
        }

        var plugins = ImmutableArray.CreateBuilder<RulePlugin>();
        var seen = new HashSet<string>(OperatingSystem.IsWindows() ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal);
        foreach (var given in paths)
        {
            var path = System.IO.Path.GetFullPath(given);
            if (!seen.Add(path))
            {
                continue;
            }

            var plugin = LoadOne(path);
            foreach (var descriptor in plugin.Rules.SelectMany(r => r.SupportedRules).DistinctBy(d => d.Id))
            {
                if (owners.TryGetValue(descriptor.Id, out var owner))
                {
                    throw new PluginLoadException($"Plugin '{plugin.Name}' ({path}) declares rule {descriptor.Id}, which is already used by {owner}. Rule IDs must be unique; give the plugin's rule another ID under its prefix {plugin.RuleIdPrefix}.");
                }

                owners[descriptor.Id] = $"plugin '{plugin.Name}'";
            }

            plugins.Add(plugin);
        }

        return plugins.ToImmutable();
    }

    [RequiresUnreferencedCode("A plugin's rule types are found by reflection over an assembly loaded at run time.")]
    private static RulePlugin LoadOne(string path)
    {
        if (!File.Exists(path))
        {
            throw new PluginLoadException($"Plugin assembly '{path}' does not exist.");
        }

        Assembly assembly;
        try
        {
            assembly = new PluginLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException ex)
        {
            throw new PluginLoadException($"'{path}' is not a .NET assembly, so it cannot be a rule plugin ({ex.Message}).", ex);
        }
        catch (FileLoadException ex)
        {
            throw new PluginLoadException($"Plugin assembly '{path}' could not be loaded: {ex.Message}", ex);
        }

        var name = assembly.GetName().Name ?? System.IO.Path.GetFileNameWithoutExtension(path);
        RulePluginAttribute? declaration;
        Type[] types;
        try
        {
            declaration = assembly.GetCustomAttribute<RulePluginAttribute>();
            types = assembly.GetExportedTypes();
        }
        catch (Exception ex) when (ex is TypeLoadException or FileNotFoundException or FileLoadException or ReflectionTypeLoadException or BadImageFormatException or CustomAttributeFormatException)
        {
            throw new PluginLoadException($"Plugin '{name}' ({path}) could not be read: {ex.Message} Was it built against a newer ElectionAudit.Core than this tool's ({typeof(AuditRule).Assembly.GetName().Version})?", ex);
        }

        if (declaration is null)
        {
            throw new PluginLoadException($"'{path}' is not a rule plugin: it has no [assembly: ElectionAudit.Plugins.RulePlugin(\"EAnn\")] attribute declaring its rule ID prefix.");
        }

        name = declaration.Name ?? name;
        if (declaration.RuleIdPrefix is null || !PrefixPattern().IsMatch(declaration.RuleIdPrefix))
        {
            throw new PluginLoadException($"Plugin '{name}' ({path}) declares the rule ID prefix '{declaration.RuleIdPrefix}'; a prefix is EA and one to three digits, not starting with 0 (EA0xxx are the tool's own IDs), for example EA79.");
        }

        var rules = ImmutableArray.CreateBuilder<AuditRule>();
        foreach (var type in types.Where(t => t.IsClass && !t.IsAbstract && typeof(AuditRule).IsAssignableFrom(t)).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            if (type.GetConstructor(Type.EmptyTypes) is null)
            {
                throw new PluginLoadException($"Plugin '{name}': rule type {type.FullName} has no public parameterless constructor, so the engine cannot create it.");
            }

            AuditRule rule;
            ImmutableArray<RuleDescriptor> supported;
            try
            {
                rule = (AuditRule)Activator.CreateInstance(type)!;
                supported = rule.SupportedRules;
            }
#pragma warning disable CA1031 // A plugin's constructor may throw anything; it must become a clear error (exit 2), never a crash of the host.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                var cause = ex is TargetInvocationException { InnerException: { } inner } ? inner : ex;
                throw new PluginLoadException($"Plugin '{name}': creating rule {type.FullName} failed with {cause.GetType().Name}: {cause.Message}", cause);
            }

            foreach (var descriptor in supported)
            {
                if (!descriptor.Id.StartsWith(declaration.RuleIdPrefix, StringComparison.Ordinal))
                {
                    throw new PluginLoadException($"Plugin '{name}': rule {type.FullName} declares rule {descriptor.Id}, outside the plugin's declared prefix {declaration.RuleIdPrefix}.");
                }
            }

            rules.Add(rule);
        }

        if (rules.Count == 0)
        {
            throw new PluginLoadException($"Plugin '{name}' ({path}) contains no public rule (a class deriving from ElectionAudit.Rules.AuditRule).");
        }

        return new RulePlugin(path, assembly, name, declaration.RuleIdPrefix, rules.ToImmutable());
    }

    [GeneratedRegex("^EA[1-9][0-9]{0,2}$")]
    private static partial Regex PrefixPattern();

    /// <summary>
    /// One context per plugin: its own dependencies come from its folder (through its .deps.json when present), while
    /// ElectionAudit.Core is deferred to the host's context, so that types like AuditRule are one type for host and plugin.
    /// </summary>
    [RequiresUnreferencedCode("Loads plugin assemblies and their dependencies at run time.")]
    private sealed class PluginLoadContext : AssemblyLoadContext
    {
        private static readonly string SharedAssembly = typeof(AuditRule).Assembly.GetName().Name!;
        private readonly AssemblyDependencyResolver _resolver;
        private readonly string _directory;

        public PluginLoadContext(string path)
            : base($"ElectionAudit plugin {System.IO.Path.GetFileName(path)}", isCollectible: false)
        {
            _resolver = new AssemblyDependencyResolver(path);
            _directory = System.IO.Path.GetDirectoryName(path)!;
        }

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (string.Equals(assemblyName.Name, SharedAssembly, StringComparison.Ordinal))
            {
                return null;
            }

            var resolved = _resolver.ResolveAssemblyToPath(assemblyName);
            if (resolved is null)
            {
                var beside = System.IO.Path.Combine(_directory, assemblyName.Name + ".dll");
                resolved = File.Exists(beside) ? beside : null;
            }

            // Null defers to the default context: framework assemblies, which a plugin never carries.
            return resolved is null ? null : LoadFromAssemblyPath(resolved);
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
        {
            var resolved = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
            return resolved is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(resolved);
        }
    }
}
