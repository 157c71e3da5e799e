using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>
/// A fixed response a block gives instead of content: nginx <c>return code [URL|text]</c> or a <c>rewrite</c> with the
/// <c>permanent</c> (301) or <c>redirect</c> (302) flag; Apache <c>Redirect</c>, <c>RedirectMatch</c> or a
/// <c>RewriteRule</c> with <c>[R]</c>.
/// </summary>
/// <param name="StatusCode">The status code (444 is nginx's "close the connection without a response").</param>
/// <param name="Target">The redirect target or response text as written, or null.</param>
/// <param name="IsConditional">Whether it only applies to some requests (inside an nginx <c>if</c>, an Apache <c>RewriteCond</c>).</param>
/// <param name="Directive">The directive.</param>
public sealed record WebFixedResponse(int StatusCode, string? Target, bool IsConditional, SyntaxNode Directive)
{
    /// <summary>The directive's location.</summary>
    public Location Location => Directive.GetLocation();

    /// <summary>Whether it is a redirect (301, 302, 303, 307, 308).</summary>
    public bool IsRedirect => StatusCode is 301 or 302 or 303 or 307 or 308;

    /// <summary>Whether it is a redirect to an <c>https://</c> URL.</summary>
    public bool RedirectsToHttps => IsRedirect && Target is not null && Target.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether it refuses the request (nginx 444, or any 4xx status): nothing is served.</summary>
    public bool Refuses => StatusCode is >= 400 and < 500;
}

/// <summary>What a rate or connection limit counts.</summary>
public enum WebLimitKind
{
    /// <summary>Requests per time unit (nginx <c>limit_req</c>; Apache mod_qos / mod_evasive request limits).</summary>
    Requests,

    /// <summary>Concurrent connections (nginx <c>limit_conn</c>; Apache mod_qos connection limits).</summary>
    Connections,
}

/// <summary>One rate or connection limit in effect (nginx <c>limit_req zone=…</c> / <c>limit_conn zone n</c>).</summary>
/// <param name="Kind">Requests or connections.</param>
/// <param name="Zone">The shared-memory zone it counts in.</param>
/// <param name="Directive">The directive that applies it.</param>
/// <param name="ZoneDefinition">The <c>limit_req_zone</c> / <c>limit_conn_zone</c> that defines the zone, or null when the configuration does not define it.</param>
/// <param name="Rate">For request limits, the zone's rate as written (<c>10r/s</c>); null otherwise.</param>
public sealed record WebLimit(WebLimitKind Kind, string Zone, SyntaxNode Directive, SyntaxNode? ZoneDefinition, string? Rate)
{
    /// <summary>The directive's location.</summary>
    public Location Location => Directive.GetLocation();
}

/// <summary>One client address rule (nginx <c>allow</c>/<c>deny</c>; Apache <c>Require ip</c>/<c>Require not ip</c>).</summary>
/// <param name="Allows">True for allow, false for deny.</param>
/// <param name="Address">The address, network or <c>all</c>.</param>
/// <param name="Directive">The directive.</param>
public sealed record WebAccessRule(bool Allows, string Address, SyntaxNode Directive)
{
    /// <summary>Whether the rule covers every client (<c>all</c>).</summary>
    public bool IsAll => Address.Equals("all", StringComparison.OrdinalIgnoreCase);
}

/// <summary>One log destination (nginx <c>access_log</c>/<c>error_log</c>; Apache <c>CustomLog</c>/<c>ErrorLog</c>).</summary>
/// <param name="Target">The path, <c>syslog:server=…</c>, <c>stderr</c> or, for an Apache piped log, the command.</param>
/// <param name="IsRemote">Whether records leave the host (nginx <c>syslog:</c>; an Apache piped logger or <c>syslog</c>).</param>
/// <param name="Directive">The directive; null for the server's compiled-in default.</param>
public sealed record WebLogTarget(string Target, bool IsRemote, SyntaxNode? Directive);

/// <summary>Log targets whose destination is a placeholder: the list's value is then unknown (see <see cref="EffectiveValue{T}.IsUnknown"/>).</summary>
internal static class LogTargetPlaceholders
{
    /// <summary>
    /// <paramref name="value"/>, or the same targets marked unknown when one of them begins with a placeholder that a
    /// folder does not follow: <c>${ERROR_LOG}</c> or <c>${LOG}.log</c> may be filled in as <c>syslog:…</c> (or, for
    /// Apache, a pipe), while <c>${APACHE_LOG_DIR}/error.log</c> is a file whatever the folder. Called where a level's
    /// own directives make the list, so an inherited list, checked where it was made, is not checked again.
    /// </summary>
    /// <param name="value">The targets a level's own directives give.</param>
    /// <param name="scope">The level.</param>
    /// <param name="isPlaceholder">Which names count: see <see cref="NginxErrorLog"/>, <see cref="NginxAccessLog"/>, <see cref="Apache"/>.</param>
    public static EffectiveValue<IReadOnlyList<WebLogTarget>> Mark(EffectiveValue<IReadOnlyList<WebLogTarget>> value, Location scope, Func<string, bool> isPlaceholder)
    {
        foreach (var target in value.Value)
        {
            if (target.Directive is { } directive && isPlaceholder(target.Target))
            {
                return EffectiveValue.FromUnknown(value.Value, directive, scope);
            }
        }

        return value;
    }

