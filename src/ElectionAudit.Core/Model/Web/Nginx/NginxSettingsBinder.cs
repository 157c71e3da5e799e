using System.Collections.Concurrent;
using System.Globalization;
using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>
/// Computes <see cref="WebSettings"/> level by level (http, server, location, if), with nginx's merge rules: a plain
/// directive is inherited from the nearest enclosing level that sets it (ngx_conf_merge_*_value); the "array"
/// directives — <c>access_log</c>, <c>error_log</c>, <c>allow</c>/<c>deny</c>, <c>limit_req</c>, <c>limit_conn</c>,
/// <c>*_hide_header</c> — are inherited only by a level that has none of its own, which replaces the whole list.
/// Directives brought in by <c>include</c> count at the level of the include.
/// </summary>
internal sealed class NginxSettingsBinder
{
    // The directives that hand a request to an application (ngx_http_*_module content handlers).
    private static readonly string[] UpstreamDirectives = ["proxy_pass", "fastcgi_pass", "uwsgi_pass", "scgi_pass", "grpc_pass", "memcached_pass"];

    // ngx_http_core_module, limit_except: "Allowing the GET method makes the HEAD method also allowed."
    private static readonly string[] GetAndHead = ["GET", "HEAD"];

    private static readonly string[] HideHeaderDirectives = ["proxy_hide_header", "fastcgi_hide_header", "uwsgi_hide_header", "scgi_hide_header", "grpc_hide_header"];

    // rewrite patterns that match every URI, so the rewrite is not conditional.
    private static readonly HashSet<string> MatchAllPatterns = new(StringComparer.Ordinal) { "^", "^/", "^(.*)$", "^/(.*)$", "^/?(.*)$", "(.*)", ".*", "^.*$", "^(.*)", "^/(.*)", "^/.*$", "^/.*", "^.*", "/" };

    private readonly Dictionary<string, NginxDirectiveSyntax> _requestZones = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NginxDirectiveSyntax> _connectionZones = new(StringComparer.Ordinal);
    private readonly WebServerVersion _version;

    public NginxSettingsBinder(IReadOnlyList<NginxDirectiveSyntax> mainDirectives, IReadOnlyList<NginxDirectiveSyntax> httpDirectives, Location httpScope, WebServerVersion version)
    {
        _version = version;
        foreach (var zone in httpDirectives.Where(d => d.Is("limit_req_zone") || d.Is("limit_conn_zone")))
        {
            var name = zone.Arguments.Select(a => a.Value).FirstOrDefault(v => v.StartsWith("zone=", StringComparison.Ordinal));
            if (name is not null)
            {
                var zoneName = name["zone=".Length..];
                int colon = zoneName.IndexOf(':', StringComparison.Ordinal);
                zoneName = colon >= 0 ? zoneName[..colon] : zoneName;
                (zone.Is("limit_req_zone") ? _requestZones : _connectionZones).TryAdd(zoneName, zone);
            }
        }

        // ngx_http_core_merge_loc_conf: an http level without error_log uses the main context's (cycle->new_log).
        var mainErrorLog = mainDirectives.Where(d => d.Is("error_log") && d.Arguments.Length > 0).ToList();
        var top = Defaults(httpScope);
        if (mainErrorLog.Count > 0)
        {
            top = top with { ErrorLog = LogTargetPlaceholders.Mark(EffectiveValue.FromDirective<IReadOnlyList<WebLogTarget>>([.. mainErrorLog.Select(ErrorLogTarget)], mainErrorLog[0], httpScope), httpScope, LogTargetPlaceholders.NginxErrorLog) };
        }

        Http = Enter(top, httpDirectives, httpScope, isLocation: false);
    }

    /// <summary>The http level.</summary>
    public LevelState Http { get; }

