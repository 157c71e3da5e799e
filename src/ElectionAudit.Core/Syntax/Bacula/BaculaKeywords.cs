using System.Collections.Frozen;

namespace ElectionAudit.Syntax.Bacula;

/// <summary>The Bacula daemons whose configurations are checked against their directive tables.</summary>
internal enum BaculaDaemon
{
    /// <summary>The director (<c>bacula-dir.conf</c>).</summary>
    Director,

    /// <summary>The file daemon (<c>bacula-fd.conf</c>).</summary>
    FileDaemon,

    /// <summary>The storage daemon (<c>bacula-sd.conf</c>).</summary>
    StorageDaemon,

    /// <summary>The console (<c>bconsole.conf</c>).</summary>
    Console,
}

/// <summary>What a daemon is called in a finding, and the resource that configures the daemon itself.</summary>
/// <param name="Program">The program that reads the file (<c>bacula-dir</c>).</param>
/// <param name="Name">The daemon in words (<c>director</c>).</param>
/// <param name="OwnResource">The resource type every configuration of the daemon holds (the director's <c>Director</c>).</param>
internal sealed record BaculaDaemonInfo(string Program, string Name, string OwnResource)
{
    public static BaculaDaemonInfo Of(BaculaDaemon daemon) => daemon switch
    {
        BaculaDaemon.Director => new("bacula-dir", "director", "Director"),
        BaculaDaemon.FileDaemon => new("bacula-fd", "file daemon", "FileDaemon"),
        BaculaDaemon.StorageDaemon => new("bacula-sd", "storage daemon", "Storage"),
        _ => new("bconsole", "console", "Director"),
    };
}

/// <summary>One directive of a resource type.</summary>
/// <param name="Name">The directive as the daemon's table spells it (<c>VolumeRetention</c>).</param>
/// <param name="Required">Whether the daemon refuses the resource without it.</param>
/// <param name="References">
/// The resource types the directive names one of, when it names a resource (<c>Pool</c> for a Job's <c>Pool</c>; a
/// director's <c>Storage</c> may name an <c>Autochanger</c> too); empty when it does not.
/// </param>
/// <param name="Added">Whether only a Bacula newer than the programs asked (9.6.7) has it.</param>
internal sealed record BaculaDirectiveInfo(string Name, bool Required, IReadOnlyList<string> References, bool Added = false);

/// <summary>A resource type of a daemon, and its directives.</summary>
internal sealed class BaculaResourceInfo(string name, FrozenDictionary<string, BaculaDirectiveInfo> directives)
{
    /// <summary>The type as the daemon's table spells it.</summary>
    public string Name { get; } = name;

    /// <summary>The directives, by keyword without regard to case (blanks dropped, as Bacula's lexer drops them).</summary>
    public FrozenDictionary<string, BaculaDirectiveInfo> Directives { get; } = directives;

    /// <summary>The required directives, in alphabetical order.</summary>
    public IReadOnlyList<BaculaDirectiveInfo> Required { get; } = [.. directives.Values.Where(d => d.Required).OrderBy(d => d.Name, StringComparer.Ordinal)];
}

/// <summary>
/// The resource types and directives Bacula's director, file daemon, storage daemon and console accept. The table
/// (<c>BaculaKeywords.g.cs</c>) is what the installed programs answered to <c>eng/bacula-keywords.py</c>; the
/// differential test asks them again.
/// </summary>
internal static partial class BaculaKeywords
{
    private static FrozenDictionary<string, BaculaResourceInfo>? _director;
    private static FrozenDictionary<string, BaculaResourceInfo>? _fileDaemon;
    private static FrozenDictionary<string, BaculaResourceInfo>? _storageDaemon;
    private static FrozenDictionary<string, BaculaResourceInfo>? _console;

    /// <summary>The resource types of a daemon, by name without regard to case.</summary>
    public static FrozenDictionary<string, BaculaResourceInfo> For(BaculaDaemon daemon) => daemon switch
    {
        BaculaDaemon.Director => _director ??= Parse(DirectorTable, DirectorAdded),
        BaculaDaemon.FileDaemon => _fileDaemon ??= Parse(FileDaemonTable, FileDaemonAdded),
        BaculaDaemon.StorageDaemon => _storageDaemon ??= Parse(StorageDaemonTable, StorageDaemonAdded),
        _ => _console ??= Parse(ConsoleTable, ConsoleAdded),
    };

    // Each line is "Type: Directive Directive* Directive>Target Directive>A|B …": * marks a required directive, >Target one
    // that names a resource of that type (or of one of several).
    // The lines of the added table extend the types of the first (or add one), without replacing what it says.
    private static FrozenDictionary<string, BaculaResourceInfo> Parse(string[] table, string[] added)
    {
        var types = new Dictionary<string, Dictionary<string, BaculaDirectiveInfo>>(StringComparer.OrdinalIgnoreCase);
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, isAdded) in table.Select(l => (l, false)).Concat(added.Select(l => (l, true))))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            var name = line[..colon];
            names.TryAdd(name, name);
            if (!types.TryGetValue(name, out var directives))
            {
                types[name] = directives = new Dictionary<string, BaculaDirectiveInfo>(StringComparer.OrdinalIgnoreCase);
            }

            foreach (var entry in line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                int arrow = entry.IndexOf('>', StringComparison.Ordinal);
                var head = arrow < 0 ? entry : entry[..arrow];
                bool required = head.EndsWith('*');
                var keyword = required ? head[..^1] : head;
                directives.TryAdd(keyword, new BaculaDirectiveInfo(keyword, required, arrow < 0 ? [] : entry[(arrow + 1)..].Split('|'), isAdded));
            }
        }

        return types.ToFrozenDictionary(
            t => t.Key,
            t => new BaculaResourceInfo(names[t.Key], t.Value.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase)),
            StringComparer.OrdinalIgnoreCase);
    }
}
