using ElectionAudit.Descriptor;
using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Bacula;
using ElectionAudit.Syntax.Yaml;

namespace ElectionAudit.Model.Backup;

/// <summary>
/// Joins descriptor <c>backups[]</c> entries with the tool configurations their <c>config</c> names (a path relative to the
/// repository root or the descriptor's folder, optionally <c>#profile</c> for one resticprofile profile). A configuration no entry names is still a plan,
/// with its asset unknown.
/// </summary>
public static class BackupBinder
{
    /// <summary>Binds every backup plan, descriptor entries first (in declaration order), then unreferenced configurations by path.</summary>
    public static IReadOnlyList<EffectiveBackupPlan> Bind(IEnumerable<ElectionDescriptor> descriptors, IEnumerable<SyntaxTree> trees)
    {
        ArgumentNullException.ThrowIfNull(descriptors);
        ArgumentNullException.ThrowIfNull(trees);
        // A file another borgmatic file includes is part of that file's configuration, not one of its own (as borgmatic
        // reads it only through the include).
        var treeList = trees as IReadOnlyCollection<SyntaxTree> ?? [.. trees];
        var included = treeList.OfType<YamlSyntaxTree>().SelectMany(t => t.IncludedTrees.Values).ToHashSet();
        // A Bacula file another includes is read as part of it; a file daemon's own file says whether its data is encrypted.
        var bacula = treeList.OfType<BaculaSyntaxTree>().Where(t => !t.IsIncluded).ToList();
        // Each is read once, for its file daemons and for its jobs.
        var configurations = bacula.ToDictionary(t => t, BaculaConfiguration.Of);
        var fileDaemons = configurations.Values.Where(c => c.OfType("FileDaemon").Any()).ToList();
        var toolPlans = treeList
            .Where(t => t is not YamlSyntaxTree yaml || !included.Contains(yaml))
            .SelectMany(t => t is BaculaSyntaxTree b ? (b.IsIncluded ? [] : BaculaReader.Read(configurations[b], fileDaemons)) : BackupConfigurationReaders.Read(t))
            .ToList();
        var referenced = new HashSet<BackupToolPlan>();
        var plans = new List<EffectiveBackupPlan>();
        foreach (var descriptor in descriptors)
        {
            foreach (var declared in descriptor.Backups)
            {
                var asset = declared.Asset is { } name ? descriptor.Assets.FirstOrDefault(a => a.Name == name.Value) : null;
                var matches = declared.ToolConfigPath is { } config ? Match(toolPlans, config.Value, PathUtil.GetDirectory(PathUtil.Normalize(descriptor.Tree.Source.Path))) : [];
                if (matches.Count == 0)
                {
                    plans.Add(new EffectiveBackupPlan(declared, null, asset, qualifyWithProfile: false));
                    continue;
                }

                foreach (var tool in matches)
                {
                    referenced.Add(tool);
                    plans.Add(new EffectiveBackupPlan(declared, tool, asset, qualifyWithProfile: matches.Count > 1));
                }
            }
        }

        plans.AddRange(toolPlans.Where(t => !referenced.Contains(t)).OrderBy(t => t.Name, StringComparer.Ordinal).Select(t => new EffectiveBackupPlan(null, t, null, qualifyWithProfile: false)));
        return plans;
    }

    // The path is relative to the repository root; when the scan root is above it, relative to the descriptor's folder.
    private static List<BackupToolPlan> Match(List<BackupToolPlan> toolPlans, string reference, string descriptorFolder)
    {
        int hash = reference.IndexOf('#', StringComparison.Ordinal);
        var path = PathUtil.Normalize(hash >= 0 ? reference[..hash] : reference);
        var beside = PathUtil.Combine(descriptorFolder, path);
        var profile = hash >= 0 ? reference[(hash + 1)..] : null;
        return [.. toolPlans.Where(t => PathUtil.Normalize(t.Path) is var p && (p == path || p == beside) && (profile is null || t.Profile == profile))];
    }
}
