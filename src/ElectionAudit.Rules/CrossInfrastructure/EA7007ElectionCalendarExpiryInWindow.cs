using System.Collections.Immutable;
using ElectionAudit.Descriptor;
using ElectionAudit.Model.Web;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Rules.CrossInfrastructure;

/// <summary>EA7007: a certificate, a zone signature, a domain registration or a suppression expires, or the change freeze lapses, inside the election window.</summary>
public sealed class EA7007ElectionCalendarExpiryInWindow : AuditRule
{
    /// <summary>The option with the number of days before polling day the window opens.</summary>
    public const string DaysBeforeOption = "days-before";

    /// <summary>The descriptor.</summary>
    public static RuleDescriptor Rule { get; } = new(
        "EA7007",
        "Election calendar: something expires or lapses in the election window",
        "{0}",
        Severity.Error,
        "From a few weeks before polling day until the results are certified, nothing should expire: a certificate renewal, a zone re-signing or a domain renewal that fails in that window takes the results site or the election domain down when it matters most, and is made in a hurry during a change freeze; a suppression that lapses then brings its findings back in polling week. The rule reads the election and certification dates from the descriptor, and the audit date from configuration (an election already certified is not judged).",
        7.5,
        RulePrecision.High,
        [
            new(TraceSource.Enisa, "E6", TraceMapping.Interpretation),
            new(TraceSource.CisHandbook, "HB35", TraceMapping.Interpretation),
        ],
        [InputFormat.Descriptor, InputFormat.Pem, InputFormat.Zone, InputFormat.Nginx],
        options: [new RuleOption(DaysBeforeOption, "How many days before polling day the election window opens.", "30")]);

    /// <inheritdoc />
    public override ImmutableArray<RuleDescriptor> SupportedRules { get; } = [Rule];

