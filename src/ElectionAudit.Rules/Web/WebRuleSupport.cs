using System.Globalization;
using System.Runtime.CompilerServices;
using ElectionAudit.Model.Web;
using ElectionAudit.Text;

namespace ElectionAudit.Rules.Web;

/// <summary>One level of a site whose response headers and settings a request really gets: the server level or a location.</summary>
/// <param name="headers">The effective response headers there.</param>
/// <param name="settings">The effective settings there.</param>
/// <param name="block">The block's keyword: where a missing setting is reported.</param>
/// <param name="location">The location, or null for the server level.</param>
internal sealed class ContentLevel(ResponseHeaderSet headers, WebSettings settings, Location block, WebLocationBlock? location)
{
    private string? _name;

    /// <summary>The effective response headers there.</summary>
    public ResponseHeaderSet Headers { get; } = headers;

    /// <summary>The effective settings there.</summary>
    public WebSettings Settings { get; } = settings;

    /// <summary>The block's keyword: where a missing setting is reported.</summary>
    public Location Block { get; } = block;

    /// <summary>A name for messages and logical keys, for example <c>location /live/</c> (never a line number).</summary>
    /// <remarks>
    /// Made when first asked: each rule lists the levels of each site, and only the levels it reports need a name (every
    /// location's name made for every listing was 2.9 MB of strings at 4,000 generated files).
    /// </remarks>
    public string Name => _name ??= location?.ToString() ?? "server";
}

/// <summary>What the web rules share: which sites and levels to judge, and how severity rises for official sites.</summary>
internal static class WebRuleSupport
{
    // Header names as the logical keys write them; the names are the rules' constants, so a handful.
    private static readonly TextCache<string> LowerHeaderNames = new(64, 256, name => name.ToLowerInvariant());

    /// <summary>
    /// RULES.md: sites with <c>role: results</c> or another official role raise the severity of the EA3xxx rules; one step
    /// (note to warning, warning to error).
    /// </summary>
    public static Severity Raised(Severity severity, WebSite site) =>
        site.IsResultsSite || site.IsOfficialSite ? (Severity)Math.Min((int)Severity.Error, (int)severity + 1) : severity;

    /// <summary>Whether the site answers TLS handshakes (HSTS is only honoured over HTTPS).</summary>
    public static bool ServesHttps(WebSite site) => site.Tls is { } tls && !tls.RejectsHandshake.Value;

    /// <summary>
    /// The levels that answer requests with content: the server level when no <c>location /</c> catches every request
    /// first, and each location that is neither internal, nor refusing everyone, nor answering with a fixed response.
    /// Empty when the binder for the site's format computes no settings.
    /// </summary>
    public static IReadOnlyList<ContentLevel> ContentLevels(WebSite site)
    {
        var levels = new List<ContentLevel>();
        if (site.Settings is null)
        {
            return levels;
        }

        if (!HasRootLocation(site))
        {
            levels.Add(new ContentLevel(site.ResponseHeaders, site.Settings, site.Location, null));
        }

        var locations = site.Locations;
        for (int i = 0; i < locations.Count; i++)
        {
            var block = locations[i];
            if (AnswersWithContent(block) is { } settings)
            {
                levels.Add(new ContentLevel(block.ResponseHeaders, settings, block.Location, block));
            }
        }

        return levels;
    }

    /// <summary>A location's settings if it is a content level (see <see cref="ContentLevels"/>), else null.</summary>
    private static WebSettings? AnswersWithContent(WebLocationBlock block) =>
        block.Settings is not { } settings || settings.IsInternal || settings.DeniesEveryone || settings.FixedResponse is { IsConditional: false } ? null : settings;

    /// <summary>
    /// The first header named <paramref name="name"/> in effect at each content level of <paramref name="site"/>, each
    /// once, in level order: what <c>ContentLevels(site).Select(l =&gt; l.Headers.Find(name)).Distinct()</c> gives without
    /// the nulls. Null when there are none. Only the first counts because a browser that receives several
    /// Strict-Transport-Security headers in one response processes only the first (RFC 6797 §8.1), and nginx and Apache
    /// send a level's headers in the order they are written.
    /// </summary>
    /// <remarks>
    /// Without the levels' objects, the per-level arrays or the query's iterators and set: EA3003 and EA3004 ask it for
    /// every HTTPS site, which nearly always has one such header.
    /// </remarks>
    public static List<ResponseHeader>? FirstHeadersAtContentLevels(WebSite site, string name)
    {
        if (site.Settings is null)
        {
            return null;
        }

        List<ResponseHeader>? headers = null;
        HashSet<ResponseHeader>? seen = null;
        if (!HasRootLocation(site))
        {
            AddFirstHeader(site.ResponseHeaders, name, ref headers, ref seen);
        }

        var locations = site.Locations;
        for (int i = 0; i < locations.Count; i++)
        {
            if (AnswersWithContent(locations[i]) is not null)
            {
                AddFirstHeader(locations[i].ResponseHeaders, name, ref headers, ref seen);
            }
        }

        return headers;
    }

