using System.Text.RegularExpressions;
using ElectionAudit.Engine;
using ElectionAudit.Syntax.Apache;

namespace ElectionAudit.Model.Web;

/// <summary>
/// What an Apache site does with one request path (<see cref="WebSite.HandleRequest"/>). httpd maps the path to a file
/// (mod_alias <c>Alias</c>/<c>AliasMatch</c>, the virtual host's before the main server's, else <c>DocumentRoot</c>)
/// and merges the sections that match over the server level in the order of
/// https://httpd.apache.org/docs/2.4/sections.html#merging: plain <c>&lt;Directory&gt;</c> sections from the shortest
/// path to the longest (configuration order for equal lengths), then <c>&lt;DirectoryMatch&gt;</c> and
/// <c>&lt;Directory ~&gt;</c>, then <c>&lt;Files&gt;</c>/<c>&lt;FilesMatch&gt;</c> (also those nested in a matching
/// <c>&lt;Directory&gt;</c>), then <c>&lt;Location&gt;</c>/<c>&lt;LocationMatch&gt;</c>; the main server's sections come
/// before the virtual host's. <c>&lt;If&gt;</c> depends on the request and is not applied. Regular expressions are
/// evaluated with .NET's engine, which agrees with PCRE on the patterns configurations use for paths; one it cannot
/// parse matches nothing.
/// </summary>
internal sealed class ApacheRequestResolver
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private readonly WebSite _site;
    private readonly ContentMap _content;
    private readonly List<ApacheConfigurationNode> _sections;
    private readonly Dictionary<ApacheConfigurationNode, WebLocationBlock> _blocks;
    private readonly ApacheSiteBinder.HeaderState _headers;
    private readonly ApacheSettingsBinder.LevelState _settings;
    private readonly List<ApacheConfigurationNode> _aliases;
    private readonly List<ApacheConfigurationNode> _ownDirectives;
    private readonly List<ApacheConfigurationNode> _mainDirectives;

    private ApacheRequestResolver(
        WebSite site,
        ContentMap content,
        List<ApacheConfigurationNode> sections,
        Dictionary<ApacheConfigurationNode, WebLocationBlock> blocks,
        ApacheSiteBinder.HeaderState headers,
        ApacheSettingsBinder.LevelState settings,
        List<ApacheConfigurationNode> ownDirectives,
        List<ApacheConfigurationNode> mainDirectives)
    {
        _site = site;
        _content = content;
        _sections = sections;
        _blocks = blocks;
        _headers = headers;
        _settings = settings;
        _ownDirectives = ownDirectives;
        _mainDirectives = mainDirectives;

        // mod_alias merge_alias_config: the virtual host's aliases, then the main server's; the first that matches wins.
        _aliases = [.. ownDirectives.Concat(mainDirectives).Where(IsAlias)];
    }

    /// <summary>Gives <paramref name="site"/> its request resolution and content file search.</summary>
    public static void Attach(
        WebSite site,
        ContentMap content,
        List<ApacheConfigurationNode> sections,
        Dictionary<ApacheConfigurationNode, WebLocationBlock> blocks,
        ApacheSiteBinder.HeaderState headers,
        ApacheSettingsBinder.LevelState settings,
        List<ApacheConfigurationNode> ownDirectives,
        List<ApacheConfigurationNode> mainDirectives)
    {
        var resolver = new ApacheRequestResolver(site, content, sections, blocks, headers, settings, ownDirectives, mainDirectives);
        site.RequestResolver = resolver.Resolve;
        site.PathAliases = [.. ownDirectives.Where(IsAlias).Select(a => PathAlias(a, fromMainServer: false)), .. mainDirectives.Where(IsAlias).Select(a => PathAlias(a, fromMainServer: true))];
        site.ContentFileFinder = pattern => content.FindFiles(settings.DocumentRoot.Value, "/", pattern);
    }

    private static WebPathAlias PathAlias(ApacheConfigurationNode alias, bool fromMainServer) =>
        new(alias.Arguments[0], alias.Arguments[1], alias.Name.EndsWith("Match", StringComparison.OrdinalIgnoreCase), alias.Syntax, fromMainServer);

    /// <summary>The folders the <c>Alias</c>/<c>AliasMatch</c>/<c>ScriptAlias</c> directives map paths into (for <c>AliasMatch</c>, the part before the first <c>$</c>).</summary>
    public static List<string> AliasTargets(IEnumerable<ApacheConfigurationNode> directives) =>
        [.. directives.Where(IsAlias).Select(d => TrimSlash(d.Arguments[1].Split('$')[0]))];

    /// <summary>
    /// Whether a main-server section reaches a virtual host with this document root and these alias targets: every
    /// section but a plain <c>&lt;Directory&gt;</c> does; a plain one when its folder contains, or lies inside, a folder
    /// the virtual host serves.
    /// </summary>
    public static bool ServesDirectory(ApacheConfigurationNode section, string documentRoot, List<string> aliasTargets)
    {
        if (!IsPlainDirectory(section))
        {
            return true;
        }

        var path = DirectoryPath(section);
        if (GlobPattern.HasWildcards(path))
        {
            return true;
        }

        var root = TrimSlash(documentRoot);
        return IsUnder(root, path) || IsUnder(path, root) || aliasTargets.Any(t => IsUnder(t, path) || IsUnder(path, t));
    }

    /// <summary>A <c>&lt;Directory path&gt;</c> without <c>~</c>: matched by folder, not by regular expression.</summary>
    public static bool IsPlainDirectory(ApacheConfigurationNode section) =>
        section.IsNamed("Directory") && section.Arguments.Length == 1;

    /// <summary>The folder of a plain <c>&lt;Directory&gt;</c>, without a trailing slash (empty for <c>/</c>).</summary>
    public static string DirectoryPath(ApacheConfigurationNode section) => TrimSlash(section.Arguments[0]);

    /// <summary>Plain <c>&lt;Directory&gt;</c> sections in httpd's order: fewer path components first, configuration order for equal counts.</summary>
    public static IEnumerable<ApacheConfigurationNode> InMergeOrder(IEnumerable<ApacheConfigurationNode> directories) =>
        directories.Select((section, index) => (section, index))
            .OrderBy(d => DirectoryPath(d.section).Count(c => c == '/'))
            .ThenBy(d => d.index)
            .Select(d => d.section);

    /// <summary>Whether folder <paramref name="path"/> is <paramref name="folder"/> or inside it (both without trailing slashes; empty is <c>/</c>).</summary>
    public static bool IsUnder(string path, string folder) =>
        folder.Length == 0 || path == folder || path.StartsWith(folder + "/", StringComparison.Ordinal);

    private static string TrimSlash(string path)
    {
        var trimmed = path.Replace('\\', '/').TrimEnd('/');
        while (trimmed.Contains("//", StringComparison.Ordinal))
        {
            trimmed = trimmed.Replace("//", "/", StringComparison.Ordinal);
        }

        return trimmed;
    }

    // mod_alias's Alias and ScriptAlias, and mod_wsgi's WSGIScriptAlias, which maps a URL path to a script the same way
    // (its further options, such as process-group=, follow the two paths).
    private static bool IsAlias(ApacheConfigurationNode node) =>
        !node.IsSection && (node.Arguments.Length == 2 || (node.Arguments.Length > 2 && node.Name.StartsWith("WSGI", StringComparison.OrdinalIgnoreCase)))
        && (node.IsNamed("Alias") || node.IsNamed("AliasMatch") || node.IsNamed("ScriptAlias") || node.IsNamed("ScriptAliasMatch")
            || node.IsNamed("WSGIScriptAlias") || node.IsNamed("WSGIScriptAliasMatch"));

    private WebRequestHandling Resolve(string uri)
    {
        var (filePath, alias, root) = MapToFile(uri);
        int slash = filePath.LastIndexOf('/');
        var folder = slash < 0 ? string.Empty : filePath[..slash];
        var fileName = filePath[(slash + 1)..];

        var applied = new List<ApacheConfigurationNode>();
        var plain = InMergeOrder(_sections.Where(IsPlainDirectory)).Where(s => DirectoryMatches(DirectoryPath(s), folder)).ToList();
        applied.AddRange(plain);
        applied.AddRange(_sections.Where(s => (s.IsNamed("DirectoryMatch") || (s.IsNamed("Directory") && !IsPlainDirectory(s))) && RegexMatches(s, folder + "/")));

        // <Files> sections of the server level and those nested in a <Directory> that applies, in configuration order.
        var filesCandidates = _sections.Concat(plain.SelectMany(Nested)).Where(s => s.IsNamed("Files") || s.IsNamed("FilesMatch"));
        applied.AddRange(filesCandidates.Where(s => FilesMatch(s, fileName)));
        applied.AddRange(_sections.Where(s => (s.IsNamed("Location") || s.IsNamed("LocationMatch")) && LocationMatches(s, uri)));

        var headers = _headers;
        var settings = _settings;
        WebFixedResponse? fixedResponse = null;
        var blocks = new List<WebLocationBlock>();
        foreach (var section in applied)
        {
            (headers, settings) = ApacheSiteBinder.Enter(section, headers, settings);

            // mod_alias and mod_rewrite keep the redirects of every section that applies; the first one answers.
            fixedResponse ??= settings.FixedResponse is { IsConditional: false } response ? response : null;
            if (_blocks.TryGetValue(section, out var block))
            {
                blocks.Add(block);
            }
        }

        settings = settings with { FixedResponse = fixedResponse ?? settings.FixedResponse };
        return new WebRequestHandling(uri, ApacheSettingsBinder.ToSettings(settings), headers.Set, blocks)
        {
            FilePath = filePath,
            Alias = alias?.Syntax,
            FileInScan = root is null ? null : _content.FileInScan(root, filePath),
            MatchingServerResponse = ApacheSettingsBinder.ServerResponseFor(_ownDirectives, uri, inherited: false) ?? ApacheSettingsBinder.ServerResponseFor(_mainDirectives, uri, inherited: true),
        };
    }

    private static IEnumerable<ApacheConfigurationNode> Nested(ApacheConfigurationNode section)
    {
        var inner = new ApacheSiteBinder.Level();
        ApacheSiteBinder.Collect(section.Children, inner, collectVirtualHosts: false);
        return inner.Sections;
    }

    /// <summary>The file a path maps to, the alias that mapped it, and the folder it was mapped into (null when that folder is not a plain path).</summary>
    private (string FilePath, ApacheConfigurationNode? Alias, string? Root) MapToFile(string uri)
    {
        foreach (var alias in _aliases)
        {
            var (pattern, target) = (alias.Arguments[0], alias.Arguments[1]);
            if (alias.Name.EndsWith("Match", StringComparison.OrdinalIgnoreCase))
            {
                var match = SafeMatch(pattern, uri);
                if (match is { Success: true })
                {
                    var root = TrimSlash(target.Split('$')[0]);
                    return (match.Result(target), alias, root.Length > 0 ? root : null);
                }

                continue;
            }

            // mod_alias alias_matches: the URL-path must match whole path segments.
            var prefix = pattern.TrimEnd('/');
            if (uri.StartsWith(prefix, StringComparison.Ordinal)
                && (uri.Length == prefix.Length || uri[prefix.Length] == '/' || pattern.EndsWith('/')))
            {
                var rest = uri[prefix.Length..];
                return (TrimSlash(target) + (rest.Length == 0 && !target.EndsWith('/') ? string.Empty : rest), alias, TrimSlash(target));
            }
        }

        var documentRoot = TrimSlash(_settings.DocumentRoot.Value);
        return (documentRoot + uri, null, documentRoot);
    }

    private static bool DirectoryMatches(string sectionPath, string folder)
    {
        if (!GlobPattern.HasWildcards(sectionPath))
        {
            return IsUnder(folder, sectionPath);
        }

        // core: wildcards in <Directory> match within one path segment each, like the shell.
        var pattern = sectionPath.Split('/');
        var segments = folder.Split('/');
        if (segments.Length < pattern.Length)
        {
            return false;
        }

        for (int i = 0; i < pattern.Length; i++)
        {
            if (!GlobPattern.IsMatch(pattern[i], segments[i]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool FilesMatch(ApacheConfigurationNode section, string fileName)
    {
        if (section.IsNamed("FilesMatch") || (section.Arguments.Length == 2 && section.Arguments[0] == "~"))
        {
            return RegexMatches(section, fileName);
        }

        return section.Arguments.Length == 1 && fileName.Length > 0 && GlobPattern.IsMatch(section.Arguments[0], fileName);
    }

    private static bool LocationMatches(ApacheConfigurationNode section, string uri)
    {
        if (section.IsNamed("LocationMatch") || (section.Arguments.Length == 2 && section.Arguments[0] == "~"))
        {
            return RegexMatches(section, uri);
        }

        if (section.Arguments.Length != 1)
        {
            return false;
        }

        // core: <Location "/private1"> matches /private1, /private1/ and /private1/file.txt, not /private1other.
        var path = section.Arguments[0];
        if (GlobPattern.HasWildcards(path))
        {
            return DirectoryMatches(TrimSlash(path), TrimSlash(uri));
        }

        return path == "/" || (uri.StartsWith(path, StringComparison.Ordinal) && (uri.Length == path.Length || path.EndsWith('/') || uri[path.Length] == '/'));
    }

    private static bool RegexMatches(ApacheConfigurationNode section, string input)
    {
        var pattern = section.Arguments.Length == 2 && section.Arguments[0] == "~" ? section.Arguments[1] : section.Arguments.Length == 1 ? section.Arguments[0] : null;
        return pattern is not null && SafeMatch(pattern, input) is { Success: true };
    }

    private static Match? SafeMatch(string pattern, string input)
    {
        try
        {
            return Regex.Match(input, pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (RegexMatchTimeoutException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public override string ToString() => $"requests to {_site.DisplayName}";
}
