using System.Text.RegularExpressions;
using ElectionAudit.Engine;
using ElectionAudit.Syntax.Backup;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Bacula;

/// <summary>
/// Loads Bacula configurations. Detected by name — <c>bacula-dir.conf</c>, <c>bacula-fd.conf</c>, <c>bacula-sd.conf</c>,
/// <c>bconsole.conf</c> — or by content: a resource of a Bacula daemon (<c>Job {</c>, <c>Pool {</c>, <c>FileDaemon {</c>, …)
/// opening the file and a <c>Name =</c> directive. A file another one includes (<c>@/etc/bacula/jobs.conf</c>) is read
/// too, whatever its name, and is part of that file's configuration. Each director's and file daemon's configuration is then
/// held to what the daemon refuses to start with (<see cref="BaculaChecks"/>).
/// </summary>
public sealed partial class BaculaLoader : FormatLoader
{
    // The resources of Bacula 9.6's director, file daemon, storage daemon and console (Bacula manual, "Configuring the
    // Director", "Client/File daemon Configuration", "Storage Daemon Configuration", "Console Configuration").
    private static readonly HashSet<string> ResourceTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Director", "Client", "Job", "JobDefs", "Storage", "Catalog", "Schedule", "FileSet", "Pool", "Messages", "Counter",
        "Console", "Autochanger", "FileDaemon", "Device", "Cloud",
    };

    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Bacula;

    /// <inheritdoc />
    public override DetectionConfidence Detect(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return Decide(ByName(path), text);
    }

    /// <inheritdoc />
    /// <remarks>The name decides the daemons' own files; the content tests read the head they look at, not the whole file's string.</remarks>
    internal override DetectionConfidence Detect(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        var byName = ByName(path);
        if (byName == DetectionConfidence.None)
        {
            return byName.Value;
        }

        using var head = source.Head(BackupSniffing.SniffLength);
        return Decide(byName, head.Span);
    }

    // A name that refuses decides; a daemon's own name claims the file when it opens like Bacula; the rest is content.
    private static DetectionConfidence Decide(DetectionConfidence? byName, ReadOnlySpan<char> head) => byName switch
    {
        DetectionConfidence.FileName => OpensLikeBacula(head) ? DetectionConfidence.FileName : DetectionConfidence.None,
        { } decided => decided,
        null => ByContent(head),
    };

    // A daemon's name is not enough when the file plainly is something else: needrestart's conf.d/bacula-dir.conf is Perl
    // ("$nrconf{override_rc}{qr(^bacula-dir)} = 0;"), and a template that opens with its own tags ("{% for … %}",
    // "<%= … %>") is no file Bacula reads as it stands. A Bacula file's first statement is a keyword or an include (@).
    private static bool OpensLikeBacula(ReadOnlySpan<char> text)
    {
        foreach (var rawLine in SpanLines.Split(text))
        {
            var line = rawLine.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            return char.IsAsciiLetter(line[0]) || line[0] == '@';
        }

        return true;
    }

    private static DetectionConfidence? ByName(string path)
    {
        var name = Path.GetFileName(PathUtil.Normalize(path)).ToLowerInvariant();
        if (name is "bacula-dir.conf" or "bacula-fd.conf" or "bacula-sd.conf" or "bconsole.conf")
        {
            return DetectionConfidence.FileName;
        }

        // Other formats' own names and extensions are theirs; what is left is judged by content.
        return name.EndsWith(".yaml", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".toml", StringComparison.Ordinal)
            || name.EndsWith(".pem", StringComparison.Ordinal) || name.EndsWith(".crt", StringComparison.Ordinal) || name.EndsWith(".json", StringComparison.Ordinal)
            ? DetectionConfidence.None
            : null;
    }

    // The first statement opens a daemon's resource ("Job {", or "Job" with "{" on the next line), and a "Name =" follows.
    private static DetectionConfidence ByContent(ReadOnlySpan<char> text)
    {
        bool opened = false;
        string? pendingKeyword = null;
        foreach (var rawLine in SpanLines.Split(text[..Math.Min(text.Length, BackupSniffing.SniffLength)]))
        {
            var line = rawLine.TrimEnd('\r');
            int hash = line.IndexOf('#');
            line = (hash >= 0 ? line[..hash] : line).Trim();
            if (line.IsEmpty || line[0] == '@')
            {
                continue;
            }

            if (!opened)
            {
                if (pendingKeyword is not null)
                {
                    if (line[0] != '{')
                    {
                        return DetectionConfidence.None;
                    }

                    opened = true;
                    line = line[1..].Trim();
                    if (line.IsEmpty)
                    {
                        continue;
                    }
                }
                else
                {
                    int brace = line.IndexOf('{');
                    var keyword = (brace >= 0 ? line[..brace] : line).Trim();
                    if (!IsResourceType(keyword))
                    {
                        return DetectionConfidence.None;
                    }

                    if (brace < 0)
                    {
                        pendingKeyword = keyword.ToString();
                        continue;
                    }

                    opened = true;
                    line = line[(brace + 1)..].Trim();
                    if (line.IsEmpty)
                    {
                        continue;
                    }
                }
            }

            if (NameDirective().IsMatch(line))
            {
                return DetectionConfidence.Content;
            }
        }

        return DetectionConfidence.None;
    }

    private static bool IsResourceType(ReadOnlySpan<char> keyword)
    {
        if (keyword.IsEmpty || keyword.Length > 16)
        {
            return false;
        }

        Span<char> letters = stackalloc char[16];
        int count = 0;
        foreach (var c in keyword)
        {
            if (c is ' ' or '\t')
            {
                continue;
            }

            if (!char.IsAsciiLetter(c))
            {
                return false;
            }

            letters[count++] = c;
        }

        return ResourceTypes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(letters[..count]);
    }

    [GeneratedRegex(@"^N\s*a\s*m\s*e\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NameDirective();

    /// <inheritdoc />
    /// <remarks>
    /// Each file's <c>@</c> includes are followed after all are parsed (<see cref="BaculaIncludes"/>): a file read only because
    /// another includes it is a tree of the result too, so that its syntax errors are reported and its values keep their own
    /// locations, and the model reads it as part of the file that includes it.
    /// </remarks>
    public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options)
    {
        var loaded = BackupSniffing.LoadEach(paths, fileSystem, options, BaculaParser.Parse);
        var (included, diagnostics) = BaculaIncludes.Resolve(loaded.Trees, fileSystem, options);
        diagnostics.AddRange(Check(loaded.Trees));
        return included.Count == 0 && diagnostics.Count == 0
            ? loaded
            : new LoadResult([.. loaded.Trees.Concat(included).OrderBy(t => t.Source.Path, StringComparer.Ordinal)]) { Diagnostics = [.. diagnostics] };
    }

    // Each daemon's configuration, its includes read in place, is held to the daemon's tables. A file two configurations
    // include is reported once.
    private static IEnumerable<SyntaxDiagnostic> Check(IEnumerable<SyntaxTree> trees)
    {
        var reported = new HashSet<(Location, string)>();
        foreach (var tree in trees.OfType<BaculaSyntaxTree>().Where(t => !t.IsIncluded))
        {
            var configuration = tree.Configuration = Model.Backup.BaculaConfiguration.Read(tree);
            if (configuration.TruncatedAt is { } stopped)
            {
                yield return new SyntaxDiagnostic("EA0003", stopped.GetLocation(),
                    $"the includes of '{tree.Source.Path}' read more than {RereadBudget.MaxStatementsReadAgain:N0} statements again from files already read (files that include each other many times over); from here on no file already read is read again");
            }

            if (BaculaChecks.DaemonOf(configuration) is not { } daemon)
            {
                continue;
            }

            foreach (var diagnostic in BaculaChecks.Check(configuration, daemon))
            {
                if (reported.Add((diagnostic.Location, diagnostic.Message)))
                {
                    yield return diagnostic;
                }
            }
        }
    }
}
