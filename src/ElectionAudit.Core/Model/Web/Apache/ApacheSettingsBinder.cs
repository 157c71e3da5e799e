using System.Globalization;
using ElectionAudit.Syntax.Apache;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>
/// Computes <see cref="WebSettings"/> for Apache httpd 2.4, level by level: the main server, a virtual host, then the
/// <c>&lt;Directory&gt;</c> / <c>&lt;Location&gt;</c> / <c>&lt;Files&gt;</c> / <c>&lt;If&gt;</c> sections. httpd merges a
/// virtual host's per-server settings over the main server's ("add unset ? base : add" in each module's merge
/// function) and a section's per-directory settings over its enclosing level's; within one level the last directive
/// of a kind wins. Directives whose context is "server config" only (<c>ServerTokens</c>) are read from the main
/// server; those of "server config, virtual host" (<c>Timeout</c>, <c>KeepAliveTimeout</c>, <c>RequestReadTimeout</c>,
/// <c>CustomLog</c>, <c>ErrorLog</c>) from the main server and the virtual host, never from a section, where httpd
/// rejects them. A directive inside <c>&lt;IfModule&gt;</c> (or another condition the configuration cannot decide)
/// "may apply", recorded as the value's <see cref="EffectiveValue{T}.Condition"/>.
/// Defaults are the documented ones of https://httpd.apache.org/docs/2.4/mod/ (each directive's "Default:" line).
/// </summary>
internal static class ApacheSettingsBinder
{
    // Sections that only wrap directives under a condition the configuration cannot decide, read through as "may apply".
    private static readonly string[] ConditionSections = ["IfModule", "IfDefine", "IfVersion", "IfFile", "IfDirective", "IfSection"];

    // mod_authz_core: <RequireAny> (the implicit container of a section's Require lines) and <RequireAll> list rules
    // that grant access; <RequireNone> negates and is left out (it can only deny).
    // core <Limit>: "If GET is used, it will also restrict HEAD requests", so an unrestricted GET leaves HEAD unrestricted too.
    private static readonly string[] GetAndHead = ["GET", "HEAD"];

    private static readonly string[] AuthorizationContainers = ["RequireAny", "RequireAll"];

    // RedirectMatch / RewriteRule patterns that match every path, so the redirect is not limited to some requests.
    private static readonly HashSet<string> MatchAllPatterns = new(StringComparer.Ordinal) { "^", "^/", "^(.*)$", "^/(.*)$", "^/?(.*)$", "^/?(.*)", "^/?", "(.*)", ".*", "^.*$", "^(.*)", "^/(.*)", "^/.*$", "^/.*", "^.*", "/" };

    // mod_qos (https://mod-qos.sourceforge.net/) and mod_evasive limits, by what they count. mod_qos's per-location
    // limits (QS_LocRequest*) name their path as the first argument and are written at server level.
    private static readonly (string Directive, WebLimitKind Kind)[] LimitDirectives =
    [
        ("QS_SrvMaxConnPerIP", WebLimitKind.Connections),
        ("QS_SrvMaxConn", WebLimitKind.Connections),
        ("QS_LocRequestLimit", WebLimitKind.Connections),
        ("QS_LocRequestLimitMatch", WebLimitKind.Connections),
        ("QS_LocRequestPerSecLimit", WebLimitKind.Requests),
        ("QS_LocRequestPerSecLimitMatch", WebLimitKind.Requests),
        ("QS_ClientEventPerSecLimit", WebLimitKind.Requests),
        ("QS_ClientEventLimitCount", WebLimitKind.Requests),
        ("DOSPageCount", WebLimitKind.Requests),
        ("DOSSiteCount", WebLimitKind.Requests),
    ];

    /// <summary>The main server's level: defaults, then the main server's own directives.</summary>
    public static LevelState MainServer(IReadOnlyList<ApacheConfigurationNode> mainDirectives, Location scope, WebServerVersion version) =>
        Enter(Defaults(scope, version), mainDirectives, scope, isServer: true, isMain: true, section: null);

    /// <summary>A virtual host's level over the main server's.</summary>
    public static LevelState VirtualHost(LevelState main, IReadOnlyList<ApacheConfigurationNode> own, Location scope) =>
        Enter(main, own, scope, isServer: true, isMain: false, section: null);

    /// <summary>A per-directory section's level over its enclosing level's.</summary>
    public static LevelState Section(LevelState parent, ApacheConfigurationNode section, Location scope) =>
        Enter(parent, Flatten(section.Children), scope, isServer: false, isMain: false, section);

    /// <summary>The directives of a level, reading through condition sections and authorization containers, without nested per-directory sections or virtual hosts.</summary>
    public static List<ApacheConfigurationNode> Flatten(IEnumerable<ApacheConfigurationNode> nodes)
    {
        var directives = new List<ApacheConfigurationNode>();
        void Walk(IEnumerable<ApacheConfigurationNode> level)
        {
            foreach (var node in level)
            {
                if (node.Applicability == ApacheCondition.DoesNotApply)
                {
                    continue;
                }

                if (!node.IsSection)
                {
                    directives.Add(node);
                }
                else if (ConditionSections.Any(node.IsNamed) || AuthorizationContainers.Any(node.IsNamed))
                {
                    Walk(node.Children);
                }
                else if (node.IsNamed("LimitExcept"))
                {
                    // Kept as a section: its arguments are the methods left unrestricted.
                    directives.Add(node);
                }
            }
        }

        Walk(nodes);
        return directives;
    }