    /// <summary>The level inside <paramref name="parent"/> whose (include-expanded) directives are <paramref name="own"/>.</summary>
    public LevelState Enter(LevelState parent, IReadOnlyList<NginxDirectiveSyntax> own, Location scope, bool isLocation)
    {
        // A value no directive of this level sets is the parent's own object (see WebSettings.SharesInheritedValues); so
        // are the merged hidden headers and limits when nothing here changes them.
        var hideHeaders = HideHeaders(parent.HideHeaders, own);
        var requestLimits = LimitList(parent.RequestLimits, own, "limit_req", WebLimitKind.Requests);
        var connectionLimits = LimitList(parent.ConnectionLimits, own, "limit_conn", WebLimitKind.Connections);

        // A list the level's own directives make is checked for placeholders; an inherited one was, where it was made.
        var errorLog = List(parent.ErrorLog, own, "error_log", scope, ErrorLogTarget);
        var state = new LevelState
        {
            Scope = scope,
            Autoindex = Literal(parent.Autoindex, own, "autoindex", scope, d => IsOn(d)),
            ServerTokens = Literal(parent.ServerTokens, own, "server_tokens", scope, d => !d.Arguments[0].Value.Equals("off", StringComparison.OrdinalIgnoreCase)),
            HideHeaders = hideHeaders,
            HiddenUpstreamHeaders = ReferenceEquals(hideHeaders, parent.HideHeaders) ? parent.HiddenUpstreamHeaders : HiddenUpstreamHeaders(hideHeaders, scope),
            RequestLimits = requestLimits,
            ConnectionLimits = connectionLimits,
            Limits = ReferenceEquals(requestLimits, parent.RequestLimits) && ReferenceEquals(connectionLimits, parent.ConnectionLimits) ? parent.Limits : Concatenate(requestLimits, connectionLimits),
            ClientHeaderTimeout = PlainParsed(parent.ClientHeaderTimeout, own, "client_header_timeout", scope, d => ParseTime(d.Arguments[0].Value)),
            ClientBodyTimeout = PlainParsed(parent.ClientBodyTimeout, own, "client_body_timeout", scope, d => ParseTime(d.Arguments[0].Value)),
            KeepaliveTimeout = PlainParsed(parent.KeepaliveTimeout, own, "keepalive_timeout", scope, d => ParseTime(d.Arguments[0].Value)),
            SendTimeout = PlainParsed(parent.SendTimeout, own, "send_timeout", scope, d => ParseTime(d.Arguments[0].Value)),
            MaxBodySize = PlainParsed(parent.MaxBodySize, own, "client_max_body_size", scope, d => ParseSize(d.Arguments[0].Value)),
            AccessLog = AccessLogs(parent.AccessLog, own, scope),
            ErrorLog = ReferenceEquals(errorLog, parent.ErrorLog) ? errorLog : LogTargetPlaceholders.Mark(errorLog, scope, LogTargetPlaceholders.NginxErrorLog),
            AccessRules = AccessRuleList(parent.AccessRules, own),
            AuthBasic = Plain(parent.AuthBasic, own, "auth_basic", scope, d => OffAsNull(d)),
            AuthRequest = Plain(parent.AuthRequest, own, "auth_request", scope, d => OffAsNull(d)),
            AuthJwt = Plain(parent.AuthJwt, own, "auth_jwt", scope, d => OffAsNull(d)),
            Expires = Plain(parent.Expires, own, "expires", scope, d => d.Arguments[0].Value.Equals("off", StringComparison.Ordinal) ? null : string.Join(' ', d.Arguments.Select(a => a.Value))),
            ProxyCache = Plain(parent.ProxyCache, own, "proxy_cache", scope, d => OffAsNull(d)),
            FastcgiCache = Plain(parent.FastcgiCache, own, "fastcgi_cache", scope, d => OffAsNull(d)),
            Root = isLocation && LastAlias(own) is { } alias
                ? EffectiveValue.FromDirective<string>(alias.Arguments[0].Value, alias, scope)
                : Plain(parent.Root, own, "root", scope, d => d.Arguments[0].Value),
            Upstream = isLocation ? First(own, static d => Array.IndexOf(UpstreamDirectives, d.Name) >= 0) : null,
            FixedResponse = FindFixedResponse(own),
            IsStatusPage = Has(own, "stub_status"),
            IsInternal = Has(own, "internal"),
            UnrestrictedMethods = First(own, static d => d.Is("limit_except") && d.Block is not null) is { } limit
                ? [.. limit.Arguments.Select(a => a.Value.ToUpperInvariant()).SelectMany(m => m == "GET" ? GetAndHead : [m]).Distinct(StringComparer.Ordinal)]
                : null,
        };
        return state;
    }