    /// <summary>nginx <c>error_log</c> expands no variable, so any <c>$NAME</c> or <c>${NAME}</c> at the start is a placeholder.</summary>
    public static bool NginxErrorLog(string target) => BeginsWithPlaceholder(target, bare: true, upperCaseOnly: false);

    /// <summary>
    /// nginx <c>access_log</c> expands its own variables in a file path (<c>$host.log</c>), but never into <c>syslog:</c>,
    /// so only an envsubst-style name in capitals counts.
    /// </summary>
    public static bool NginxAccessLog(string target) => BeginsWithPlaceholder(target, bare: true, upperCaseOnly: true);

    /// <summary>httpd substitutes <c>${NAME}</c> only (a bare <c>$</c> is literal); what is left after the <c>Define</c>s comes from its environment.</summary>
    public static bool Apache(string target) => BeginsWithPlaceholder(target, bare: false, upperCaseOnly: false);

    private static bool BeginsWithPlaceholder(string target, bool bare, bool upperCaseOnly)
    {
        if (target.Length < 2 || target[0] != '$')
        {
            return false;
        }

        int nameStart = target[1] == '{' ? 2 : 1;
        if (nameStart == 1 && !bare)
        {
            return false;
        }

        int end = nameStart;
        while (end < target.Length && (char.IsAsciiLetterOrDigit(target[end]) || target[end] == '_'))
        {
            if (upperCaseOnly && char.IsAsciiLetterLower(target[end]))
            {
                return false;
            }

            end++;
        }

        if (end == nameStart || (nameStart == 2 && (end >= target.Length || target[end] != '}')))
        {
            return false;
        }

        end += nameStart == 2 ? 1 : 0;
        return end >= target.Length || target[end] != '/';
    }
}

/// <summary>
/// The effective web-server settings at one level of a site — the server (virtual host) level, or one location —
/// after the server's own inheritance and defaults. Each value says where it comes from (<see cref="EffectiveValue{T}"/>):
/// a directive at this or an enclosing level, or the documented default of the assumed version. The properties are
/// format-neutral: each says which nginx directive fills it and which Apache directive is meant to.
/// </summary>
public sealed class WebSettings
{
    // The values as the binder gave them. The nginx binder gives a level the very value object of the level it inherits
    // from (or of the http level, for a default) instead of a copy with this level's scope: every level of every site
    // kept some 15 such copies to the end of the scan. The properties hand out the value with this level's scope.
    private readonly EffectiveValue<bool> _directoryListing = null!;
    private readonly EffectiveValue<bool> _disclosesVersion = null!;
    private readonly EffectiveValue<IReadOnlyList<string>> _hiddenUpstreamHeaders = null!;
    private readonly EffectiveValue<TimeSpan> _clientHeaderTimeout = null!;
    private readonly EffectiveValue<TimeSpan> _clientBodyTimeout = null!;
    private readonly EffectiveValue<TimeSpan> _keepaliveTimeout = null!;
    private readonly EffectiveValue<TimeSpan> _sendTimeout = null!;
    private readonly EffectiveValue<long> _maxRequestBodySize = null!;
    private readonly EffectiveValue<IReadOnlyList<WebLogTarget>> _accessLog = null!;
    private readonly EffectiveValue<IReadOnlyList<WebLogTarget>> _errorLog = null!;
    private readonly EffectiveValue<string?> _authentication = null!;
    private readonly EffectiveValue<string?> _expires = null!;
    private readonly EffectiveValue<string?> _responseCache = null!;
    private readonly EffectiveValue<string> _documentRoot = null!;

    /// <summary>Creates settings; binders fill them.</summary>
    public WebSettings(Location scope) => Scope = scope;

    /// <summary>
    /// Whether the values were given with the scope of the level they come from rather than this one's (the nginx
    /// binder), so that the properties give them this level's <see cref="Scope"/>. False for values that already carry
    /// the scope they are to report (the Apache binder's request limits keep the default host's).
    /// </summary>
    internal bool SharesInheritedValues { get; init; }