    private static LevelState Defaults(Location scope, WebServerVersion version)
    {
        EffectiveValue<T> Default<T>(T value, string directive) =>
            EffectiveValue.FromDefault(value, $"the default \"{directive}\" of {version.Describe()}", scope);

        // core "LimitRequestBody": "Default: LimitRequestBody 1073741824", with "In Apache HTTP Server 2.4.53 and
        // earlier, the default value was 0 (unlimited)".
        bool gibibyteLimit = version.IsAtLeast(2, 4, 54);
        return new LevelState
        {
            Scope = scope,

            // core "Options": "Default: Options FollowSymlinks" (All before 2.3.11, which 2.4 no longer is).
            Indexes = Default(false, "Options FollowSymlinks"),

            // core "ServerTokens": "Default: ServerTokens Full"; "ServerSignature": "Default: ServerSignature Off".
            ServerTokens = Default(true, "ServerTokens Full"),
            ServerSignature = Default(false, "ServerSignature Off"),
            HiddenHeaders = Default<IReadOnlyList<string>>([], "no \"Header unset\""),

            // core "Timeout": "Default: Timeout 60"; "KeepAliveTimeout": "Default: KeepAliveTimeout 5"; "KeepAlive": "Default: KeepAlive On".
            SendTimeout = Default(TimeSpan.FromSeconds(60), "Timeout 60"),
            KeepaliveTimeout = Default(TimeSpan.FromSeconds(5), "KeepAliveTimeout 5"),

            // mod_reqtimeout "RequestReadTimeout": "Default: header=20-40,MinRate=500 body=20,MinRate=500" (when the
            // module is loaded, as Debian's apache2 package does by default); the header value is the 40 s ceiling.
            ClientHeaderTimeout = Default(TimeSpan.FromSeconds(40), "RequestReadTimeout header=20-40,MinRate=500 (mod_reqtimeout loaded)"),
            ClientBodyTimeout = Default(TimeSpan.FromSeconds(20), "RequestReadTimeout body=20,MinRate=500 (mod_reqtimeout loaded)"),
            MaxBodySize = gibibyteLimit ? Default(1073741824L, "LimitRequestBody 1073741824") : Default(0L, "LimitRequestBody 0"),

            // mod_log_config has no default access log (nothing is logged without CustomLog or TransferLog); core
            // "ErrorLog": "Default: ErrorLog logs/error_log (Unix)".
            AccessLog = Default<IReadOnlyList<WebLogTarget>>([], "no CustomLog (mod_log_config writes no access log)"),
            ErrorLog = Default<IReadOnlyList<WebLogTarget>>([new WebLogTarget("logs/error_log", false, null)], "ErrorLog logs/error_log"),
            AccessRules = [],
            Limits = [],
            AuthType = Default<string?>(null, "AuthType None"),
            RequiresUser = null,
            ExpiresActive = Default(false, "ExpiresActive Off"),
            ExpiresRule = Default<string?>(null, "no ExpiresDefault or ExpiresByType"),
            Expires = Default<string?>(null, "ExpiresActive Off"),
            ResponseCache = Default<string?>(null, "no CacheEnable"),

            // core "DocumentRoot": "Default: DocumentRoot "/usr/local/apache/htdocs"".
            DocumentRoot = Default("/usr/local/apache/htdocs", "DocumentRoot \"/usr/local/apache/htdocs\""),

            // core (https://httpd.apache.org/docs/2.4/mod/core.html): "Default: LimitRequestLine 8190",
            // "Default: LimitRequestFields 100", "Default: LimitRequestFieldSize 8190" and "Default: TraceEnable on".
            RequestLineLimit = Default(8190L, "LimitRequestLine 8190"),
            RequestFieldCountLimit = Default(100L, "LimitRequestFields 100"),
            RequestFieldSizeLimit = Default(8190L, "LimitRequestFieldSize 8190"),
            TraceEnabled = Default(true, "TraceEnable on"),
        };
    }