    /// <summary>The format-neutral view of a level.</summary>
    public static WebSettings ToSettings(LevelState state)
    {
        var authentication = state.AuthBasic.Value is not null ? state.AuthBasic
            : state.AuthRequest.Value is not null ? state.AuthRequest
            : state.AuthJwt.Value is not null ? state.AuthJwt
            : state.AuthBasic;
        var cache = state.ProxyCache.Value is not null ? state.ProxyCache : state.FastcgiCache;
        return new WebSettings(state.Scope)
        {
            SharesInheritedValues = true,
            DirectoryListing = state.Autoindex,
            DisclosesVersion = state.ServerTokens,
            HiddenUpstreamHeaders = state.HiddenUpstreamHeaders,
            Upstream = state.Upstream,
            Limits = state.Limits,
            ClientHeaderTimeout = state.ClientHeaderTimeout,
            ClientBodyTimeout = state.ClientBodyTimeout,
            KeepaliveTimeout = state.KeepaliveTimeout,
            SendTimeout = state.SendTimeout,
            MaxRequestBodySize = state.MaxBodySize,
            AccessLog = state.AccessLog,
            ErrorLog = state.ErrorLog,
            AccessRules = state.AccessRules,
            Authentication = authentication,
            FixedResponse = state.FixedResponse,
            IsStatusPage = state.IsStatusPage,
            IsInternal = state.IsInternal,
            UnrestrictedMethods = state.UnrestrictedMethods,
            Expires = state.Expires,
            ResponseCache = cache,
            DocumentRoot = state.Root,
        };
    }

    // Every server block starts from the same defaults: their descriptions are made once per version and directive, not
    // once per block (60 MB of equal strings in a scan of 16,000 generated files, all kept to the end of the scan). Keyed
    // without the version's location, which the description does not use, so that a process scanning many repositories
    // keeps one entry per version, not one per descriptor.
    private static readonly ConcurrentDictionary<(WebServerVersion Version, string Directive), string> DefaultDescriptions = new();

    private static string Describe((WebServerVersion Version, string Directive) key) => $"the default \"{key.Directive};\" of {key.Version.Describe()}";

    private LevelState Defaults(Location scope)
    {
        // Defaults from the nginx reference (https://nginx.org/en/docs/http/ngx_http_core_module.html,
        // ngx_http_autoindex_module, ngx_http_log_module, ngx_core_module error_log); none of them changed in the
        // versions this model knows, so the description names the version only to say what was assumed.
        EffectiveValue<T> Default<T>(T value, string directive) =>
            EffectiveValue.FromDefault(value, DefaultDescriptions.GetOrAdd((_version with { Location = null }, directive), Describe), scope);

        return new LevelState
        {
            Scope = scope,
            Autoindex = Default(false, "autoindex off"),
            ServerTokens = Default(true, "server_tokens on"),
            HideHeaders = new HideHeaderList?[HideHeaderDirectives.Length],
            HiddenUpstreamHeaders = EffectiveValue.FromDefault<IReadOnlyList<string>>([], NoHideHeaderDescription, scope),
            RequestLimits = [],
            ConnectionLimits = [],
            Limits = [],
            ClientHeaderTimeout = Default(TimeSpan.FromSeconds(60), "client_header_timeout 60s"),
            ClientBodyTimeout = Default(TimeSpan.FromSeconds(60), "client_body_timeout 60s"),
            KeepaliveTimeout = Default(TimeSpan.FromSeconds(75), "keepalive_timeout 75s"),
            SendTimeout = Default(TimeSpan.FromSeconds(60), "send_timeout 60s"),
            MaxBodySize = Default(1024L * 1024, "client_max_body_size 1m"),
            AccessLog = Default<IReadOnlyList<WebLogTarget>>([new WebLogTarget("logs/access.log", false, null)], "access_log logs/access.log combined"),
            ErrorLog = Default<IReadOnlyList<WebLogTarget>>([new WebLogTarget("logs/error.log", false, null)], "error_log logs/error.log error"),
            AccessRules = [],
            AuthBasic = Default<string?>(null, "auth_basic off"),
            AuthRequest = Default<string?>(null, "auth_request off"),
            AuthJwt = Default<string?>(null, "auth_jwt off"),
            Expires = Default<string?>(null, "expires off"),
            ProxyCache = Default<string?>(null, "proxy_cache off"),
            FastcgiCache = Default<string?>(null, "fastcgi_cache off"),
            Root = Default("html", "root html"),
        };
    }