    /// <summary>The block these settings apply to (the <c>server</c> / <c>location</c> keyword): where a missing directive is reported.</summary>
    public Location Scope { get; }

    /// <summary>Directory listings (nginx <c>autoindex</c>, default off; Apache <c>Options Indexes</c> with mod_autoindex).</summary>
    public required EffectiveValue<bool> DirectoryListing { get => Scoped(_directoryListing); init => _directoryListing = value; }

    /// <summary>
    /// Whether the server names its version in the <c>Server</c> header and on error pages (nginx <c>server_tokens</c>
    /// other than <c>off</c>, default on; Apache <c>ServerTokens</c> other than Prod/ProductOnly, or <c>ServerSignature On</c>).
    /// </summary>
    public required EffectiveValue<bool> DisclosesVersion { get => Scoped(_disclosesVersion); init => _disclosesVersion = value; }

    /// <summary>
    /// Upstream response headers the server strips (nginx <c>proxy_hide_header</c>, <c>fastcgi_hide_header</c>,
    /// <c>uwsgi_hide_header</c>, <c>scgi_hide_header</c>; Apache <c>Header unset</c>), lower-case. Empty by default.
    /// </summary>
    public required EffectiveValue<IReadOnlyList<string>> HiddenUpstreamHeaders { get => Scoped(_hiddenUpstreamHeaders); init => _hiddenUpstreamHeaders = value; }

    /// <summary>The directive that hands requests to an application here (nginx <c>proxy_pass</c>, <c>fastcgi_pass</c> …; Apache <c>ProxyPass</c>), or null for static content.</summary>
    public SyntaxNode? Upstream { get; init; }

    /// <summary>
    /// Rate and connection limits in effect (nginx <c>limit_req</c> and <c>limit_conn</c>, each inherited only by a
    /// level that has none of its own; Apache mod_qos and mod_evasive limits of the main server and the virtual host).
    /// </summary>
    public required IReadOnlyList<WebLimit> Limits { get; init; }

    /// <summary>How long the server waits for the request header (nginx <c>client_header_timeout</c>, default 60 s; Apache <c>RequestReadTimeout header=</c>).</summary>
    public required EffectiveValue<TimeSpan> ClientHeaderTimeout { get => Scoped(_clientHeaderTimeout); init => _clientHeaderTimeout = value; }

    /// <summary>How long the server waits between reads of the request body (nginx <c>client_body_timeout</c>, default 60 s; Apache <c>RequestReadTimeout body=</c>).</summary>
    public required EffectiveValue<TimeSpan> ClientBodyTimeout { get => Scoped(_clientBodyTimeout); init => _clientBodyTimeout = value; }

    /// <summary>How long an idle keep-alive connection stays open; zero disables keep-alive (nginx <c>keepalive_timeout</c>, default 75 s; Apache <c>KeepAliveTimeout</c>).</summary>
    public required EffectiveValue<TimeSpan> KeepaliveTimeout { get => Scoped(_keepaliveTimeout); init => _keepaliveTimeout = value; }

    /// <summary>How long the server waits between writes to a slow client (nginx <c>send_timeout</c>, default 60 s; Apache <c>Timeout</c>).</summary>
    public required EffectiveValue<TimeSpan> SendTimeout { get => Scoped(_sendTimeout); init => _sendTimeout = value; }

    /// <summary>The largest request body accepted in bytes, 0 for no limit (nginx <c>client_max_body_size</c>, default 1m; Apache <c>LimitRequestBody</c>).</summary>
    public required EffectiveValue<long> MaxRequestBodySize { get => Scoped(_maxRequestBodySize); init => _maxRequestBodySize = value; }

    /// <summary>Access log destinations; an empty list means access logging is off (nginx <c>access_log</c>, default <c>logs/access.log combined</c>; Apache <c>CustomLog</c>).</summary>
    public required EffectiveValue<IReadOnlyList<WebLogTarget>> AccessLog { get => Scoped(_accessLog); init => _accessLog = value; }

    /// <summary>Error log destinations (nginx <c>error_log</c> from main, http, server or location, default <c>logs/error.log error</c>; Apache <c>ErrorLog</c>).</summary>
    public required EffectiveValue<IReadOnlyList<WebLogTarget>> ErrorLog { get => Scoped(_errorLog); init => _errorLog = value; }

    /// <summary>Client address rules in order (nginx <c>allow</c>/<c>deny</c>: a level with any replaces the inherited list; Apache <c>Require ip</c>).</summary>
    public required IReadOnlyList<WebAccessRule> AccessRules { get; init; }

