using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3012: the timeouts that bound slow clients exceed 10 s (or are 0), or no request body limit is set
/// (nginx <c>keepalive_timeout</c>, <c>send_timeout</c>, <c>client_header_timeout</c>, <c>client_body_timeout</c>,
/// <c>client_max_body_size</c>); for Apache the CIS benchmark's limits on <c>Timeout</c>, <c>KeepAliveTimeout</c>,
/// <c>RequestReadTimeout</c>, <c>LimitRequestBody</c>, <c>LimitRequestLine</c>, <c>LimitRequestFields</c> and
/// <c>LimitRequestFieldSize</c>.
/// </summary>
public sealed class EA3012SlowRequestLimitsLax : AuditRule
{
    /// <summary>The threshold for each timeout.</summary>
    public static readonly TimeSpan MaximumTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3012",
        "Slow-request limits lax",
        "{0}",
        Severity.Note,
        "Slow-request attacks (Slowloris, slow POST) hold connections open by sending or reading a few bytes at a time; long timeouts and unbounded request bodies let a handful of clients tie up the server. The CIS benchmarks ask for timeouts of 10 s or less and an explicit body size limit.",
        3.0,
        RulePrecision.Medium,
        [
            new(TraceSource.CisNginx, "2.4.3", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "2.4.4", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "5.2.1-5.2.3", TraceMapping.Explicit),
            new(TraceSource.CisApache, "9.1-9.6, 10.1-10.4", TraceMapping.Explicit),
            new(TraceSource.Other, "10 s for header and body timeouts", TraceMapping.Interpretation),
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <summary>
    /// The CIS Apache HTTP Server 2.4 Benchmark's limits (9.1-9.6, 10.4): Timeout 10 or less, KeepAliveTimeout 15 or
    /// less, RequestReadTimeout header 40 or less and body 20 or less, LimitRequestBody 102400 or less (not 0).
    /// </summary>
    private static readonly (string Name, Func<WebSettings, EffectiveValue<TimeSpan>> Value, TimeSpan Maximum, string Fix)[] ApacheTimeouts =
    [
        ("Timeout", s => s.SendTimeout, TimeSpan.FromSeconds(10), "Timeout 10"),
        ("KeepAliveTimeout", s => s.KeepaliveTimeout, TimeSpan.FromSeconds(15), "KeepAliveTimeout 15"),
        ("RequestReadTimeout header", s => s.ClientHeaderTimeout, TimeSpan.FromSeconds(40), "RequestReadTimeout header=20-40,MinRate=500"),
        ("RequestReadTimeout body", s => s.ClientBodyTimeout, TimeSpan.FromSeconds(20), "RequestReadTimeout body=20,MinRate=500"),
    ];

    /// <summary>
    /// The CIS Apache HTTP Server 2.4 Benchmark's request size limits (10.1-10.3): LimitRequestLine 512 or less,
    /// LimitRequestFields 100 or less, LimitRequestFieldSize 1024 or less. httpd's defaults are 8190, 100 and 8190
    /// (https://httpd.apache.org/docs/2.4/mod/core.html), so only LimitRequestFields meets the benchmark unset;
    /// "LimitRequestFields 0" means unlimited.
    /// </summary>
    private static readonly (string Name, Func<WebSettings, EffectiveValue<long>?> Value, long Maximum, string Unit, bool ZeroIsUnlimited)[] ApacheRequestLimits =
    [
        ("LimitRequestLine", s => s.RequestLineLimit, 512, "bytes", false),
        ("LimitRequestFields", s => s.RequestFieldCountLimit, 100, "header fields", true),
        ("LimitRequestFieldSize", s => s.RequestFieldSizeLimit, 1024, "bytes", false),
    ];

    /// <summary>The largest request body CIS Apache 10.4 accepts.</summary>
    public const long ApacheMaximumBody = 102400;

    private static void CheckApache(ModelContext ctx, WebSite site, WebSettings settings, Severity severity, HashSet<(Text.Location, string)> reported)
    {
        foreach (var (name, select, maximum, fix) in ApacheTimeouts)
        {
            var value = select(settings);
            if (value.Value > maximum && !value.IsUnknown && !(value.IsDefault && site.HasUnresolvedIncludes) && reported.Add((value.Location, name)))
            {
                var origin = value.IsDefault
                    ? DeferredMessage.Create($"No {name.Split(' ')[0]} applies to {site.DisplayName}, so {value.DefaultDescription} is in effect")
                    : DeferredMessage.Create($"{name} is {WebRuleSupport.Seconds(value.Value)} for {site.DisplayName}");
                ctx.Report(Finding.Create(Rule, severity, value.Location, $"{site.Key}/{name.Replace(' ', '-')}", [], $"{origin}, more than the {WebRuleSupport.Seconds(maximum)} CIS recommends; slow clients can hold connections that long. Set \"{fix}\" or less."));
            }
        }

        foreach (var (name, select, maximum, unit, zeroIsUnlimited) in ApacheRequestLimits)
        {
            if (select(settings) is not { } limit)
            {
                continue;
            }

            bool unlimited = zeroIsUnlimited && limit.Value == 0;
            if ((limit.Value > maximum || unlimited) && !limit.IsUnknown && !(limit.IsDefault && site.HasUnresolvedIncludes) && reported.Add((limit.Location, name)))
            {
                var origin = limit.IsDefault
                    ? DeferredMessage.Create($"No {name} applies to {site.DisplayName}, so {limit.DefaultDescription} is in effect")
                    : unlimited
                        ? DeferredMessage.Create($"\"{name} 0\" removes the limit for {site.DisplayName}")
                        : DeferredMessage.Create($"{name} is {limit.Value} {unit} for {site.DisplayName}");
                ctx.Report(Finding.Create(Rule, severity, limit.Location, $"{site.Key}/{name}", [], $"{origin}, more than the {maximum} {unit} CIS recommends; oversized requests reach the modules and applications behind the server. Set \"{name} {maximum}\" or less at the server or virtual host level (it is not allowed in sections), if the site's longest URLs and headers fit."));
            }
        }

        var body = settings.MaxRequestBodySize;
        if ((body.Value == 0 || body.Value > ApacheMaximumBody) && !body.IsUnknown && !(body.IsDefault && site.HasUnresolvedIncludes) && reported.Add((body.Location, "LimitRequestBody")))
        {
            var text = body.IsDefault
                ? DeferredMessage.Create($"No LimitRequestBody applies to {site.DisplayName}, so {body.DefaultDescription} is in effect")
                : body.Value == 0
                    ? DeferredMessage.Create($"\"LimitRequestBody 0\" turns off the request body limit of {site.DisplayName}")
                    : DeferredMessage.Create($"LimitRequestBody is {body.Value} bytes for {site.DisplayName}");
            ctx.Report(Finding.Create(Rule, severity, body.Location, $"{site.Key}/LimitRequestBody", [], $"{text}; CIS recommends 102400 bytes or less. Set an explicit limit that fits the site, for example \"LimitRequestBody 102400\" for a site without uploads."));
        }
    }

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);

