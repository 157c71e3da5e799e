using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Model;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Model.Web;

/// <summary>
/// Loads nginx configurations for the engine. Among the files detected as nginx, the main configurations are the
/// ones no other detected file includes: each is loaded with <see cref="NginxConfigurationLoader"/> (includes
/// followed, so a site file under <c>sites-enabled/</c> is read where <c>nginx.conf</c> includes it, not on its own).
/// The files the configuration names for TLS (<c>ssl_certificate</c>, <c>ssl_dhparam</c>) are read here, through the
/// scan file system, and bound into <see cref="WebSite"/>s by <see cref="NginxSiteBinder"/>. A private key file
/// (<c>ssl_certificate_key</c>) is never read.
/// </summary>
public sealed class NginxFormatLoader : FormatLoader
{
    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Nginx;

    /// <inheritdoc />
    public override DetectionConfidence Detect(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return NginxFormat.LooksLikeNginx(path, text) ? ByName(path) : DetectionConfidence.None;
    }

    /// <inheritdoc />
    internal override DetectionConfidence Detect(string path, SourceText source) =>
        NginxFormat.LooksLikeNginx(path, source) ? ByName(path) : DetectionConfidence.None;

    /// <inheritdoc />
    /// <remarks>Deciding by content parses the file's head as nginx: the engine asks last, and not at all for a file another
    /// format claims by its name (every zone file of a scan was parsed so).</remarks>
    internal override bool ContentOnly(string path) => ByName(path) == DetectionConfidence.Content;

    private static DetectionConfidence ByName(string path)
    {
        // Over the path's characters (every nginx file of a scan is asked): the name after the last separator, and the
        // folders before it.
        int last = path.AsSpan().LastIndexOfAny('/', '\\');
        var name = path.AsSpan(last + 1);
        bool byName = name.Equals("nginx.conf", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".nginx", StringComparison.OrdinalIgnoreCase)
            || (last >= 0 && NginxFormat.AnySegment(path.AsSpan(0, last), NginxFormat.IsNginxFolder));
        return byName ? DetectionConfidence.FileName : DetectionConfidence.Content;
    }

    /// <inheritdoc />
    public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(options);

        // Likely main files first (nginx.conf, dumps, shallow paths), so that their includes cover the fragments and
        // those are not parsed again on their own.
        var ordered = paths
            .Select(PathUtil.Normalize)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => p.EndsWith("nginx.conf", StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(p => p.Count(c => c == '/'))
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
        var all = ordered.ToHashSet(StringComparer.Ordinal);
        var kept = MainConfigurations.Select(ordered, all, fileSystem, TryLoad, k => k.MainTree.Source.Path, k => k.Trees.Skip(1).Select(t => t.Source.Path));
        var trees = new List<SyntaxTree>();
        var seen = new HashSet<(string, string)>();
        var diagnostics = new List<SyntaxDiagnostic>();
        var contributors = new List<IModelContributor>();
        var resolved = new Dictionary<(string Prefix, string Value), ReferencedFile>();

        // A folder map answers from the configuration's folder alone, so the configurations of one folder (fragments loaded
        // on their own) share one: each had its own, kept by its sites to the end of the scan (0.9 MB at 4,000 files).
        var contentMaps = new Dictionary<string, ContentMap>(StringComparer.Ordinal);
        var enabledFolders = new EnabledFolders(fileSystem, all);
        foreach (var configuration in kept)
        {
            foreach (var tree in configuration.Trees)
            {
                // A file two main configurations include is one file: report its syntax once.
                if (seen.Add((tree.Source.Path, tree.Path)))
                {
                    trees.Add(tree);
                }
            }

            // A site file that the scan's sites-enabled folder does not enable is never read by nginx: its syntax is
            // still checked, but it makes no site.
            if (enabledFolders.IsDisabled(configuration.MainTree.Source.Path))
            {
                continue;
            }

            var own = configuration.Trees.SelectMany(t => t.Diagnostics).ToHashSet();
            diagnostics.AddRange(configuration.Diagnostics.Where(d => !own.Contains(d)));
            var prefix = PrefixOf(configuration);
            if (!contentMaps.TryGetValue(prefix, out var content))
            {
                contentMaps.Add(prefix, content = new ContentMap(configuration.MainTree.Source.Path, fileSystem));
            }

            contributors.Add(new NginxModelSource(configuration, ReadReferencedFiles(configuration, fileSystem, resolved), fileSystem, content));
        }

        return new LoadResult([.. trees.OrderBy(t => t.Source.Path, StringComparer.Ordinal)])
        {
            Diagnostics = [.. diagnostics],
            Contributors = [.. contributors],
        };

        NginxConfiguration? TryLoad(string path)
        {
            try
            {
                return NginxConfigurationLoader.Load(fileSystem, path, maximumIncludeDepth: options.Limits.MaxIncludeDepth);
            }
            catch (FileNotFoundException)
            {
                return null;
            }
        }
    }

    /// <summary>The configuration prefix nginx resolves relative paths against: the main configuration's directory (for a dump, the dump file's).</summary>
    internal static string PrefixOf(NginxConfiguration configuration) => PathUtil.GetDirectory(configuration.MainTree.Source.Path);