    // Enter asks each level's directives for some 25 names. The lookups below are loops: a LINQ query with a lambda
    // capturing the name made a closure, a delegate and an iterator per name per level (30 MB at 4,000 generated files).

    /// <summary>The first of <paramref name="own"/> named <paramref name="name"/> that has arguments, or null.</summary>
    private static NginxDirectiveSyntax? First(IReadOnlyList<NginxDirectiveSyntax> own, string name)
    {
        for (int i = 0; i < own.Count; i++)
        {
            var directive = own[i];
            if (directive.Is(name) && directive.Arguments.Length > 0)
            {
                return directive;
            }
        }

        return null;
    }

    /// <summary>How many of <paramref name="own"/> are named <paramref name="name"/> and have arguments.</summary>
    private static int Count(IReadOnlyList<NginxDirectiveSyntax> own, string name)
    {
        int count = 0;
        for (int i = 0; i < own.Count; i++)
        {
            if (own[i].Is(name) && own[i].Arguments.Length > 0)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Whether one of <paramref name="own"/> is named <paramref name="name"/>, with or without arguments.</summary>
    private static bool Has(IReadOnlyList<NginxDirectiveSyntax> own, string name)
    {
        for (int i = 0; i < own.Count; i++)
        {
            if (own[i].Is(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The last <c>alias</c> with one argument, or null.</summary>
    private static NginxDirectiveSyntax? LastAlias(IReadOnlyList<NginxDirectiveSyntax> own)
    {
        for (int i = own.Count - 1; i >= 0; i--)
        {
            if (own[i].Is("alias") && own[i].Arguments.Length == 1)
            {
                return own[i];
            }
        }

        return null;
    }

    /// <summary>The first of <paramref name="own"/> that <paramref name="test"/> accepts, or null (a static lambda: nothing is allocated).</summary>
    private static NginxDirectiveSyntax? First(IReadOnlyList<NginxDirectiveSyntax> own, Func<NginxDirectiveSyntax, bool> test)
    {
        for (int i = 0; i < own.Count; i++)
        {
            if (test(own[i]))
            {
                return own[i];
            }
        }

        return null;
    }

    // Without a directive of its own a level keeps the parent's value object: WebSettings gives it the scope of the level
    // it is read at (the defaults are made once, at the http level).
    private static EffectiveValue<T> Plain<T>(EffectiveValue<T> parent, IReadOnlyList<NginxDirectiveSyntax> own, string name, Location scope, Func<NginxDirectiveSyntax, T> parse)
    {
        // nginx rejects a duplicate of these at one level ("is duplicate"), so the first one is the one that counts.
        var directive = First(own, name);
        return directive is null ? parent : EffectiveValue.FromDirective(parse(directive), directive, scope);
    }

    // A directive whose value nginx reads literally (no variables): see HasPlaceholder.
    private static EffectiveValue<T> Literal<T>(EffectiveValue<T> parent, IReadOnlyList<NginxDirectiveSyntax> own, string name, Location scope, Func<NginxDirectiveSyntax, T> parse)
    {
        var directive = First(own, name);
        return directive is null ? parent
            : HasPlaceholder(directive) ? EffectiveValue.FromUnknown(parent.Value, directive, scope)
            : EffectiveValue.FromDirective(parse(directive), directive, scope);
    }

    private static EffectiveValue<T> PlainParsed<T>(EffectiveValue<T> parent, IReadOnlyList<NginxDirectiveSyntax> own, string name, Location scope, Func<NginxDirectiveSyntax, T?> parse)
        where T : struct
    {
        // A value nginx would reject ("invalid value") makes nginx -t fail; the model keeps the inherited value. A
        // placeholder is not such a value: it is replaced before nginx reads the file, with a value the scan cannot know.
        var directive = First(own, name);
        return directive is null ? parent
            : HasPlaceholder(directive) ? EffectiveValue.FromUnknown(parent.Value, directive, scope)
            : parse(directive) is { } value ? EffectiveValue.FromDirective(value, directive, scope)
            : parent;
    }

    /// <summary>
    /// Whether an argument of <paramref name="directive"/>, a directive whose value nginx reads literally (it expands no
    /// variable there), holds a <c>$</c>: nginx would refuse the value as written ("invalid value"), so it is a
    /// placeholder that something fills in before nginx reads the file. The nginx Docker image's entrypoint does that
    /// for <c>/etc/nginx/templates/*.template</c> with <c>envsubst</c>, which replaces <c>$NAME</c> and <c>${NAME}</c>.
    /// </summary>
    internal static bool HasPlaceholder(NginxDirectiveSyntax directive)
    {
        foreach (var argument in directive.Arguments)
        {
            if (argument.Value.Contains('$', StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static EffectiveValue<IReadOnlyList<T>> List<T>(EffectiveValue<IReadOnlyList<T>> parent, IReadOnlyList<NginxDirectiveSyntax> own, string name, Location scope, Func<NginxDirectiveSyntax, T> parse)
    {
        var values = Parse(own, name, parse);
        return values is null ? parent : EffectiveValue.FromDirective<IReadOnlyList<T>>(values, First(own, name)!, scope);
    }

    /// <summary>The directives of <paramref name="own"/> named <paramref name="name"/> that have arguments, parsed in order; null when there is none.</summary>
    private static T[]? Parse<T>(IReadOnlyList<NginxDirectiveSyntax> own, string name, Func<NginxDirectiveSyntax, T> parse)
    {
        int count = Count(own, name);
        if (count == 0)
        {
            return null;
        }

        var values = new T[count];
        int next = 0;
        for (int i = 0; i < own.Count && next < count; i++)
        {
            if (own[i].Is(name) && own[i].Arguments.Length > 0)
            {
                values[next++] = parse(own[i]);
            }
        }

        return values;
    }

    private static EffectiveValue<IReadOnlyList<WebLogTarget>> AccessLogs(EffectiveValue<IReadOnlyList<WebLogTarget>> parent, IReadOnlyList<NginxDirectiveSyntax> own, Location scope)
    {
        var first = First(own, "access_log");
        if (first is null)
        {
            return parent;
        }

        // ngx_http_log_module: "off" cancels all access_log directives on the current level.
        foreach (var directive in own)
        {
            if (directive.Is("access_log") && directive.Arguments.Length > 0 && directive.Arguments[0].Value == "off")
            {
                return EffectiveValue.FromDirective<IReadOnlyList<WebLogTarget>>([], directive, scope);
            }
        }

        var targets = EffectiveValue.FromDirective<IReadOnlyList<WebLogTarget>>(Parse(own, "access_log", d => new WebLogTarget(d.Arguments[0].Value, IsSyslog(d.Arguments[0].Value), d))!, first, scope);
        return LogTargetPlaceholders.Mark(targets, scope, LogTargetPlaceholders.NginxAccessLog);
    }

    /// <summary>
    /// Each <c>*_hide_header</c> directive's list, inherited on its own like <see cref="List{T}"/>: a level with none of
    /// one name keeps its parent's (the same object: where it was set does not change with the level, and the scope is
    /// given when the settings are made).
    /// </summary>
    private static HideHeaderList?[] HideHeaders(HideHeaderList?[] parent, IReadOnlyList<NginxDirectiveSyntax> own)
    {
        HideHeaderList?[]? lists = null;
        for (int i = 0; i < HideHeaderDirectives.Length; i++)
        {
            if (Parse(own, HideHeaderDirectives[i], d => d.Arguments[0].Value.ToLowerInvariant()) is { } values)
            {
                lists ??= (HideHeaderList?[])parent.Clone();
                lists[i] = new HideHeaderList(values, First(own, HideHeaderDirectives[i])!);
            }
        }

        // Most levels set none: they share their parent's array.
        return lists ?? parent;
    }

    private const string NoHideHeaderDescription = "no *_hide_header directive";

    /// <summary>
    /// The headers every <c>*_hide_header</c> list in effect strips, once each, from the first list in effect (in
    /// <see cref="HideHeaderDirectives"/> order); the default when none is.
    /// </summary>
    private static EffectiveValue<IReadOnlyList<string>> HiddenUpstreamHeaders(HideHeaderList?[] lists, Location scope)
    {
        HideHeaderList? first = null;
        List<string>? headers = null;
        foreach (var list in lists)
        {
            if (list is null)
            {
                continue;
            }

            first ??= list;
            headers ??= [];
            foreach (var header in list.Headers)
            {
                if (!headers.Contains(header, StringComparer.Ordinal))
                {
                    headers.Add(header);
                }
            }
        }

        return first is null
            ? EffectiveValue.FromDefault<IReadOnlyList<string>>([], NoHideHeaderDescription, scope)
            : EffectiveValue.FromDirective<IReadOnlyList<string>>([.. headers!], first.Directive, scope);
    }

    /// <summary>Both lists in one, the request limits first; an empty array when both are empty.</summary>
    private static WebLimit[] Concatenate(List<WebLimit> requests, List<WebLimit> connections)
    {
        if (requests.Count + connections.Count == 0)
        {
            return [];
        }

        var all = new WebLimit[requests.Count + connections.Count];
        requests.CopyTo(all);
        connections.CopyTo(all, requests.Count);
        return all;
    }

    private static WebLogTarget ErrorLogTarget(NginxDirectiveSyntax directive) =>
        new(directive.Arguments[0].Value, IsSyslog(directive.Arguments[0].Value), directive);

    private static bool IsSyslog(string target) => target.StartsWith("syslog:", StringComparison.Ordinal);

    private List<WebLimit> LimitList(List<WebLimit> parent, IReadOnlyList<NginxDirectiveSyntax> own, string name, WebLimitKind kind)
    {
        if (First(own, name) is null)
        {
            return parent;
        }

        var zones = kind == WebLimitKind.Requests ? _requestZones : _connectionZones;
        var limits = new List<WebLimit>(Count(own, name));
        foreach (var d in own)
        {
            if (!d.Is(name) || d.Arguments.Length == 0)
            {
                continue;
            }

            // limit_req zone=name [burst=n] …; limit_conn name number.
            var zone = kind == WebLimitKind.Requests
                ? ArgumentAfter(d, "zone=") ?? string.Empty
                : d.Arguments[0].Value;
            var definition = zones.GetValueOrDefault(zone);
            var rate = definition is null ? null : ArgumentAfter(definition, "rate=");
            limits.Add(new WebLimit(kind, zone, d, definition, rate));
        }

        return limits;
    }

    /// <summary>What follows <paramref name="prefix"/> in the first argument of <paramref name="directive"/> that starts with it, or null.</summary>
    private static string? ArgumentAfter(NginxDirectiveSyntax directive, string prefix)
    {
        foreach (var argument in directive.Arguments)
        {
            if (argument.Value.StartsWith(prefix, StringComparison.Ordinal))
            {
                return argument.Value[prefix.Length..];
            }
        }

        return null;
    }

    private static List<WebAccessRule> AccessRuleList(List<WebAccessRule> parent, IReadOnlyList<NginxDirectiveSyntax> own)
    {
        List<WebAccessRule>? rules = null;
        foreach (var d in own)
        {
            if ((d.Is("allow") || d.Is("deny")) && d.Arguments.Length == 1)
            {
                (rules ??= []).Add(new WebAccessRule(d.Is("allow"), d.Arguments[0].Value, d));
            }
        }

        return rules ?? parent;
    }

    private static WebFixedResponse? FindFixedResponse(IReadOnlyList<NginxDirectiveSyntax> own)
    {
        WebFixedResponse? conditional = null;
        foreach (var directive in own)
        {
            if (directive.Is("if") && directive.Block is not null)
            {
                // The if block's own directives only; conditional responses count when no unconditional one exists.
                conditional ??= directive.Block.Directives.Select(d => Response(d, conditional: true)).FirstOrDefault(r => r is not null);
                continue;
            }

            if (Response(directive, conditional: false) is { } response)
            {
                // The rewrite module runs return and rewrite in order; a response that is not conditional ends it.
                if (!response.IsConditional)
                {
                    return response;
                }

                conditional ??= response;
            }
        }

        return conditional;
    }

    private static WebFixedResponse? Response(NginxDirectiveSyntax directive, bool conditional)
    {
        var arguments = directive.Arguments;
        if (directive.Is("return") && arguments.Length is 1 or 2)
        {
            // ngx_http_rewrite_module: "return code [text]; return code URL; return URL;" — a bare URL is a 302.
            if (int.TryParse(arguments[0].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
            {
                return new WebFixedResponse(code, arguments.Length == 2 ? arguments[1].Value : null, conditional, directive);
            }

            return new WebFixedResponse(302, arguments[0].Value, conditional, directive);
        }

        if (directive.Is("rewrite") && arguments.Length >= 2)
        {
            // "If a replacement string starts with http://, https://, or $scheme, the processing stops and the
            // redirect is returned"; flags permanent (301) and redirect (302) redirect whatever the replacement.
            var flag = arguments.Length >= 3 ? arguments[2].Value : null;
            var replacement = arguments[1].Value;
            bool absolute = replacement.StartsWith("http://", StringComparison.Ordinal) || replacement.StartsWith("https://", StringComparison.Ordinal) || replacement.StartsWith("$scheme", StringComparison.Ordinal);
            if (flag is "permanent" or "redirect" || absolute)
            {
                bool matchesAll = MatchAllPatterns.Contains(arguments[0].Value);
                return new WebFixedResponse(flag == "permanent" ? 301 : 302, replacement, conditional || !matchesAll, directive);
            }
        }

        return null;
    }

    private static bool IsOn(NginxDirectiveSyntax directive) => directive.Arguments[0].Value.Equals("on", StringComparison.OrdinalIgnoreCase);

    private static string? OffAsNull(NginxDirectiveSyntax directive) =>
        directive.Arguments[0].Value.Equals("off", StringComparison.Ordinal) ? null : directive.Arguments[0].Value;

    /// <summary>
    /// nginx's time syntax (ngx_parse_time, "Configuration file measurement units"): groups of digits and a unit
    /// (ms, s, m, h, d, w, M, y), seconds when no unit is given, for example <c>75</c>, <c>10s</c>, <c>1m30s</c>.
    /// Null when the text is not a time.
    /// </summary>
    internal static TimeSpan? ParseTime(string text)
    {
        double totalSeconds = 0;
        long number = -1;
        bool any = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsAsciiDigit(c))
            {
                number = (number < 0 ? 0 : number * 10) + (c - '0');
                if (number > int.MaxValue)
                {
                    return null;
                }

                continue;
            }

            if (c == ' ')
            {
                continue;
            }

            if (number < 0)
            {
                return null;
            }

            double unit;
            switch (c)
            {
                case 'm' when i + 1 < text.Length && text[i + 1] == 's':
                    unit = 0.001;
                    i++;
                    break;
                case 's': unit = 1; break;
                case 'm': unit = 60; break;
                case 'h': unit = 3600; break;
                case 'd': unit = 86400; break;
                case 'w': unit = 7 * 86400; break;
                case 'M': unit = 30 * 86400; break;
                case 'y': unit = 365 * 86400; break;
                default: return null;
            }

            totalSeconds += number * unit;
            number = -1;
            any = true;
        }

        if (number >= 0)
        {
            totalSeconds += number;
            any = true;
        }

        return any ? TimeSpan.FromSeconds(totalSeconds) : null;
    }

    /// <summary>nginx's size syntax (ngx_parse_offset): digits with an optional k, m or g suffix (either case). Null when not a size.</summary>
    internal static long? ParseSize(string text)
    {
        if (text.Length == 0)
        {
            return null;
        }

        long multiplier = char.ToLowerInvariant(text[^1]) switch
        {
            'k' => 1024,
            'm' => 1024 * 1024,
            'g' => 1024 * 1024 * 1024,
            _ => 1,
        };
        var digits = multiplier == 1 ? text : text[..^1];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= long.MaxValue / multiplier
            ? value * multiplier
            : null;
    }

    /// <summary>One <c>*_hide_header</c> name's headers in effect (lower-case, in order) and the first directive of the level that set them.</summary>
    internal sealed record HideHeaderList(string[] Headers, NginxDirectiveSyntax Directive);

    /// <summary>The raw per-directive values of one level, from which <see cref="WebSettings"/> is derived.</summary>
    internal sealed record LevelState
    {
        public required Location Scope { get; init; }

        public required EffectiveValue<bool> Autoindex { get; init; }

        public required EffectiveValue<bool> ServerTokens { get; init; }

        /// <summary>Per name in <see cref="HideHeaderDirectives"/>, the list in effect, or null where none is (shared with the parent level when this one sets none).</summary>
        public required HideHeaderList?[] HideHeaders { get; init; }

        /// <summary>What <see cref="HideHeaders"/> hide together, for <see cref="WebSettings.HiddenUpstreamHeaders"/>.</summary>
        public required EffectiveValue<IReadOnlyList<string>> HiddenUpstreamHeaders { get; init; }

        /// <summary><see cref="RequestLimits"/> and then <see cref="ConnectionLimits"/>, for <see cref="WebSettings.Limits"/>.</summary>
        public required WebLimit[] Limits { get; init; }

        public required List<WebLimit> RequestLimits { get; init; }

        public required List<WebLimit> ConnectionLimits { get; init; }

        public required EffectiveValue<TimeSpan> ClientHeaderTimeout { get; init; }

        public required EffectiveValue<TimeSpan> ClientBodyTimeout { get; init; }

        public required EffectiveValue<TimeSpan> KeepaliveTimeout { get; init; }

        public required EffectiveValue<TimeSpan> SendTimeout { get; init; }

        public required EffectiveValue<long> MaxBodySize { get; init; }

        public required EffectiveValue<IReadOnlyList<WebLogTarget>> AccessLog { get; init; }

        public required EffectiveValue<IReadOnlyList<WebLogTarget>> ErrorLog { get; init; }

        public required List<WebAccessRule> AccessRules { get; init; }

        public required EffectiveValue<string?> AuthBasic { get; init; }

        public required EffectiveValue<string?> AuthRequest { get; init; }

        public required EffectiveValue<string?> AuthJwt { get; init; }

        public required EffectiveValue<string?> Expires { get; init; }

        public required EffectiveValue<string?> ProxyCache { get; init; }

        public required EffectiveValue<string?> FastcgiCache { get; init; }

        public required EffectiveValue<string> Root { get; init; }

        public NginxDirectiveSyntax? Upstream { get; init; }

        public WebFixedResponse? FixedResponse { get; init; }

        public bool IsStatusPage { get; init; }

        public bool IsInternal { get; init; }

        public IReadOnlyList<string>? UnrestrictedMethods { get; init; }
    }
}