    /// <summary>
    /// The authentication required, or null (nginx <c>auth_basic</c> realm other than <c>off</c>, <c>auth_request</c>
    /// URI, <c>auth_jwt</c>; Apache <c>AuthType</c> with <c>Require valid-user</c>/<c>user</c>/<c>group</c>).
    /// </summary>
    public required EffectiveValue<string?> Authentication { get => Scoped(_authentication); init => _authentication = value; }

    /// <summary>The response the block gives instead of content, or null (nginx <c>return</c> or a redirecting <c>rewrite</c> written at this level).</summary>
    public WebFixedResponse? FixedResponse { get; init; }

    /// <summary>Whether the block is the server's status page (nginx <c>stub_status</c>; Apache <c>SetHandler server-status</c> or <c>server-info</c>).</summary>
    public bool IsStatusPage { get; init; }

    /// <summary>Whether only internal redirects reach the block (nginx <c>internal</c>).</summary>
    public bool IsInternal { get; init; }

    /// <summary>The methods a <c>limit_except</c> in this location leaves unrestricted (GET implies HEAD), or null when none (Apache <c>&lt;LimitExcept&gt;</c>).</summary>
    public IReadOnlyList<string>? UnrestrictedMethods { get; init; }

    /// <summary>The <c>expires</c> setting (nginx <c>expires</c>, default off; Apache mod_expires <c>ExpiresDefault</c>/<c>ExpiresByType</c>), or null when off.</summary>
    public required EffectiveValue<string?> Expires { get => Scoped(_expires); init => _expires = value; }

    /// <summary>The response cache zone (nginx <c>proxy_cache</c>/<c>fastcgi_cache</c>, default off; Apache <c>CacheEnable</c>), or null when off.</summary>
    public required EffectiveValue<string?> ResponseCache { get => Scoped(_responseCache); init => _responseCache = value; }

    /// <summary>The document root (nginx <c>root</c> or, in a location, <c>alias</c>, default <c>html</c> under the prefix; Apache <c>DocumentRoot</c>).</summary>
    public required EffectiveValue<string> DocumentRoot { get => Scoped(_documentRoot); init => _documentRoot = value; }

    /// <summary>The longest request line accepted, in bytes (Apache <c>LimitRequestLine</c>, default 8190); null for a format without the setting (nginx).</summary>
    public EffectiveValue<long>? RequestLineLimit { get; init; }

    /// <summary>The most request header fields accepted (Apache <c>LimitRequestFields</c>, default 100); null for a format without the setting (nginx).</summary>
    public EffectiveValue<long>? RequestFieldCountLimit { get; init; }

    /// <summary>The longest request header field accepted, in bytes (Apache <c>LimitRequestFieldSize</c>, default 8190); null for a format without the setting (nginx).</summary>
    public EffectiveValue<long>? RequestFieldSizeLimit { get; init; }

    /// <summary>Whether the server answers the TRACE method (Apache <c>TraceEnable</c> other than <c>off</c>, default on); null for a format without the setting (nginx never answers TRACE).</summary>
    public EffectiveValue<bool>? TraceEnabled { get; init; }

    /// <summary>Whether client address rules or authentication restrict who reaches the block: the last address rule is <c>deny all</c>, or authentication applies.</summary>
    public bool IsRestricted =>
        (AccessRules.Count > 0 && AccessRules[^1] is { Allows: false, IsAll: true }) || _authentication.Value is not null || DeniesEveryone;

    /// <summary>
    /// Whether only client addresses listed in <see cref="AccessRules"/> get in (or none): the first rule that covers
    /// every client is a deny, as in nginx <c>allow …; deny all;</c> ("the rules are checked in sequence until the first
    /// match is found", https://nginx.org/en/docs/http/ngx_http_access_module.html) and Apache <c>Require ip …</c> (whose implicit refusal of everyone else ends the list).
    /// Unlike <see cref="IsRestricted"/>, authentication does not count: a password prompt still answers every client.
    /// </summary>
    public bool AcceptsOnlyListedClients => AccessRules.FirstOrDefault(r => r.IsAll) is { Allows: false };

    /// <summary>Whether no client gets content: only deny rules including <c>deny all</c>, or a fixed 4xx response.</summary>
    public bool DeniesEveryone =>
        (AccessRules.Count > 0 && AccessRules.All(r => !r.Allows) && AccessRules.Any(r => r.IsAll))
        || FixedResponse is { Refuses: true, IsConditional: false };

    /// <summary>The value with this level's scope (see <see cref="SharesInheritedValues"/>): the same object when it has it already.</summary>
    private EffectiveValue<T> Scoped<T>(EffectiveValue<T> value) =>
        SharesInheritedValues && !ReferenceEquals(value.Scope, Scope) ? value.WithScope(Scope) : value;
}