        // A model action: values set in http reach every server and are reported once, at the directive.
        context.RegisterModelAction(ctx =>
        {
            var reported = new HashSet<(Text.Location, string)>();
            foreach (var site in ctx.Model.BoundElementsOfType<WebSite>())
            {
                if (site.Settings is not { } settings || !site.ServesContent || site.IsLoopbackOnly)
                {
                    continue;
                }

                var severity = WebRuleSupport.Raised(Rule.DefaultSeverity, site);
                if (site.IsApache)
                {
                    CheckApache(ctx, site, settings, severity, reported);
                    continue;
                }

                void Timeout(string name, EffectiveValue<TimeSpan> value, string zeroMeaning)
                {
                    bool zero = value.Value == TimeSpan.Zero;
                    if ((value.Value > MaximumTimeout || zero) && !value.IsUnknown && !(value.IsDefault && site.HasUnresolvedIncludes) && reported.Add((value.Location, name)))
                    {
                        var what = zero ? $"0 ({zeroMeaning})" : WebRuleSupport.Seconds(value.Value);
                        var origin = value.IsDefault
                            ? DeferredMessage.Create($"No {name} applies to {site.DisplayName}, so {value.DefaultDescription} is in effect")
                            : DeferredMessage.Create($"{name} is {what} for {site.DisplayName}");
                        ctx.Report(Finding.Create(Rule, severity, value.Location, $"{site.Key}/{name}", [], $"{origin}; slow clients can hold connections that long. Set \"{name} 10s;\" or less."));
                    }
                }

                Timeout("client_header_timeout", settings.ClientHeaderTimeout, "no time to send the header at all");
                Timeout("client_body_timeout", settings.ClientBodyTimeout, "no time to send the body at all");
                Timeout("keepalive_timeout", settings.KeepaliveTimeout, "keep-alive is off, so every request costs a new connection and TLS handshake");
                Timeout("send_timeout", settings.SendTimeout, "not a usable limit");

                var body = settings.MaxRequestBodySize;
                if (((body.IsDefault && !site.HasUnresolvedIncludes) || body is { Value: 0, IsUnknown: false }) && reported.Add((body.Location, "client_max_body_size")))
                {
                    var text = body.IsDefault
                        ? DeferredMessage.Create($"No client_max_body_size applies to {site.DisplayName}, so {body.DefaultDescription} is in effect without a deliberate choice")
                        : DeferredMessage.Create($"\"client_max_body_size 0\" turns off the request body limit of {site.DisplayName}");
                    ctx.Report(Finding.Create(Rule, severity, body.Location, $"{site.Key}/client_max_body_size", [], $"{text}. Set an explicit limit that fits the site, for example \"client_max_body_size 100k;\" for a site without uploads."));
                }
            }
        });
    }
}