    private static LevelState Enter(LevelState parent, IReadOnlyList<ApacheConfigurationNode> own, Location scope, bool isServer, bool isMain, ApacheConfigurationNode? section)
    {
        ApacheConfigurationNode? Last(string name) => own.LastOrDefault(d => d.IsNamed(name) && !d.IsSection && d.Arguments.Length > 0);
        EffectiveValue<T> Plain<T>(EffectiveValue<T> inherited, string name, Func<ApacheConfigurationNode, T?> parse, bool allowed = true)
            where T : struct =>
            Parsed(inherited, allowed ? Last(name) : null, parse);

        // A value httpd would reject stops httpd from starting; the model keeps the inherited value. An environment
        // variable is not such a value: httpd reads it when it starts, and the scan cannot.
        EffectiveValue<T> Parsed<T>(EffectiveValue<T> inherited, ApacheConfigurationNode? node, Func<ApacheConfigurationNode, T?> parse)
            where T : struct =>
            node is null ? Rescope(inherited, scope)
                : HasEnvironmentVariable(node) ? EffectiveValue.FromUnknown(inherited.Value, node.Syntax, scope)
                : parse(node) is { } value ? Directive(value, node, scope)
                : Rescope(inherited, scope);

        EffectiveValue<T> Text<T>(EffectiveValue<T> inherited, string name, Func<ApacheConfigurationNode, T> parse, bool allowed = true)
        {
            var node = allowed ? Last(name) : null;
            return node is not null ? Directive(parse(node), node, scope) : Rescope(inherited, scope);
        }

        var authorization = own.Where(d => d.IsNamed("Require") && d.Arguments.Length > 0).ToList();
        var logs = own.Where(d => (d.IsNamed("CustomLog") || d.IsNamed("TransferLog")) && d.Arguments.Length > 0).ToList();
        var errorLog = isServer ? Last("ErrorLog") : null;
        // mod_reqtimeout sets, for each directive, only the stages it names: Debian's reqtimeout.conf gives the header
        // stage in one RequestReadTimeout line and the body stage in the next. A stage's value is the last line naming it.
        ApacheConfigurationNode? LastNaming(string stage) => isServer
            ? own.LastOrDefault(d => d.IsNamed("RequestReadTimeout") && !d.IsSection && d.Arguments.Any(a => a.StartsWith(stage + "=", StringComparison.OrdinalIgnoreCase)))
            : null;
        var unset = own.Where(d => d.IsNamed("Header") && UnsetHeader(d) is not null).ToList();
        var limitExcept = own.FirstOrDefault(d => d.IsSection && d.IsNamed("LimitExcept"));
        bool rewriteOn = RewriteOn(own);
        var keepAlive = isServer ? Last("KeepAlive") : null;
        var keepaliveTimeout = Plain(parent.KeepaliveTimeout, "KeepAliveTimeout", ParseSeconds, isServer);
        if (keepAlive is not null && HasEnvironmentVariable(keepAlive))
        {
            keepaliveTimeout = EffectiveValue.FromUnknown(keepaliveTimeout.Value, keepAlive.Syntax, scope);
        }
        else if (keepAlive is not null && keepAlive.Arguments[0].Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            // "KeepAlive Off" disables persistent connections whatever KeepAliveTimeout says; the model's zero means that.
            keepaliveTimeout = Directive(TimeSpan.Zero, keepAlive, scope);
        }

        // mod_expires merges ExpiresActive and its rules separately, so "ExpiresActive On" in the virtual host and
        // "ExpiresByType" in a section combine (mod_expires.c merge_expires_dir_configs).
        var expiresActive = Plain(parent.ExpiresActive, "ExpiresActive", n => (bool?)n.Arguments[0].Equals("on", StringComparison.OrdinalIgnoreCase));
        var expiresRuleNode = own.LastOrDefault(d => (d.IsNamed("ExpiresDefault") || d.IsNamed("ExpiresByType")) && !d.IsSection && d.Arguments.Length > 0);
        var expiresRule = expiresRuleNode is null ? Rescope(parent.ExpiresRule, scope) : Directive<string?>(string.Join(' ', expiresRuleNode.Arguments), expiresRuleNode, scope);

        // LimitRequestLine, LimitRequestFields, LimitRequestFieldSize and TraceEnable have the context "server config,
        // virtual host": a section cannot set them.
        static long? Bytes(ApacheConfigurationNode n) => long.TryParse(n.Arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

        return new LevelState
        {
            Scope = scope,
            RequestLineLimit = Plain(parent.RequestLineLimit, "LimitRequestLine", Bytes, isServer),
            RequestFieldCountLimit = Plain(parent.RequestFieldCountLimit, "LimitRequestFields", Bytes, isServer),
            RequestFieldSizeLimit = Plain(parent.RequestFieldSizeLimit, "LimitRequestFieldSize", Bytes, isServer),

            // core "TraceEnable [on|off|extended]": only "off" refuses TRACE (405).
            TraceEnabled = Plain(parent.TraceEnabled, "TraceEnable", n => (bool?)!n.Arguments[0].Equals("off", StringComparison.OrdinalIgnoreCase), isServer),
            Indexes = Options(parent.Indexes, own, scope),
            ServerTokens = Plain(parent.ServerTokens, "ServerTokens", n => (bool?)!IsProductOnly(n.Arguments[0]), isMain),
            ServerSignature = Plain(parent.ServerSignature, "ServerSignature", n => (bool?)!n.Arguments[0].Equals("off", StringComparison.OrdinalIgnoreCase)),
            HiddenHeaders = unset.Count == 0
                ? Rescope(parent.HiddenHeaders, scope)
                : Directive<IReadOnlyList<string>>([.. parent.HiddenHeaders.Value.Concat(unset.Select(d => UnsetHeader(d)!)).Distinct(StringComparer.Ordinal)], unset[0], scope),
            SendTimeout = Plain(parent.SendTimeout, "Timeout", ParseSeconds, isServer),
            KeepaliveTimeout = keepaliveTimeout,
            ClientHeaderTimeout = Parsed(parent.ClientHeaderTimeout, LastNaming("header"), n => RequestReadTimeout(n, "header")),
            ClientBodyTimeout = Parsed(parent.ClientBodyTimeout, LastNaming("body"), n => RequestReadTimeout(n, "body")),
            MaxBodySize = Plain(parent.MaxBodySize, "LimitRequestBody", n => long.TryParse(n.Arguments[0], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : (long?)null),

            // mod_log_config: a virtual host with log directives of its own does not use the main server's logs.
            AccessLog = isServer && logs.Count > 0
                ? LogTargetPlaceholders.Mark(Directive<IReadOnlyList<WebLogTarget>>([.. logs.Select(d => new WebLogTarget(d.Arguments[0], IsRemoteLog(d.Arguments[0]), d.Syntax))], logs[0], scope), scope, LogTargetPlaceholders.Apache)
                : Rescope(parent.AccessLog, scope),
            ErrorLog = errorLog is not null
                ? LogTargetPlaceholders.Mark(Directive<IReadOnlyList<WebLogTarget>>([new WebLogTarget(errorLog.Arguments[0], IsRemoteLog(errorLog.Arguments[0]), errorLog.Syntax)], errorLog, scope), scope, LogTargetPlaceholders.Apache)
                : Rescope(parent.ErrorLog, scope),

            // mod_authz_core "AuthMerging": "Default: AuthMerging Off" — a section with authorization directives of
            // its own replaces the inherited ones.
            AccessRules = authorization.Count == 0 ? parent.AccessRules : AccessRuleList(authorization),

            // Server-level limits of the main server apply to every virtual host too; sections inherit them.
            Limits = isServer ? [.. parent.Limits, .. own.Select(Limit).OfType<WebLimit>()] : parent.Limits,
            RequiresUser = authorization.Count == 0 ? parent.RequiresUser : authorization.FirstOrDefault(IsUserRequirement),
            AuthType = Text(parent.AuthType, "AuthType", n => n.Arguments[0].Equals("None", StringComparison.OrdinalIgnoreCase) ? null : n.Arguments[0]),
            ExpiresActive = expiresActive,
            ExpiresRule = expiresRule,
            Expires = Expires(expiresActive, expiresRule, scope),
            ResponseCache = Text<string?>(parent.ResponseCache, "CacheEnable", n => n.Arguments[0]),
            DocumentRoot = Text(parent.DocumentRoot, "DocumentRoot", n => n.Arguments[0], isServer),
            // At the server level only "ProxyPass / URL" hands every request to an application; other paths are partial.
            Upstream = section is null
                ? own.FirstOrDefault(d => d.IsNamed("ProxyPass") && d.Arguments.Length >= 2 && d.Arguments[0] == "/" && d.Arguments[1] != "!")?.Syntax
                : own.FirstOrDefault(IsUpstream)?.Syntax,
            FixedResponse = FixedResponse(own, rewriteOn, inSection: section is not null),

            // mod_status / mod_info: "SetHandler server-status" (or server-info) makes the section the report page.
            IsStatusPage = own.Any(d => d.IsNamed("SetHandler") && d.Arguments.Length > 0 && d.Arguments[0].ToLowerInvariant() is "server-status" or "server-info"),
            UnrestrictedMethods = limitExcept is null ? null : [.. limitExcept.Arguments.Select(a => a.ToUpperInvariant()).SelectMany(m => m == "GET" ? GetAndHead : [m]).Distinct(StringComparer.Ordinal)],
        };
    }

    /// <summary>
    /// A virtual host's level with the request size limits of <paramref name="defaultHost"/>, the default virtual host
    /// of its address; a limit left at httpd's default is scoped to that host, where the directive would take effect.
    /// </summary>
    public static LevelState WithRequestLimitsOf(LevelState state, LevelState defaultHost) => state with
    {
        RequestLineLimit = Rescope(defaultHost.RequestLineLimit, defaultHost.Scope),
        RequestFieldCountLimit = Rescope(defaultHost.RequestFieldCountLimit, defaultHost.Scope),
        RequestFieldSizeLimit = Rescope(defaultHost.RequestFieldSizeLimit, defaultHost.Scope),
    };

    /// <summary>The format-neutral view of a level.</summary>
    public static WebSettings ToSettings(LevelState state)
    {
        // ServerTokens names the version in the Server header; ServerSignature On adds a footer to error pages (with
        // the version as far as ServerTokens allows). Either one discloses, so the one that does is the origin, and a
        // written ServerSignature On before a ServerTokens that is only the default, since that is where to act first.
        var disclosure = state.ServerSignature is { Value: true, IsDefault: false } && (state.ServerTokens.IsDefault || !state.ServerTokens.Value)
            ? state.ServerSignature
            : state.ServerTokens.Value || !state.ServerSignature.Value ? state.ServerTokens : state.ServerSignature;

        // Authentication applies when an AuthType is set and a Require asks for a user (mod_authz_core: valid-user, user, group).
        var authentication = state.AuthType.Value is not null && state.RequiresUser is not null ? state.AuthType : state.AuthType.Select<string?>(_ => null);
        return new WebSettings(state.Scope)
        {
            DirectoryListing = state.Indexes,
            DisclosesVersion = disclosure,
            HiddenUpstreamHeaders = state.HiddenHeaders,
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
            IsInternal = false,
            UnrestrictedMethods = state.UnrestrictedMethods,
            Expires = state.Expires,
            ResponseCache = state.ResponseCache,
            DocumentRoot = state.DocumentRoot,
            RequestLineLimit = state.RequestLineLimit,
            RequestFieldCountLimit = state.RequestFieldCountLimit,
            RequestFieldSizeLimit = state.RequestFieldSizeLimit,
            TraceEnabled = state.TraceEnabled,
        };
    }

    private static EffectiveValue<T> Directive<T>(T value, ApacheConfigurationNode node, Location scope) =>
        EffectiveValue.FromDirective(value, node.Syntax, scope, ApacheSiteBinder.ConditionOf(node));

    /// <summary>
    /// Whether an argument of <paramref name="node"/> still holds a <c>${NAME}</c> after the configuration's own
    /// <c>Define</c>s were substituted: httpd replaces it with the environment variable of that name when it starts
    /// (<c>ap_resolve_env</c> reads the defines, then <c>getenv</c>), as Debian's <c>envvars</c> and container images
    /// set them, so the scan cannot know the value.
    /// </summary>
    internal static bool HasEnvironmentVariable(ApacheConfigurationNode node)
    {
        foreach (var argument in node.Arguments)
        {
            if (IsEnvironmentVariable(argument))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsEnvironmentVariable(string argument)
    {
        int start = argument.IndexOf("${", StringComparison.Ordinal);
        return start >= 0 && argument.IndexOf('}', start + 2) > start + 2;
    }

    private static EffectiveValue<T> Rescope<T>(EffectiveValue<T> value, Location scope) => value.WithScope(scope);

    /// <summary>
    /// core "Options": a list without signs replaces the inherited options; <c>+</c>/<c>-</c> words add to or remove
    /// from them; <c>All</c> is every option but MultiViews (so it includes Indexes) and <c>None</c> none. The value
    /// is whether Indexes is on, and its origin the directive that last decided that. A word holding an environment
    /// variable may become any options (httpd substitutes the whole line before it splits it into words), so it makes
    /// the value unknown unless a later word decides Indexes.
    /// </summary>
    private static EffectiveValue<bool> Options(EffectiveValue<bool> inherited, IReadOnlyList<ApacheConfigurationNode> own, Location scope)
    {
        var result = Rescope(inherited, scope);
        foreach (var node in own.Where(d => d.IsNamed("Options") && !d.IsSection && d.Arguments.Length > 0))
        {
            bool? indexes = node.Arguments.Any(a => a.Length > 0 && a[0] is not ('+' or '-') && !IsEnvironmentVariable(a)) ? false : null;
            bool unknown = false;
            foreach (var word in node.Arguments)
            {
                if (IsEnvironmentVariable(word))
                {
                    unknown = true;
                    continue;
                }

                char sign = word.Length > 0 && word[0] is '+' or '-' ? word[0] : '=';
                var name = sign == '=' ? word : word[1..];
                if (name.Equals("Indexes", StringComparison.OrdinalIgnoreCase) || name.Equals("All", StringComparison.OrdinalIgnoreCase))
                {
                    indexes = sign != '-';
                    unknown = false;
                }
                else if (name.Equals("None", StringComparison.OrdinalIgnoreCase))
                {
                    indexes = false;
                    unknown = false;
                }
            }

            if (unknown)
            {
                result = EffectiveValue.FromUnknown(false, node.Syntax, scope);
            }
            else if (indexes is { } value)
            {
                result = Directive(value, node, scope);
            }
        }

        return result;
    }

    // core "ServerTokens Prod[uctOnly]": "Server: Apache" without a version; every other form names one.
    private static bool IsProductOnly(string value) =>
        value.Equals("Prod", StringComparison.OrdinalIgnoreCase) || value.Equals("ProductOnly", StringComparison.OrdinalIgnoreCase);

    private static TimeSpan? ParseSeconds(ApacheConfigurationNode node)
    {
        // core "KeepAliveTimeout": seconds, or milliseconds with an "ms" suffix; "Timeout": seconds.
        var text = node.Arguments[0];
        if (text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) && long.TryParse(text.AsSpan(0, text.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds))
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= int.MaxValue ? TimeSpan.FromSeconds(seconds) : null;
    }

    /// <summary>
    /// mod_reqtimeout <c>RequestReadTimeout [handshake=…] [header=timeout[-maxtimeout][,MinRate=rate]] [body=…]</c>:
    /// the longest the stage may take, the ceiling when a range is given; 0 turns the stage's limit off, modelled as zero.
    /// </summary>
    private static TimeSpan? RequestReadTimeout(ApacheConfigurationNode node, string stage)
    {
        foreach (var argument in node.Arguments)
        {
            if (!argument.StartsWith(stage + "=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var value = argument.AsSpan(stage.Length + 1);
            int comma = value.IndexOf(',');
            if (comma >= 0)
            {
                value = value[..comma];
            }

            int dash = value.IndexOf('-');
            var ceiling = dash >= 0 ? value[(dash + 1)..] : value;
            return int.TryParse(ceiling, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }

        return null;
    }

    /// <summary>
    /// Whether log records leave the host: <c>syslog[:facility]</c> (ErrorLog), or a piped logger that forwards to
    /// syslog (<c>|/usr/bin/logger …</c>); a pipe to rotatelogs or cronolog writes local files.
    /// </summary>
    private static bool IsRemoteLog(string target) =>
        target.StartsWith("syslog", StringComparison.OrdinalIgnoreCase)
        || (target.StartsWith('|') && target.Contains("logger", StringComparison.OrdinalIgnoreCase));

    private static string? UnsetHeader(ApacheConfigurationNode node)
    {
        // mod_headers "Header [always|onsuccess] unset header".
        var arguments = node.Arguments;
        int index = arguments.Length > 0 && (arguments[0].Equals("always", StringComparison.OrdinalIgnoreCase) || arguments[0].Equals("onsuccess", StringComparison.OrdinalIgnoreCase)) ? 1 : 0;
        return arguments.Length == index + 2 && arguments[index].Equals("unset", StringComparison.OrdinalIgnoreCase) ? arguments[index + 1].ToLowerInvariant() : null;
    }

    /// <summary>
    /// mod_authz_core / mod_authz_host: <c>Require all granted|denied</c>, <c>Require [not] ip a b …</c>,
    /// <c>Require [not] host …</c>, <c>Require [not] local</c> (the loopback addresses). A section's
    /// Require lines form an implicit <c>&lt;RequireAny&gt;</c>: access is granted when one grants it, so address rules
    /// without <c>all granted</c> end in an implicit deny of everyone else, recorded at the first Require line.
    /// </summary>
    private static List<WebAccessRule> AccessRuleList(List<ApacheConfigurationNode> authorization)
    {
        var rules = new List<WebAccessRule>();
        bool grantsAll = false;
        foreach (var node in authorization)
        {
            var arguments = node.Arguments;
            bool negated = arguments[0].Equals("not", StringComparison.OrdinalIgnoreCase);
            int index = negated ? 1 : 0;
            if (arguments.Length == index + 1 && arguments[index].Equals("local", StringComparison.OrdinalIgnoreCase))
            {
                // mod_authz_host's local provider: a client at 127.0.0.0/8 or ::1, or one connecting from the server's
                // own address (https://httpd.apache.org/docs/2.4/mod/mod_authz_host.html, "Require local").
                rules.Add(new WebAccessRule(!negated, "127.0.0.0/8", node.Syntax));
                rules.Add(new WebAccessRule(!negated, "::1", node.Syntax));
                continue;
            }

            if (arguments.Length < index + 2)
            {
                continue;
            }

            var kind = arguments[index].ToLowerInvariant();
            if (kind == "all")
            {
                bool granted = arguments[index + 1].Equals("granted", StringComparison.OrdinalIgnoreCase) != negated;
                grantsAll |= granted;
                rules.Add(new WebAccessRule(granted, "all", node.Syntax));
            }
            else if (kind is "ip" or "host")
            {
                rules.AddRange(arguments.Skip(index + 1).Select(a => new WebAccessRule(!negated, a, node.Syntax)));
            }

        }

        if (!grantsAll && rules.Count > 0 && rules[^1] is not { Allows: false, IsAll: true })
        {
            rules.Add(new WebAccessRule(false, "all", authorization[0].Syntax));
        }

        return rules;
    }

    /// <summary>A mod_qos or mod_evasive limit; the zone is the module's name, as neither defines named zones, and the rate the directive's arguments.</summary>
    private static WebLimit? Limit(ApacheConfigurationNode node)
    {
        foreach (var (directive, kind) in LimitDirectives)
        {
            if (node.IsNamed(directive) && !node.IsSection)
            {
                var module = directive.StartsWith("DOS", StringComparison.Ordinal) ? "mod_evasive" : "mod_qos";
                return new WebLimit(kind, module, node.Syntax, null, string.Join(' ', node.Arguments));
            }
        }

        return null;
    }

    private static bool IsUserRequirement(ApacheConfigurationNode node) =>
        node.Arguments[0].ToLowerInvariant() is "valid-user" or "user" or "group" or "ldap-user" or "ldap-group" or "ldap-attribute" or "ldap-filter" or "ldap-dn";

    private static bool IsUpstream(ApacheConfigurationNode node) =>
        (node.IsNamed("ProxyPass") && node.Arguments.Length > 0 && node.Arguments[0] != "!")
        || (node.IsNamed("SetHandler") && node.Arguments.Length > 0 && node.Arguments[0].StartsWith("proxy:", StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// mod_expires sets Expires and Cache-Control max-age only with "ExpiresActive On" ("Default: ExpiresActive Off")
    /// and an <c>ExpiresDefault</c> or <c>ExpiresByType</c> rule; the value is the rule, its origin the rule's directive
    /// (or the "ExpiresActive Off" that stops it).
    /// </summary>
    private static EffectiveValue<string?> Expires(EffectiveValue<bool> active, EffectiveValue<string?> rule, Location scope)
    {
        if (active.Value && rule.Value is not null)
        {
            var condition = rule.Condition ?? active.Condition;
            return rule.Directive is { } directive ? EffectiveValue.FromDirective<string?>(rule.Value, directive, scope, condition) : rule;
        }

        return active.Directive is { } off && !active.Value
            ? EffectiveValue.FromDirective<string?>(null, off, scope, active.Condition)
            : active.IsDefault ? EffectiveValue.FromDefault<string?>(null, active.DefaultDescription!, scope) : rule.Select<string?>(_ => null);
    }

    /// <summary>
    /// The redirect the level answers with: mod_alias <c>Redirect [status] URL-path URL</c> (in a section
    /// <c>Redirect [status] URL</c>) and <c>RedirectMatch [status] regex URL</c>, then mod_rewrite's
    /// <c>RewriteRule pattern substitution [R=code]</c>, which runs earlier in request processing than mod_alias but
    /// only with <c>RewriteEngine On</c> at the same level. A redirect limited to some paths, or a rule preceded by
    /// <c>RewriteCond</c>, is conditional.
    /// </summary>
    private static WebFixedResponse? FixedResponse(IReadOnlyList<ApacheConfigurationNode> own, bool rewriteOn, bool inSection)
    {
        WebFixedResponse? conditional = null;
        if (rewriteOn)
        {
            bool conditions = false;
            foreach (var node in own)
            {
                if (node.IsNamed("RewriteCond"))
                {
                    conditions = true;
                    continue;
                }

                if (node.IsNamed("RewriteRule") && node.Arguments.Length >= 2)
                {
                    var response = RewriteRedirect(node, conditions);
                    conditions = false;
                    if (response is { IsConditional: false })
                    {
                        return response;
                    }

                    conditional ??= response;
                }
            }
        }

        foreach (var node in own)
        {
            var response = node.IsNamed("Redirect") || node.IsNamed("RedirectPermanent") || node.IsNamed("RedirectTemp")
                ? AliasRedirect(node, inSection)
                : node.IsNamed("RedirectMatch") ? RedirectMatch(node) : null;
            if (response is { IsConditional: false })
            {
                return response;
            }

            conditional ??= response;
        }

        return conditional;
    }

    // mod_rewrite runs a level's rules only when the level's last "RewriteEngine" says "on".
    private static bool RewriteOn(IReadOnlyList<ApacheConfigurationNode> directives) =>
        directives.LastOrDefault(d => d.IsNamed("RewriteEngine") && !d.IsSection && d.Arguments.Length > 0) is { } engine
        && engine.Arguments[0].Equals("on", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A virtual host's redirect that every request reaching it by name gets, although <c>RewriteCond</c> lines guard it:
    /// the form certbot's Apache plugin writes, <c>RewriteCond %{SERVER_NAME} =name [OR]</c> for each of the host's names,
    /// then a <c>RewriteRule</c> redirect of every path. A request httpd gives the host because the Host header names it has
    /// that name as <c>SERVER_NAME</c> (lower-cased, as httpd stores request host names), so one of the conditions holds.
    /// Null unless the level's first <c>RewriteRule</c> is such a redirect, every condition before it compares
    /// <c>SERVER_NAME</c> with <c>=</c>, all but the last are joined with <c>[OR]</c>, and they name every name of the host
    /// (a wildcard <c>ServerAlias</c> cannot be named so). The caller decides whether the host also gets requests for other names.
    /// </summary>
    internal static WebFixedResponse? RedirectForEveryName(IReadOnlyList<ApacheConfigurationNode> own, IReadOnlyCollection<string> names)
    {
        if (names.Count == 0 || !RewriteOn(own))
        {
            return null;
        }

        var tested = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        bool joined = true;
        bool previousOr = true;
        foreach (var node in own)
        {
            if (node.IsNamed("RewriteCond"))
            {
                var arguments = node.Arguments;
                if (arguments.Length < 2 || !arguments[0].Equals("%{SERVER_NAME}", StringComparison.OrdinalIgnoreCase) || arguments[1].Length < 2 || arguments[1][0] != '=')
                {
                    return null;
                }

                joined &= previousOr;
                previousOr = arguments.Length >= 3 && arguments[2].Trim('[', ']').Split(',').Any(flag => flag.Trim().ToUpperInvariant() is "OR" or "ORNEXT");
                tested.Add(arguments[1][1..]);
                continue;
            }

            if (node.IsNamed("RewriteRule") && node.Arguments.Length >= 2)
            {
                return joined && !previousOr && tested.Count > 0 && names.All(tested.Contains) && RewriteRedirect(node, conditions: false) is { IsConditional: false } redirect
                    ? redirect
                    : null;
            }
        }

        return null;
    }

    /// <summary>
    /// The server-level redirect or refusal whose pattern matches <paramref name="uri"/>: mod_rewrite's rules first
    /// (its URL-to-file hook runs before mod_alias's), each without a preceding <c>RewriteCond</c> and with
    /// <c>RewriteEngine On</c>; a virtual host does not inherit the main server's rules ("RewriteOptions Inherit" is
    /// not the default), so <paramref name="inherited"/> directives give only mod_alias redirects, which mod_alias does
    /// merge into virtual hosts. Then <c>RedirectMatch</c> (regular expression) and <c>Redirect</c> (whole path segments).
    /// </summary>
    internal static WebFixedResponse? ServerResponseFor(IReadOnlyList<ApacheConfigurationNode> directives, string uri, bool inherited)
    {
        bool rewriteOn = !inherited && RewriteOn(directives);
        if (rewriteOn)
        {
            bool conditions = false;
            foreach (var node in directives)
            {
                if (node.IsNamed("RewriteCond"))
                {
                    conditions = true;
                    continue;
                }

                if (!node.IsNamed("RewriteRule") || node.Arguments.Length < 2)
                {
                    continue;
                }

                bool conditional = conditions;
                conditions = false;
                if (conditional || node.Arguments[0].StartsWith('!') || !PatternMatches(node.Arguments[0], uri))
                {
                    continue;
                }

                if (RewriteRedirect(node, false) is { } response)
                {
                    return response with { IsConditional = false };
                }

                // A rule that only rewrites the path and ends the round decides what the later rules would have seen.
                if (node.Arguments.Length >= 3 && node.Arguments[2].Trim('[', ']').Split(',').Any(f => f.Trim().ToUpperInvariant() is "L" or "LAST" or "END"))
                {
                    break;
                }
            }
        }

        foreach (var node in directives)
        {
            if (node.IsNamed("RedirectMatch") && RedirectMatch(node) is { } match)
            {
                // The pattern follows the status when one is written ("RedirectMatch 404 regex", "RedirectMatch 301 regex URL").
                int index = (node.Arguments.Length > 2 || match.Target is null) && RedirectStatus(node.Arguments[0]) is not null ? 1 : 0;
                if (PatternMatches(node.Arguments[index], uri))
                {
                    return match with { IsConditional = false };
                }
            }
            else if ((node.IsNamed("Redirect") || node.IsNamed("RedirectPermanent") || node.IsNamed("RedirectTemp")) && AliasRedirect(node, inSection: false) is { } redirect)
            {
                int index = node.IsNamed("Redirect") && node.Arguments.Length > 2 && RedirectStatus(node.Arguments[0]) is not null ? 1 : 0;
                var path = node.Arguments[index];
                if (uri.StartsWith(path, StringComparison.Ordinal) && (uri.Length == path.Length || path.EndsWith('/') || uri[path.Length] == '/'))
                {
                    return redirect with { IsConditional = false };
                }
            }
        }

        return null;
    }

    private static bool PatternMatches(string pattern, string input)
    {
        try
        {
            return System.Text.RegularExpressions.Regex.IsMatch(input, pattern, System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (System.Text.RegularExpressions.RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static int? RedirectStatus(string word) => word.ToLowerInvariant() switch
    {
        // mod_alias "Redirect": permanent 301, temp 302, seeother 303, gone 410, or a number.
        "permanent" => 301,
        "temp" => 302,
        "seeother" => 303,
        "gone" => 410,
        _ => int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 300 and < 600 ? code : null,
    };

    private static WebFixedResponse? AliasRedirect(ApacheConfigurationNode node, bool inSection)
    {
        var arguments = node.Arguments;
        int status = node.IsNamed("RedirectPermanent") ? 301 : 302;
        int index = 0;
        if (node.IsNamed("Redirect") && arguments.Length > 1 && RedirectStatus(arguments[0]) is { } code)
        {
            status = code;
            index = 1;
        }

        var rest = arguments.Length - index;
        if (rest >= 2)
        {
            // Redirect URL-path URL: only requests under URL-path, so every request only when it is "/".
            return new WebFixedResponse(status, arguments[index + 1], arguments[index] != "/", node.Syntax);
        }

        if (rest == 1 && (inSection || status == 410))
        {
            // Inside <Location> the path is the section's, so the redirect covers the whole section.
            return new WebFixedResponse(status, status == 410 ? null : arguments[index], false, node.Syntax);
        }

        return null;
    }

    private static WebFixedResponse? RedirectMatch(ApacheConfigurationNode node)
    {
        var arguments = node.Arguments;

        // mod_alias: a status outside 300-399 takes no URL ("RedirectMatch 404 regex" refuses what the pattern matches).
        if (arguments.Length == 2 && RedirectStatus(arguments[0]) is { } refusal and not (>= 300 and < 400))
        {
            return new WebFixedResponse(refusal, null, !MatchAllPatterns.Contains(arguments[1]), node.Syntax);
        }

        int index = arguments.Length > 2 && RedirectStatus(arguments[0]) is not null ? 1 : 0;
        int status = index == 1 ? RedirectStatus(arguments[0])!.Value : 302;
        return arguments.Length - index >= 2
            ? new WebFixedResponse(status, arguments[index + 1], !MatchAllPatterns.Contains(arguments[index]), node.Syntax)
            : null;
    }

    private static WebFixedResponse? RewriteRedirect(ApacheConfigurationNode node, bool conditions)
    {
        // mod_rewrite flags: "[R]" or "[R=code]" / "[redirect=code]" (code a number, permanent, temp or seeother),
        // default 302; F is 403 and G 410. An absolute substitution to another host redirects too (302).
        var substitution = node.Arguments[1];
        int? status = null;
        if (node.Arguments.Length >= 3)
        {
            foreach (var flag in node.Arguments[2].Trim('[', ']').Split(','))
            {
                var (name, value) = flag.IndexOf('=', StringComparison.Ordinal) is var equals and >= 0 ? (flag[..equals], flag[(equals + 1)..]) : (flag, null);
                switch (name.Trim().ToUpperInvariant())
                {
                    case "R" or "REDIRECT":
                        status = value is null ? 302 : RedirectStatus(value) ?? 302;
                        break;
                    case "F" or "FORBIDDEN":
                        status = 403;
                        break;
                    case "G" or "GONE":
                        status = 410;
                        break;
                }
            }
        }

        if (status is null && (substitution.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || substitution.StartsWith("https://", StringComparison.OrdinalIgnoreCase)))
        {
            status = 302;
        }

        return status is { } code
            ? new WebFixedResponse(code, substitution == "-" ? null : substitution, conditions || !MatchAllPatterns.Contains(node.Arguments[0]), node.Syntax)
            : null;
    }

    /// <summary>The raw per-directive values of one level, from which <see cref="WebSettings"/> is derived.</summary>
    internal sealed record LevelState
    {
        public required Location Scope { get; init; }

        public required EffectiveValue<bool> Indexes { get; init; }

        public required EffectiveValue<bool> ServerTokens { get; init; }

        public required EffectiveValue<bool> ServerSignature { get; init; }

        public required EffectiveValue<IReadOnlyList<string>> HiddenHeaders { get; init; }

        public required EffectiveValue<TimeSpan> SendTimeout { get; init; }

        public required EffectiveValue<TimeSpan> KeepaliveTimeout { get; init; }

        public required EffectiveValue<TimeSpan> ClientHeaderTimeout { get; init; }

        public required EffectiveValue<TimeSpan> ClientBodyTimeout { get; init; }

        public required EffectiveValue<long> MaxBodySize { get; init; }

        public required EffectiveValue<IReadOnlyList<WebLogTarget>> AccessLog { get; init; }

        public required EffectiveValue<IReadOnlyList<WebLogTarget>> ErrorLog { get; init; }

        public required List<WebAccessRule> AccessRules { get; init; }

        public required List<WebLimit> Limits { get; init; }

        public required EffectiveValue<string?> AuthType { get; init; }

        public ApacheConfigurationNode? RequiresUser { get; init; }

        public required EffectiveValue<string?> Expires { get; init; }

        public required EffectiveValue<bool> ExpiresActive { get; init; }

        public required EffectiveValue<string?> ExpiresRule { get; init; }

        public required EffectiveValue<long> RequestLineLimit { get; init; }

        public required EffectiveValue<long> RequestFieldCountLimit { get; init; }

        public required EffectiveValue<long> RequestFieldSizeLimit { get; init; }

        public required EffectiveValue<bool> TraceEnabled { get; init; }

        public required EffectiveValue<string?> ResponseCache { get; init; }

        public required EffectiveValue<string> DocumentRoot { get; init; }

        public Syntax.SyntaxNode? Upstream { get; init; }

        public WebFixedResponse? FixedResponse { get; init; }

        public bool IsStatusPage { get; init; }

        public IReadOnlyList<string>? UnrestrictedMethods { get; init; }
    }
}
