using System.Collections.Immutable;
using ElectionAudit.Configuration;
using ElectionAudit.Plugins;
using ElectionAudit.Text;

namespace ElectionAudit.Cli;

/// <summary>The plugins a command line names: <c>plugins:</c> in the configuration file (relative to its folder) and <c>--plugin</c> (relative to the current directory).</summary>
internal static class PluginRules
{
    public static ImmutableArray<RulePlugin> Load(string? configurationPath, IReadOnlyList<string> commandLinePlugins, string currentDirectory, string root)
    {
        var paths = new List<string>();
        if (configurationPath is not null && File.Exists(configurationPath))
        {
            // Read only for its plugins: rule IDs are checked when the engine, plugins included, loads it again.
            var full = Path.GetFullPath(configurationPath, currentDirectory);
            // Named relative to the scan root, as AuditEngine.LoadConfiguration names it, so that errors read the same.
            var display = Path.GetRelativePath(Path.GetFullPath(root, currentDirectory), full);
            var configuration = ConfigurationLoader.Parse(SourceText.FromBytes(display, File.ReadAllBytes(full)));
            paths.AddRange(configuration.Plugins.Select(p => Path.GetFullPath(p, Path.GetDirectoryName(full)!)));
        }

        paths.AddRange(commandLinePlugins.Select(p => Path.GetFullPath(p, currentDirectory)));
        if (paths.Count == 0)
        {
            return [];
        }

        if (!PluginLoader.IsSupported)
        {
            // The native build (README, install) has no JIT; say which build can, rather than the library's generic message.
            throw new PluginLoadException($"this electionaudit is the native (ahead-of-time compiled) build, which cannot load rule plugins, so '{paths[0]}' was not loaded. Use the JIT build for plugins: the .NET tool (dotnet tool install --global ElectionAudit.Cli) or the framework-dependent build (dotnet publish src/ElectionAudit.Cli -c Release).");
        }

        return PluginLoader.Load(paths, ElectionAudit.Rules.BuiltInRules.All);
    }

    public static string? GetPage(IEnumerable<RulePlugin> plugins, string ruleId) =>
        plugins.Select(p => p.GetRulePage(ruleId)).FirstOrDefault(page => page is not null);
}
