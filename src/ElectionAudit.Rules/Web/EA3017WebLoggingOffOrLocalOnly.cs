using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Web;

/// <summary>
/// EA3017: access logging is off for a site (<c>access_log off</c> at the server or in <c>location /</c>), no
/// <c>error_log</c> is configured anywhere (the compiled-in default applies), or no log leaves the host
/// (no <c>syslog:</c> target) while the descriptor does not declare that logs are shipped another way.
/// </summary>
public sealed class EA3017WebLoggingOffOrLocalOnly : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA3017",
        "Web logging off or local-only",
        "{0}",
        Severity.Warning,
        "Without access and error logs nobody can tell after the fact what happened to a site during the election — who defaced it, when a flood started. Logs kept only on the server itself can be wiped by whoever compromised it.",
        4.0,
        RulePrecision.Medium,
        [
            new(TraceSource.CisNginx, "3.2, 3.3, 3.5, 3.6", TraceMapping.Explicit),
            new(TraceSource.CisApache, "6.x", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB38", TraceMapping.Explicit),
            new(TraceSource.CisHandbook, "HB39", TraceMapping.Explicit),
            new(TraceSource.CisNonVoting, "5.3.1", TraceMapping.Explicit),
            new(TraceSource.Enisa, "E1", TraceMapping.Interpretation),
        ],
        [InputFormat.Nginx, InputFormat.Apache, InputFormat.Descriptor]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <summary>
    /// Apache: mod_log_config writes no access log without a CustomLog (or TransferLog) in the main server or the
    /// virtual host; ErrorLog falls back to the compiled-in logs/error_log; records leave the host only through
    /// "ErrorLog syslog" or a piped logger.
    /// </summary>
    private static void CheckApache(ModelContext ctx, WebSite site, WebSettings settings, Severity severity, bool shippedElsewhere)
    {
        if (site.HasUnresolvedIncludes)
        {
            return;
        }

        if (settings.AccessLog is { IsDefault: true, Value.Count: 0 })
        {
            ctx.Report(Finding.Create(Rule, severity, site.Location, $"{site.Key}/access-log", [], $"No CustomLog applies to {site.DisplayName} (nor in the main server), so {settings.AccessLog.DefaultDescription}: requests leave no trace. Add \"CustomLog ${{APACHE_LOG_DIR}}/access.log combined\" (or a piped logger to syslog)."));
        }

        var errors = settings.ErrorLog;
        if (errors.IsDefault)
        {
            ctx.Report(Finding.Create(Rule, severity, site.Location, $"{site.Key}/error-log", [], $"No ErrorLog is configured for {site.DisplayName} (nor in the main server), so {errors.DefaultDescription} applies: a path fixed when httpd was built. Configure ErrorLog explicitly, preferably also to syslog."));
        }

        if (!shippedElsewhere && !settings.AccessLog.Value.Any(t => t.IsRemote) && !errors.Value.Any(t => t.IsRemote) && !settings.AccessLog.IsUnknown && !errors.IsUnknown)
        {
            ctx.Report(Finding.Create(Rule, severity, site.Location, $"{site.Key}/remote-log", [], $"Every log of {site.DisplayName} stays on the server (no \"ErrorLog syslog:…\" and no CustomLog piped to a syslog logger), and the descriptor does not declare logging.remote: true. Send a copy off the host (\"ErrorLog syslog:local1\", \"CustomLog \\\"|/usr/bin/logger -t httpd -p local6.info\\\" combined\"), or declare the log shipping in the descriptor."));
        }
    }

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterModelAction(ctx =>
        {
            // A descriptor that says logs are shipped off the host (an agent such as filebeat) settles "local-only".
            bool shippedElsewhere = ctx.Model.Descriptors.Any(d => d.Section("logging").GetBoolean("remote")?.Value == true);
            var reported = new HashSet<Text.Location>();
            foreach (var site in ctx.Model.BoundElementsOfType<WebSite>())
            {
                if (site.Settings is not { } settings)
                {
                    continue;
                }

                var severity = WebRuleSupport.Raised(Rule.DefaultSeverity, site);
                var root = site.Locations.FirstOrDefault(l => l.Parent is null && l.Level == ConfigurationLevel.Location && l.ParseMatch() is ("" or "^~", "/"));
                foreach (var (access, where) in new[] { (settings.AccessLog, "this server"), (root?.Settings?.AccessLog, "location /") })
                {
                    if (access is { Value.Count: 0, Directive: not null } && reported.Add(access.Location))
                    {
                        ctx.Report(Finding.Create(Rule, severity, access.Location, $"{site.Key}/access-log", [], $"\"access_log off\" applies to {where} of {site.DisplayName}: requests leave no trace. Log them (to syslog, or to a file that is shipped off the host)."));
                    }
                }

                var errors = settings.ErrorLog;
                if (site.IsApache)
                {
                    CheckApache(ctx, site, settings, severity, shippedElsewhere);
                    continue;
                }

                if (errors.IsDefault && !site.HasUnresolvedIncludes)
                {
                    ctx.Report(Finding.Create(Rule, severity, site.Location, $"{site.Key}/error-log", [], $"No error_log is configured for {site.DisplayName} (nor in http or the main context), so {errors.DefaultDescription} applies: a path fixed when nginx was built. Configure error_log explicitly, preferably also to syslog."));
                }

                // A target from a placeholder may be syslog: once filled in, so the rule cannot say every log stays.
                bool remote = settings.AccessLog.Value.Any(t => t.IsRemote) || errors.Value.Any(t => t.IsRemote) || settings.AccessLog.IsUnknown || errors.IsUnknown;
                if (!remote && !shippedElsewhere && !site.HasUnresolvedIncludes)
                {
                    ctx.Report(Finding.Create(Rule, severity, site.Location, $"{site.Key}/remote-log", [], $"Every log of {site.DisplayName} stays on the server (no access_log or error_log to syslog:), and the descriptor does not declare logging.remote: true. Send a copy off the host (\"access_log syslog:server=...\"), or declare the log shipping in the descriptor."));
                }
            }
        });
    }
}
