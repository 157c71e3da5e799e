using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Nginx;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7010: the version the descriptor declares for nginx or BIND differs from what the configuration reveals.</summary>
public sealed class EA7010DeclaredSoftwareDiffersFromConfigs : AuditRule
{
    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7010",
        "Declared software differs from what the configs reveal",
        "{0}",
        Severity.Note,
        "Patch decisions, end-of-life checks (EA6009) and the defaults other rules assume all rest on the software[] versions in the descriptor. When the configuration pins another version (a BIND version string, a Server header naming a version) or uses directives the declared version does not have, the inventory is out of date and those decisions rest on the wrong version.",
        2.0,
        RulePrecision.Medium,
        [
            new(TraceSource.CisHandbook, "HB62", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Nginx, InputFormat.NamedConf]);

    // Directives (or parameters) and the nginx version that introduced them, from the module pages on nginx.org:
    // ngx_http_v2_module "http2" (1.25.1); ngx_http_ssl_module "ssl_reject_handshake" and "ssl_conf_command" (1.19.4),
    // "ssl_early_data" (1.15.3); ngx_http_v3_module "http3" (1.25.0).
    private static readonly (string Directive, Version Introduced)[] IntroducedIn =
    [
        ("http2", new Version(1, 25, 1)),
        ("http3", new Version(1, 25, 0)),
        ("ssl_reject_handshake", new Version(1, 19, 4)),
        ("ssl_conf_command", new Version(1, 19, 4)),
        ("ssl_early_data", new Version(1, 15, 3)),
    ];

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<SoftwareElement>(ctx =>
        {
            var software = ctx.Element;
            if (software.Version is not { } declared)
            {
                return;
            }

            var product = software.Name.ToLowerInvariant();
            if (product == "nginx")
            {
                CheckNginx(ctx, software, declared);
            }
            else if (product is "bind" or "bind9" or "named")
            {
                CheckBind(ctx, software, declared);
            }
        });
    }

    private static void CheckNginx(ElementContext<SoftwareElement> ctx, SoftwareElement software, Located<string> declared)
    {
        var version = Model.Web.WebServerVersion.ParseVersion(declared.Value);
        var related = new[] { new RelatedLocation(declared.Location, $"descriptor declares {software.Name} {declared.Value}") };
        foreach (var tree in ctx.Model.SyntaxTrees.OfType<NginxSyntaxTree>())
        {
            foreach (var directive in Descendants(tree.Root))
            {
                if (version is not null && IntroducedIn.FirstOrDefault(d => directive.Is(d.Directive)) is { Directive: not null } gate && version < gate.Introduced)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Note, tree.Source.GetLocation(directive.NameSpan), $"{software.Key}/directive:{directive.Name}", related,
                        $"The configuration uses {directive.Name}, which nginx has only since {gate.Introduced}, but the descriptor declares nginx {declared.Value}: nginx {declared.Value} would refuse this configuration, so the server runs a newer version than the inventory says. Update software[].version."));
                }

                // add_header Server "nginx/1.x" (or more_set_headers "Server: nginx/1.x") pins a version in the banner.
                var banner = directive.Is("add_header") && directive.Arguments.Length >= 2 && directive.Arguments[0].Value.Equals("Server", StringComparison.OrdinalIgnoreCase) ? directive.Arguments[1]
                    : directive.Is("more_set_headers") ? directive.Arguments.FirstOrDefault(a => a.Value.StartsWith("Server:", StringComparison.OrdinalIgnoreCase))
                    : null;
                if (banner is not null && PinnedVersion(banner.Value, "nginx/") is { } pinned && SoftwareVersion.Compare(pinned, declared.Value) is not (null or 0))
                {
                    ctx.Report(Finding.Create(Rule, Severity.Note, banner.GetLocation(), $"{software.Key}/banner", related,
                        $"The configuration sends the banner \"{banner.Value}\", naming nginx {pinned}, but the descriptor declares nginx {declared.Value}: one of them is wrong. Correct the inventory, and send no version in the banner."));
                }
            }
        }
    }

    private static void CheckBind(ElementContext<SoftwareElement> ctx, SoftwareElement software, Located<string> declared)
    {
        foreach (var tree in ctx.Model.Dns.NamedConfTrees)
        {
            foreach (var options in tree.Root.Statements.Where(s => s.Keyword == "options"))
            {
                // options { version "..."; } sets the string named answers to "version.bind" queries (BIND 9 ARM, "version").
                if (options.Find("version") is { Values.Length: > 1 } statement && statement.Values[1] is { } value
                    && PinnedVersion(value.Text, string.Empty) is { } pinned && SoftwareVersion.Compare(pinned, declared.Value) is not (null or 0))
                {
                    ctx.Report(Finding.Create(Rule, Severity.Note, tree.Source.GetLocation(value.Span), $"{software.Key}/version-string",
                        [new RelatedLocation(declared.Location, $"descriptor declares {software.Name} {declared.Value}")],
                        $"named.conf answers version queries with \"{value.Text}\" (BIND {pinned}), but the descriptor declares {software.Name} {declared.Value}: one of them is wrong. Correct the inventory, and answer version queries with \"none\"."));
                }
            }
        }
    }

    private static string? PinnedVersion(string text, string prefix)
    {
        var value = text.Trim().Trim('"');
        int index = prefix.Length == 0 ? 0 : value.IndexOf(prefix, StringComparison.OrdinalIgnoreCase);
        if (index < 0)
        {
            return null;
        }

        var rest = value[(index + prefix.Length)..];
        int length = 0;
        while (length < rest.Length && (char.IsAsciiDigit(rest[length]) || rest[length] == '.'))
        {
            length++;
        }

        var version = rest[..length].TrimEnd('.');
        return version.Contains('.', StringComparison.Ordinal) ? version : null;
    }

    private static IEnumerable<NginxDirectiveSyntax> Descendants(NginxBlockSyntax block)
    {
        foreach (var directive in block.Directives)
        {
            yield return directive;
            if (directive.Block is { } inner)
            {
                foreach (var nested in Descendants(inner))
                {
                    yield return nested;
                }
            }
        }
    }
}
