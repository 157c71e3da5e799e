using System.Collections.Immutable;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;

namespace ElectionAudit.Rules.Tls;

/// <summary>EA2012: TLS session tickets are on (nginx's default), which weakens forward secrecy.</summary>
public sealed class EA2012SessionTicketsEnabled : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA2012",
        "Session tickets enabled",
        "{0}",
        Severity.Warning,
        "Session tickets are encrypted with a key the server keeps for as long as it runs (nginx rotates it only with a shared session cache); whoever obtains that key can decrypt the recorded sessions it protected, which undoes forward secrecy. Mozilla's configuration generator turns them off; nginx and Apache (SSLSessionTickets) turn them on by default.",
        4.0,
        RulePrecision.High,
        [
            new(TraceSource.Mozilla, "Configuration generator: ssl_session_tickets off", TraceMapping.Explicit),
            new(TraceSource.CisNginx, "4.1.13", TraceMapping.Explicit),
        ],
        [InputFormat.Nginx, InputFormat.Apache]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<TlsEndpoint>(ctx =>
        {
            var endpoint = ctx.Element;
            var tickets = endpoint.SessionTickets;
            if (!TlsRuleSupport.IsServing(endpoint) || tickets.IsUnknown || !tickets.Value)
            {
                return;
            }

            ctx.Report(tickets.IsDefault
                ? Finding.Create(Rule, tickets.Location, $"{endpoint.Key}/session-tickets", endpoint.Site.IsApache
                    ? $"No SSLSessionTickets applies to this virtual host, so {tickets.DefaultDescription} is in effect. Add \"SSLSessionTickets off\" to {TlsRuleSupport.Placement(endpoint.Site)}."
                    : $"No ssl_session_tickets applies to this server, so {tickets.DefaultDescription} is in effect. Add \"ssl_session_tickets off;\" to this server or its http block.")
                : Finding.Create(Rule, tickets.Location, "session-tickets", $"\"{TlsRuleSupport.Directive(endpoint.Site, "ssl_session_tickets", "SSLSessionTickets")} on\" lets a stolen ticket key decrypt recorded sessions. Set it to off.{TlsRuleSupport.MayApply(tickets)}"));
        });
    }
}
