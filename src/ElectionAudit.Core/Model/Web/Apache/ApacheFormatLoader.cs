using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>
/// Loads Apache httpd configurations for the engine. Among the files detected as Apache, the main configurations are
/// <c>apache2.conf</c> / <c>httpd.conf</c> and every file no other detected file includes (a standalone virtual host
/// file from <c>sites-available/</c>, say): each is loaded with <see cref="ApacheConfigurationLoader"/>, includes
/// followed, so a file <c>apache2.conf</c> includes is read where it is included and not on its own. The files the
/// configuration names for TLS (<c>SSLCertificateFile</c>, <c>SSLCertificateChainFile</c>,
/// <c>SSLOpenSSLConfCmd DHParameters</c>) are read here, through the scan file system, and bound into
/// <see cref="WebSite"/>s by <see cref="ApacheSiteBinder"/>. A private key file (<c>SSLCertificateKeyFile</c>) is
/// only checked to exist, never read.
/// </summary>
public sealed class ApacheFormatLoader : FormatLoader
{
    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Apache;

    /// <inheritdoc />
    public override DetectionConfidence Detect(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return ApacheFormat.LooksLikeApache(path, text) ? ByName(path) : DetectionConfidence.None;
    }

    /// <inheritdoc />
    /// <remarks>Reads the head content sniffing looks at, not the whole file.</remarks>
    internal override DetectionConfidence Detect(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        return ApacheFormat.LooksLikeApache(path, source) ? ByName(path) : DetectionConfidence.None;
    }

    private static DetectionConfidence ByName(string path)
    {
        var segments = PathUtil.Normalize(path).Split('/');
        var name = segments[^1];
        // The names content sniffing lets decide (roundcube ships its .htaccess as /etc/roundcube/htaccess) outrank
        // another format's content test.
        bool byName = ApacheFormat.IsApacheFileName(name) || segments.SkipLast(1).Any(ApacheFormat.IsApacheDirectory);
        return byName ? DetectionConfidence.FileName : DetectionConfidence.Content;
    }

    /// <summary>Whether <paramref name="path"/> is a main server configuration by its name (<c>apache2.conf</c>, <c>httpd.conf</c>).</summary>
    public static bool IsMainConfigurationName(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var normalized = PathUtil.Normalize(path);
        return ApacheFormat.IsMainConfigurationFileName(normalized.AsSpan(normalized.LastIndexOf('/') + 1));
    }

    /// <inheritdoc />
    public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(options);

        // Main files first, then shallow paths, so that their includes cover the fragments before those are tried on their own.
        var ordered = paths
            .Select(PathUtil.Normalize)
            .Distinct(StringComparer.Ordinal)
            .OrderBy(p => IsMainConfigurationName(p) ? 0 : 1)
            .ThenBy(p => p.Count(c => c == '/'))
            .ThenBy(p => p, StringComparer.Ordinal)
            .ToList();
        var all = ordered.ToHashSet(StringComparer.Ordinal);
        var kept = MainConfigurations.Select(
            ordered,
            all,
            fileSystem,
            path => ApacheConfigurationLoader.Load(fileSystem, path) is { MainTree: not null } configuration ? configuration : null,
            k => k.MainPath,
            k => k.Trees.Select(t => t.Source.Path));
        var trees = new List<SyntaxTree>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var diagnostics = new List<SyntaxDiagnostic>();
        var contributors = new List<IModelContributor>();
        var enabledFolders = new EnabledFolders(fileSystem, all);
        foreach (var configuration in kept)
        {
            foreach (var tree in configuration.Trees)
            {
                // A file two main configurations include is one file: report its syntax once.
                if (seen.Add(tree.Source.Path))
                {
                    trees.Add(tree);
                }
            }

            // A site, conf or module file that the scan's -enabled folder does not enable is never read by httpd: its
            // syntax is still checked, but it makes no site.
            if (enabledFolders.IsDisabled(configuration.MainPath))
            {
                continue;
            }

            var own = configuration.Trees.SelectMany(t => t.Diagnostics).ToHashSet();
            diagnostics.AddRange(configuration.Diagnostics.Where(d => !own.Contains(d)));
            contributors.Add(new ApacheModelSource(configuration, IsMainConfigurationName(configuration.MainPath), ApacheSiteBinder.ReadReferencedFiles(configuration, fileSystem), fileSystem));
        }

        return new LoadResult([.. trees.OrderBy(t => t.Source.Path, StringComparer.Ordinal)])
        {
            Diagnostics = [.. diagnostics],
            Contributors = [.. contributors],
        };
    }
}

/// <summary>An Apache configuration the loader read, with the TLS files it names; binds into web sites.</summary>
internal sealed class ApacheModelSource(ApacheConfiguration configuration, bool isMainConfiguration, ImmutableDictionary<string, ReferencedFile> files, IScanFileSystem fileSystem) : IModelContributor
{
    public ApacheConfiguration Configuration { get; } = configuration;

    public IEnumerable<ModelElement> Bind(ModelBindingContext context) => ApacheSiteBinder.Bind(Configuration, isMainConfiguration, files, context, fileSystem);
}
