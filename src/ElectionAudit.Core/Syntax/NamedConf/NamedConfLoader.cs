using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.NamedConf;

/// <summary>
/// Loads a named.conf and the files its <c>include "file";</c> statements name, through <see cref="IScanFileSystem"/>.
/// <para>
/// BIND opens an include path as given, so a relative one is relative to named's working directory when it reads the
/// configuration (BIND 9 ARM, "include Statement Definition and Usage"; the <c>directory</c> option only applies once
/// options are loaded). A repository does not record that directory, so the loader tries the top-level file's folder
/// (where named.conf usually sits: /etc/bind) and then the including file's folder. An absolute path names the
/// deployed server's file (Debian's named.conf writes <c>include "/etc/bind/named.conf.options";</c>), so, as for
/// nginx, it is mapped into the scan by dropping leading segments until what is left exists under one of those
/// folders: <c>/etc/bind/named.conf.local</c> is <c>named.conf.local</c> beside the top-level file. Missing files and
/// cycles are EA0003 at the file name; so are relative paths that climb out of the scan root, unless the file system
/// allows reading outside it (<see cref="IScanFileSystem.AllowOutsideRoot"/>, <c>--allow-outside-root</c>). A missing
/// stock file of Debian's bind9 package (<see cref="BindStockFiles"/>: <c>named.conf.default-zones</c>,
/// <c>zones.rfc1918</c>, <c>bind.keys</c>, <c>rndc.key</c>) is not an EA0003. A file included again is read once: named
/// reads it again, but its statements are the same each time (a zone declared twice is named's error either way, and
/// files that include each other many times over would otherwise stand for billions of statements).
/// </para>
/// </summary>
public sealed class NamedConfLoader(IScanFileSystem fileSystem)
{
    private readonly IScanFileSystem _fileSystem = fileSystem ?? throw new ArgumentNullException(nameof(fileSystem));

    /// <summary>Loads <paramref name="path"/> and its includes; trees in the order they were read, the top-level file first.</summary>
    public ImmutableArray<NamedConfSyntaxTree> Load(string path, out ImmutableArray<SyntaxDiagnostic> includeDiagnostics)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trees = new List<NamedConfSyntaxTree>();
        var diagnostics = new List<SyntaxDiagnostic>();
        var normalized = PathUtil.Normalize(path);
        var source = _fileSystem.TryRead(normalized);
        if (source is null)
        {
            diagnostics.Add(new SyntaxDiagnostic("EA0003", Location.ForFile(normalized), $"named.conf '{normalized}' could not be read"));
        }
        else
        {
            Visit(source, PathUtil.GetDirectory(source.Path), [source.Path], trees, new HashSet<string>(StringComparer.Ordinal), diagnostics);
        }

        includeDiagnostics = [.. diagnostics];
        return [.. trees];
    }

    private static string Shown(string folder) => folder.Length == 0 ? "the scan root" : $"'{folder}'";

    private void Visit(SourceText source, string topDirectory, List<string> stack, List<NamedConfSyntaxTree> trees, HashSet<string> read, List<SyntaxDiagnostic> diagnostics)
    {
        var tree = NamedConfParser.Parse(source);
        trees.Add(tree);
        read.Add(source.Path);
        foreach (var statement in tree.Root.DescendantNodesAndSelf().OfType<NamedConfStatementSyntax>().Where(s => s.Keyword == "include" && s.Values.Length > 1))
        {
            var value = statement.Values[1];
            var location = source.GetLocation(value.Span);
            var folders = new[] { topDirectory, PathUtil.GetDirectory(source.Path) }.Distinct(StringComparer.Ordinal).ToList();
            string? found;
            string? refused = null;
            if (value.Text.StartsWith('/'))
            {
                found = PathUtil.FindByTrailingSegments(_fileSystem, value.Text, folders);
            }
            else
            {
                var candidates = folders.Select(directory => PathUtil.Combine(directory, value.Text)).ToList();
                found = candidates.FirstOrDefault(candidate => PathUtil.IsReachable(_fileSystem, candidate) && _fileSystem.FileExists(candidate));
                refused = candidates.FirstOrDefault(candidate => !PathUtil.IsReachable(_fileSystem, candidate));
            }

            if (found is null)
            {
                if (refused is null && BindStockFiles.IsStockInclude(value.Text))
                {
                    continue;
                }

                diagnostics.Add(new SyntaxDiagnostic("EA0003", location, refused is not null
                    ? $"include '{value.Text}' resolves to {PathUtil.OutsideRootRefusal(refused)}"
                    : value.Text.StartsWith('/')
                        ? $"include '{value.Text}' is an absolute path outside the scan, and no file under {string.Join(" or ", folders.Select(Shown))} has its trailing path segments"
                        : $"include '{value.Text}' was not found inside the scanned files"));
            }
            else if (stack.Contains(found, StringComparer.Ordinal))
            {
                diagnostics.Add(new SyntaxDiagnostic("EA0003", location, $"include '{value.Text}' includes '{found}' again while it is being read (an include cycle)"));
            }
            else if (read.Contains(found))
            {
                // named reads a file again at each include of it, but what it declares is the same each time: read once,
                // a file that includes the next several times over does not expand to billions of statements.
                continue;
            }
            else if (_fileSystem.TryRead(found) is { } included)
            {
                stack.Add(found);
                Visit(included, topDirectory, stack, trees, read, diagnostics);
                stack.RemoveAt(stack.Count - 1);
            }
        }
    }
}