    /// <inheritdoc />
    public override void Initialize(RuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.RegisterElementAction<ElectionDescriptor>(ctx =>
        {
            var descriptor = ctx.Element;
            if (descriptor.ElectionDate is not { } polling)
            {
                return;
            }

            var certification = descriptor.Election.GetDate("certification_date");
            var end = certification?.Value is { } c && c >= polling.Value ? c : polling.Value;
            var start = polling.Value.AddDays(-ctx.Options.GetInt32Option(Rule, DaysBeforeOption));
            if (end < ctx.Options.AsOf)
            {
                return; // The election is over; what expires afterwards is the next election's concern.
            }

            var window = $"the election window {CrossRuleSupport.Date(start)} to {CrossRuleSupport.Date(end)} (polling day {CrossRuleSupport.Date(polling.Value)}{(certification is null ? string.Empty : ", certification " + CrossRuleSupport.Date(certification.Value))})";
            var electionRelated = new RelatedLocation(polling.Location, "polling day");
            bool InWindow(DateOnly date) => date >= start && date <= end;

            foreach (var chain in ctx.Model.BoundElementsOfType<CertificateChain>().DistinctBy(c => c.Path))
            {
                if (chain.Leaf is not { } leaf || !InWindow(DateOnly.FromDateTime(leaf.NotAfter)))
                {
                    continue;
                }

                var related = new List<RelatedLocation> { electionRelated };
                related.AddRange(chain.References.Select(r => new RelatedLocation(r.PathLocation, $"served by {r.Directive}")));
                ctx.Report(Finding.Create(Rule, Severity.Error, chain.Location, $"certificate:{chain.Path}/not-after", related,
                    $"Certificate {chain.Path} ({leaf.SubjectCommonName ?? leaf.Subject}, used by {string.Join(", ", chain.Sites.Select(s => s.DisplayName).DefaultIfEmpty("no site"))}) expires on {CrossRuleSupport.Date(leaf.NotAfter)}, inside {window}. Renew it before the window opens."));
            }

            foreach (var zone in ctx.Model.Dns.Zones)
            {
                var expiring = zone.Dnssec.Signatures.Where(s => InWindow(DateOnly.FromDateTime(((RrsigRecordData)s.Data).Expiration.UtcDateTime))).ToList();
                if (expiring.Count == 0)
                {
                    continue;
                }

                var first = expiring.MinBy(s => ((RrsigRecordData)s.Data).Expiration)!;
                ctx.Report(Finding.Create(Rule, Severity.Error, first.GetLocation(), $"{zone.Key}/rrsig-expiration", [electionRelated, CrossRuleSupport.Zone(zone)],
                    $"{expiring.Count} signature(s) in zone {CrossRuleSupport.Host(zone.Apex)} ({zone.Path}) expire inside {window}, the first on {CrossRuleSupport.Date(((RrsigRecordData)first.Data).Expiration)} (RRSIG over {((RrsigRecordData)first.Data).TypeCovered} at {CrossRuleSupport.Host(first.Owner)}): if re-signing fails then, validating resolvers stop answering for the election domain. Re-sign with an expiration after the window."));
            }

            foreach (var entry in descriptor.Section("dns").Items("zones"))
            {
                if (entry.GetDate("registration_expires") is { } expires && InWindow(expires.Value))
                {
                    var related = new List<RelatedLocation> { electionRelated };
                    if (entry.GetText("name") is { } zoneName && Model.Dns.DnsModel.TryParseHost(zoneName.Value) is { } apex && ctx.Model.Dns.Zones.FirstOrDefault(z => z.Apex == apex) is { } zone)
                    {
                        related.Add(CrossRuleSupport.Zone(zone));
                    }

                    ctx.Report(Finding.Create(Rule, Severity.Error, expires.Location, $"{entry.Key}/registration", related,
                        $"The registration of {entry.GetText("name")?.Value ?? "(unnamed zone)"} expires on {CrossRuleSupport.Date(expires.Value)}, inside {window}: a lapsed or hijacked registration takes the whole domain away. Renew it (for several years) before the window opens."));
                }
            }

            // A suppression whose last day falls in the window lets the findings it hides come back in the middle of it:
            // the scan starts failing during polling week, and the fix is a change under the freeze (our reading of
            // "suppression until dates" in RULES.md). One already expired on the audit date is EA0005's to report.
            foreach (var suppression in ctx.Model.Suppressions)
            {
                if (suppression.Until is not { } until || !InWindow(until) || !suppression.IsActive(ctx.Options.AsOf))
                {
                    continue;
                }

                var ids = string.Join(", ", suppression.RuleIds);
                var what = suppression.Kind == Suppressions.SuppressionKind.File
                    ? $"The suppression file entry for {ids}"
                    : $"The suppression of {ids} in {suppression.Location.Path}";
                ctx.Report(Finding.Create(Rule, Severity.Error, suppression.UntilLocation ?? suppression.Location, $"suppression:{suppression.Location.Path}:{suppression.Kind}:{ids}:{CrossRuleSupport.Date(until)}", [electionRelated],
                    $"{what} holds until {CrossRuleSupport.Date(until)}, inside {window}: from {CrossRuleSupport.Date(until.AddDays(1))} the findings it hides are reported again, in the middle of the election, when fixing them means a change under the freeze. Fix them before the window opens, or renew the suppression past {CrossRuleSupport.Date(end)} with a reason."));
            }

            var freeze = descriptor.Section("change_freeze");
            if (freeze.IsPresent && freeze.GetDate("from") is { } from && freeze.GetDate("to") is { } to)
            {
                var countNight = polling.Value.AddDays(1);
                if (from.Value > polling.Value || to.Value < countNight)
                {
                    ctx.Report(Finding.Create(Rule, Severity.Error, to.Value < countNight ? to.Location : from.Location, "change_freeze/coverage", [electionRelated],
                        $"The change freeze from {CrossRuleSupport.Date(from.Value)} to {CrossRuleSupport.Date(to.Value)} does not cover polling night and count night ({CrossRuleSupport.Date(polling.Value)} and {CrossRuleSupport.Date(countNight)}): changes are allowed while results are being published. Extend the freeze."));
                }
            }
        });
    }
}