    // The first header of one level, as ResponseHeaderSet.Find selects it, added unless already there. Found by looking
    // through the list while it is short; past that a set, so that many levels stay linear.
    private static void AddFirstHeader(ResponseHeaderSet set, string name, ref List<ResponseHeader>? headers, ref HashSet<ResponseHeader>? seen)
    {
        const int LookThrough = 16;
        if (set.Find(name) is not { } header)
        {
            return;
        }

        headers ??= [];
        if (seen is not null ? !seen.Add(header) : headers.Contains(header))
        {
            return;
        }

        headers.Add(header);
        if (seen is null && headers.Count > LookThrough)
        {
            seen = new HashSet<ResponseHeader>(headers, ReferenceEqualityComparer.Instance);
        }
    }

    /// <summary>Whether a top-level <c>location /</c> (plain or <c>^~</c>) takes every request no other location takes.</summary>
    private static bool HasRootLocation(WebSite site)
    {
        var locations = site.Locations;
        for (int i = 0; i < locations.Count; i++)
        {
            var block = locations[i];
            if (block.Parent is null && block.Level == ConfigurationLevel.Location && block.ParseMatch() is ("" or "^~", "/"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Registers <see cref="CheckHeader"/> for every site that serves content, at the rule's default severity raised for
    /// results sites: the shape shared by the security-header rules (EA3005-EA3008). <paramref name="problem"/> gets the
    /// site and a header value; <paramref name="nginxRemedy"/> or <paramref name="apacheRemedy"/> ends the message when
    /// no level sends the header.
    /// </summary>
    public static void RegisterHeaderCheck(
        RuleContext context,
        RuleDescriptor rule,
        string headerName,
        Func<ResponseHeaderSet, ResponseHeader?> find,
        Func<WebSite, ResponseHeader, string?> problem,
        string nginxRemedy,
        string apacheRemedy)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<WebSite>(ctx =>
        {
            var site = ctx.Element;

            // A server only a program on the same host reaches (a proxy's back end) sends its headers to that program: the
            // front end's headers are what browsers get, and the front end is judged.
            if (site.ServesContent && !site.IsLoopbackOnly)
            {
                CheckHeader(ctx.Report, rule, site, headerName, find, header => problem(site, header), site.IsApache ? apacheRemedy : nginxRemedy, Raised(rule.DefaultSeverity, site));
            }
        });
    }

    /// <summary>
    /// Checks a response header at every content level of a site: one finding at the server when no level sends it,
    /// else one per level that lacks it (naming the enclosing header an <c>add_header</c> here drops), and one per
    /// directive whose value <paramref name="problem"/> rejects.
    /// </summary>
    public static void CheckHeader(
        Action<Finding> report,
        RuleDescriptor rule,
        WebSite site,
        string headerName,
        Func<ResponseHeaderSet, ResponseHeader?> find,
        Func<ResponseHeader, string?> problem,
        string missingMessage,
        Severity severity)
    {
        var levels = ContentLevels(site);
        if (levels.Count == 0)
        {
            return;
        }

        // Loops rather than queries with closures over the name: this runs for five rules on every site. The headers found
        // are kept on the stack for the few levels most sites have.
        var few = default(FewHeaders);
        Span<ResponseHeader?> found = levels.Count <= FewHeaders.Length ? ((Span<ResponseHeader?>)few)[..levels.Count] : new ResponseHeader?[levels.Count];
        bool anyFound = false;
        bool anyDropped = false;
        for (int i = 0; i < levels.Count; i++)
        {
            found[i] = find(levels[i].Headers);
            anyFound |= found[i] is not null;
        }

        // An include that could not be read may hold the header: judge only the values that are there.
        bool judgeMissing = !site.HasUnresolvedIncludes;
        if (judgeMissing && !anyFound)
        {
            for (int i = 0; i < levels.Count; i++)
            {
                anyDropped |= levels[i].Headers.FindDropped(headerName) is not null;
            }
        }

        // The logical keys name the header in lower case: lowered once per name, not per finding.
        var keyName = LowerHeaderNames.Get(headerName);
        if (judgeMissing && !anyFound && !anyDropped)
        {
            report(Finding.Create(rule, severity, site.Location, $"{site.Key}/{keyName}", [], $"No {headerName} header applies to {site.DisplayName}: {missingMessage}"));
            return;
        }

        // A header that reaches several levels is judged once; most sites have one or two levels.
        for (int i = 0; i < levels.Count; i++)
        {
            var level = levels[i];
            var header = found[i];
            if (header is null)
            {
                if (!judgeMissing)
                {
                    continue;
                }

                // The key kept as its parts (a joined string per finding was most of what this method allocated).
                var dropped = level.Headers.FindDropped(headerName);
                if (dropped is null)
                {
                    report(Finding.Create(rule, severity, level.Block, $"{site.Key}/{level.Name}/{keyName}", [], $"Requests handled by {level.Name} of {site.DisplayName} get no {headerName} header: {missingMessage}"));
                    continue;
                }

                RelatedLocation[] related = [new RelatedLocation(dropped.Location, $"{headerName} is set here but does not reach {level.Name}")];
                report(site.IsApache
                    ? Finding.Create(rule, severity, level.Block, $"{site.Key}/{level.Name}/{keyName}", related, $"Requests handled by {level.Name} of {site.DisplayName} get no {headerName} header: a Header directive of this section removes the {headerName} set at {dropped.Location:L}. Set it again here, or remove the \"Header unset\".")
                    : Finding.Create(rule, severity, level.Block, $"{site.Key}/{level.Name}/{keyName}", related, $"Requests handled by {level.Name} of {site.DisplayName} get no {headerName} header: this block has its own add_header, so nginx drops the {headerName} set at {dropped.Location:L}. Repeat it here (or include the shared headers snippet)."));
                continue;
            }

            // Judged already if an earlier level got the same header: the headers judged are those found before this level.
            if (FoundBefore(found, i, header))
            {
                continue;
            }

            // A value the server fills in per request (nginx $variable, Apache %{VAR}e) is set, but what it says is unknown.
            if (!header.ValueHasVariables && problem(header) is { } text)
            {
                report(Finding.Create(rule, severity, header.ValueLocation, $"{site.Key}/{keyName}-value", [], text));
            }
        }
    }

    /// <summary>Whether <paramref name="header"/> is among the first <paramref name="count"/> headers found.</summary>
    private static bool FoundBefore(ReadOnlySpan<ResponseHeader?> found, int count, ResponseHeader header)
    {
        for (int i = 0; i < count; i++)
        {
            if (ReferenceEquals(found[i], header))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Room on the stack for the headers found at a site's levels, when it has this few.</summary>
    [InlineArray(Length)]
    private struct FewHeaders
    {
        public const int Length = 4;

        private ResponseHeader? _first;
    }

    /// <summary>
    /// Whether <paramref name="site"/> is configured to serve a file at <paramref name="uri"/> without refusing it: a
    /// block that applies to the path was written for it (its match names <paramref name="marker"/>: an nginx
    /// <c>location</c>, an Apache <c>&lt;Location&gt;</c>, <c>&lt;Files&gt;</c> or <c>&lt;FilesMatch&gt;</c>), an Apache
    /// <c>Alias</c>/<c>AliasMatch</c> naming it maps the path, or the file is in the scan under the document root.
    /// The EA5007 (signatures, checksums) and EA6004 (security.txt) halves that read web servers share it.
    /// </summary>
    public static bool ServesFile(WebSite site, string uri, string marker)
    {
        if (site.Settings is null)
        {
            return false;
        }

        var handling = site.HandleRequest(uri);
        if (handling.IsRefused || handling.MatchingServerResponse is not null)
        {
            return false;
        }

        return handling.Blocks.Any(b => b.Match.Contains(marker, StringComparison.OrdinalIgnoreCase))
            || (handling.Alias is { } alias && alias.ToString()?.Contains(marker, StringComparison.OrdinalIgnoreCase) == true)
            || handling.FileInScan is not null;
    }

    /// <summary>The request paths of files under the site's document root in the scan that match <paramref name="fileNamePattern"/> and are not refused.</summary>
    public static IEnumerable<string> ServedContentFiles(WebSite site, string fileNamePattern) =>
        site.Settings is null ? [] : site.FindContentFiles(fileNamePattern).Where(uri => site.HandleRequest(uri) is { IsRefused: false, MatchingServerResponse: null });

    /// <summary>
    /// Whether a finding about <paramref name="block"/> itself belongs to another site: an Apache main-server section
    /// reaches every virtual host, so it is reported once, for the first site (in model order) that has it.
    /// </summary>
    public static bool IsReportedWithAnotherSite(Model.InfrastructureModel model, WebSite site, WebLocationBlock block) =>
        block.IsFromMainServer
        && model.BoundElementsOfType<WebSite>().First(s => s.Locations.Any(l => l.Directive == block.Directive)) != site;

    /// <summary>An Apache section as written, for messages: <c>&lt;Directory /srv/results&gt;</c>.</summary>
    public static string ApacheSectionName(WebLocationBlock block) =>
        block.Directive is Syntax.Apache.ApacheStatementSyntax statement ? $"<{statement.Name} {block.Match}>" : block.ToString();

    /// <summary>A duration for messages: <c>75 s</c>.</summary>
    public static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###} s");
}