    /// <summary>
    /// The files <paramref name="configuration"/>'s TLS directives name, each resolved once per prefix and value for all the
    /// configurations of a scan (<paramref name="resolved"/>): fragments loaded as configurations of their own share a
    /// prefix, and each kept its own copy of a path and of a problem's sentence (half a megabyte at 4,000 files).
    /// </summary>
    private static ImmutableDictionary<string, ReferencedFile> ReadReferencedFiles(NginxConfiguration configuration, IScanFileSystem fileSystem, Dictionary<(string Prefix, string Value), ReferencedFile> resolved)
    {
        var prefix = PrefixOf(configuration);
        var files = ImmutableDictionary.CreateBuilder<string, ReferencedFile>(StringComparer.Ordinal);
        foreach (var directive in configuration.GetAllEffectiveDirectives())
        {
            // ssl_certificate_key is deliberately not here: a private key is never read.
            if ((directive.Is("ssl_certificate") || directive.Is("ssl_dhparam")) && directive.Arguments.Length == 1)
            {
                var value = directive.Arguments[0].Value;
                if (!files.ContainsKey(value))
                {
                    if (!resolved.TryGetValue((prefix, value), out var file))
                    {
                        file = ReferencedFile.Resolve(value, prefix, fileSystem);
                        resolved.Add((prefix, value), file);
                    }

                    files[value] = file;
                }
            }
        }

        return files.ToImmutable();
    }
}

/// <summary>A file an nginx directive names, resolved against the configuration prefix and read when possible.</summary>
internal sealed record ReferencedFile(string PathAsWritten, string? ResolvedPath, ReferencedFileStatus Status, string? Problem, SourceText? Source)
{
    /// <summary>
    /// The certificate chain this file holds, read once per path through <paramref name="chains"/> (nginx and Apache
    /// sites naming the same file share it), with the status and problem a reference to it gets: a loaded file without a
    /// readable certificate is <see cref="ReferencedFileStatus.Unusable"/>.
    /// </summary>
    public (CertificateChain? Chain, ReferencedFileStatus Status, string? Problem) ReadCertificateChain(Dictionary<string, CertificateChain> chains)
    {
        if (this is not { Status: ReferencedFileStatus.Loaded, Source: { } source, ResolvedPath: { } path })
        {
            return (null, Status, Problem);
        }

        if (!chains.TryGetValue(path, out var chain))
        {
            var pem = PemCertificateFile.Parse(source);
            chain = pem.Certificates.Count > 0 ? new CertificateChain(path, pem) : null;
            if (chain is not null)
            {
                chains[path] = chain;
            }
        }

        return chain is null
            ? (null, ReferencedFileStatus.Unusable, $"\"{path}\" holds no readable certificate")
            : (chain, Status, Problem);
    }

    public static ReferencedFile Resolve(string value, string prefix, IScanFileSystem fileSystem)
    {
        if (value.Contains('$', StringComparison.Ordinal) || value.StartsWith("data:", StringComparison.Ordinal))
        {
            return new(value, null, ReferencedFileStatus.NotStatic, $"\"{value}\" is computed per request (variables or the data: prefix), so the file cannot be known from the configuration", null);
        }

        var prefixShown = prefix.Length == 0 ? "the scan root" : $"\"{prefix}\"";
        if (value.StartsWith('/'))
        {
            // As for includes: an absolute path is mapped into the scan by dropping leading segments until what is left
            // exists under the configuration prefix (/etc/nginx/ssl/site.pem -> ssl/site.pem next to nginx.conf).
            // Then, as for includes, under a folder above by at least the file's folder and name (certbot's
            // /etc/letsencrypt/live/<name>/fullchain.pem beside etc/nginx).
            if ((PathUtil.FindByTrailingSegments(fileSystem, value, [prefix]) ?? PathUtil.FindAboveByTrailingSegments(fileSystem, value, prefix)) is { } candidate)
            {
                return Read(value, candidate, fileSystem);
            }

            return new(value, null, ReferencedFileStatus.NotFound, $"\"{value}\" is an absolute path outside the scan, and no file under {prefixShown} has its trailing path segments{(prefix.Length == 0 ? string.Empty : ", nor any folder above it by at least the file's folder and name")}", null);
        }

        var path = PathUtil.Combine(prefix, value);
        if (!PathUtil.IsInsideRoot(path))
        {
            return new(value, null, ReferencedFileStatus.OutsideScan, $"\"{value}\" resolves outside the scan root (nginx resolves it against the configuration prefix, {prefixShown})", null);
        }

        return fileSystem.FileExists(path)
            ? Read(value, path, fileSystem)
            : new(value, path, ReferencedFileStatus.NotFound, $"\"{value}\" is not in the scan: nginx resolves it against the configuration prefix, {prefixShown}, as \"{path}\"", null);
    }

    private static ReferencedFile Read(string value, string path, IScanFileSystem fileSystem) =>
        fileSystem.TryRead(path) is { } source
            ? new(value, path, ReferencedFileStatus.Loaded, null, source)
            : new(value, path, ReferencedFileStatus.NotFound, $"\"{path}\" could not be read", null);
}
