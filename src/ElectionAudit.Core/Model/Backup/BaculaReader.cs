using ElectionAudit.Syntax.Bacula;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Backup;

/// <summary>
/// Reads a Bacula director's configuration into one <see cref="BackupToolPlan"/> per backup Job (Bacula manual, "Configuring
/// the Director"). The director says where the data goes and for how long; whether it is encrypted is the file daemon's
/// setting, read from the <c>bacula-fd.conf</c> of the Job's client when the scan holds it.
/// </summary>
internal static class BaculaReader
{
    // Bacula manual, Pool resource: "Volume Retention … The default is 365 days."
    private static readonly TimeSpan DefaultVolumeRetention = TimeSpan.FromDays(365);

    /// <summary>The plans of a director's configuration; none for another daemon's file.</summary>
    public static List<BackupToolPlan> Read(BaculaSyntaxTree tree, IReadOnlyList<BaculaConfiguration> fileDaemons)
    {
        var configuration = BaculaConfiguration.Read(tree);
        var plans = new List<BackupToolPlan>();
        if (!configuration.OfType("Director").Any() && !configuration.OfType("Job").Any())
        {
            return plans;
        }

        var jobs = configuration.OfType("Job").ToList();
        foreach (var job in jobs)
        {
            if (job.Name is not { } name || !string.Equals(job.Directive("Type")?.Text, "Backup", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var nameDirective = job.Directive("Name")!;
            var pools = PoolsOf(configuration, job);
            var (destinations, destinationsLocation) = Destinations(configuration, job, pools, jobs);
            plans.Add(new BackupToolPlan(tree, name, Located(nameDirective), destinationsLocation ?? Located(nameDirective))
            {
                Destinations = destinations,
                Encryption = Encryption(configuration, job, fileDaemons),
                Retention = Retention(configuration, job),
                Schedule = Schedule(configuration, job),
                Checks = Checks(configuration, job, jobs),
            });
        }

        return plans;
    }

    // A directive's value (all its tokens), or the directive when it has none.
    private static Location Located(BaculaItemSyntax item) => item.Tree.Source.GetLocation(item.ValueSpan ?? item.Span);

    private static Location LocatedKeyword(BaculaItemSyntax item) => item.Tree.Source.GetLocation(item.KeywordSpan);

    private static Location Located(BaculaItemSyntax item, BaculaToken token) => item.Tree.Source.GetLocation(token.Span);

    // The pools a Job writes to: Pool, and the per-level pools that override it.
    private static readonly string[] PoolDirectives = ["Pool", "Full Backup Pool", "Incremental Backup Pool", "Differential Backup Pool"];

    private static List<BaculaResource> PoolsOf(BaculaConfiguration configuration, BaculaResource job) =>
        [.. PoolDirectives
            .Select(k => job.Directive(k)?.Text)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .Select(n => configuration.Find("Pool", n))
            .OfType<BaculaResource>()];

    // Where the Job's data goes: the storage of each of its pools (a Pool's Storage overrides the Job's, Bacula manual, Pool
    // resource "Storage"), and where a Copy job copies those pools to (the pool's Next Pool, or the Copy job's own).
    private static (List<BackupDestination> Destinations, Location? Location) Destinations(BaculaConfiguration configuration, BaculaResource job, List<BaculaResource> pools, List<BaculaResource> jobs)
    {
        var destinations = new List<BackupDestination>();
        Location? location = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var jobStorage = job.Directive("Storage");
        foreach (var pool in pools.Count > 0 ? pools.Cast<BaculaResource?>() : [null])
        {
            var storage = pool?.Directive("Storage") ?? jobStorage;
            if (storage is null)
            {
                continue;
            }

            location ??= LocatedKeyword(storage);
            foreach (var token in BaculaResource.Names(storage))
            {
                if (seen.Add(token.Text))
                {
                    destinations.Add(StorageDestination(configuration, storage, token, null));
                }
            }
        }

        foreach (var copy in jobs.Where(j => string.Equals(j.Directive("Type")?.Text, "Copy", StringComparison.OrdinalIgnoreCase)))
        {
            if (copy.Directive("Pool")?.Text is not { } source || pools.All(p => p.Name != source))
            {
                continue;
            }

            var next = copy.Directive("Next Pool") ?? configuration.Find("Pool", source)?.Directive("Next Pool");
            if (next?.Text is not { } target || configuration.Find("Pool", target) is not { } targetPool || targetPool.Directive("Storage") is not { } storage)
            {
                continue;
            }

            foreach (var token in BaculaResource.Names(storage))
            {
                if (seen.Add(token.Text))
                {
                    destinations.Add(StorageDestination(configuration, storage, token, $"copied by Job '{copy.Name}' to pool '{target}'"));
                }
            }
        }

        return (destinations, location);
    }

    // A storage daemon on another host is away from the data, as a borg repository over ssh is; one on the director's own
    // machine (localhost, a loopback address) is not. An address that is not written cannot be told.
    private static BackupDestination StorageDestination(BaculaConfiguration configuration, BaculaItemSyntax directive, BaculaToken name, string? via)
    {
        var storage = configuration.Find("Storage", name.Text) ?? configuration.Find("Autochanger", name.Text);
        var address = storage?.Directive("Address");
        var host = address?.Text;
        var description = $"Storage '{name.Text}'" + (host is null ? string.Empty : $" ({host})") + (via is null ? string.Empty : ", " + via);
        return new BackupDestination(description, Located(directive, name))
        {
            IsOffsite = host is null ? null : new(!IsLoopback(host), Located(address!)),
        };
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.StartsWith("127.", StringComparison.Ordinal) || host == "::1"
        || host.Equals("localhost.localdomain", StringComparison.OrdinalIgnoreCase);

    // Data encryption is the file daemon's (Bacula manual, "Data Encryption": PKI Encryption in the FileDaemon resource of
    // bacula-fd.conf). The director names the Job's Client, whose Name is the file daemon's Name by convention.
    private static BackupEncryption? Encryption(BaculaConfiguration configuration, BaculaResource job, IReadOnlyList<BaculaConfiguration> fileDaemons)
    {
        if (job.Directive("Client")?.Text is not { } client)
        {
            return null;
        }

        foreach (var daemon in fileDaemons)
        {
            var resource = daemon.OfType("FileDaemon").Concat(daemon.OfType("Client")).FirstOrDefault(r => r.Name == client);
            if (resource is null)
            {
                continue;
            }

            if (resource.Directive("PKI Encryption") is { } pki && BaculaValues.YesNo(pki) is { } on)
            {
                return new BackupEncryption(on, Located(pki), $"'PKI Encryption = {pki.Text}' in the file daemon '{client}' ({daemon.Tree.Source.Path})");
            }

            var located = resource.Directive("Name") ?? resource.Syntax;
            return new BackupEncryption(false, Located(located), $"the file daemon '{client}' ({daemon.Tree.Source.Path}) has no 'PKI Encryption = yes', so it sends its data unencrypted");
        }

        return null;
    }

    // How far back the Job's full backups reach: the Volume Retention of the pool its full backups go to, unless that pool
    // never prunes (AutoPrune = no, Bacula manual, Pool resource "AutoPrune").
    private static BackupRetention? Retention(BaculaConfiguration configuration, BaculaResource job)
    {
        var poolName = job.Directive("Full Backup Pool")?.Text ?? job.Directive("Pool")?.Text;
        if (poolName is null || configuration.Find("Pool", poolName) is not { } pool)
        {
            return null;
        }

        if (pool.Directive("AutoPrune") is { } autoPrune && BaculaValues.YesNo(autoPrune) == false)
        {
            return new BackupRetention(int.MaxValue, Located(autoPrune), $"pool '{poolName}' has AutoPrune = {autoPrune.Text} (its volumes are never pruned)");
        }

        if (pool.Directive("Volume Retention") is { } retention)
        {
            return BaculaValues.Duration(retention) is { } span
                ? new BackupRetention((int)Math.Min(span.TotalDays, int.MaxValue), Located(retention), $"pool '{poolName}' Volume Retention = {retention.Tree.Source.ToString(retention.ValueSpan!.Value)}")
                : null;
        }

        var at = pool.Directive("Name") ?? pool.Syntax;
        return new BackupRetention((int)DefaultVolumeRetention.TotalDays, Located(at), $"pool '{poolName}' sets no Volume Retention (Bacula's default is 365 days)");
    }

    // The longest time between two runs of the Job's Schedule. A Job without one runs only when started by hand, and the
    // descriptor's schedule is read instead; so is it when a Run line is one the director refuses.
    private static Located<TimeSpan>? Schedule(BaculaConfiguration configuration, BaculaResource job)
    {
        if (job.Directive("Schedule") is not { Text: { } name } directive || configuration.Find("Schedule", name) is not { } schedule)
        {
            return null;
        }

        var runs = new List<BaculaRun>();
        foreach (var run in schedule.All("Run"))
        {
            if (run.ValueSpan is not { } span || BaculaSchedule.Parse(run.Tree.Source.ToString(span), out _) is not { } parsed)
            {
                return null;
            }

            runs.Add(parsed);
        }

        // Runs that never fire (a sixth Sunday, February 30th) leave the Job to be started by hand, as no Schedule does.
        return BaculaSchedule.LongestInterval(runs) is { } interval && interval != TimeSpan.MaxValue ? new Located<TimeSpan>(interval, Located(directive)) : null;
    }

    // Scheduled Verify jobs that read the backup back (Level VolumeToCatalog or Data, Bacula manual, Job resource "Level")
    // verify it; a scheduled Restore job of the same client restores it. A Verify job names the Job it checks (Verify Job),
    // or checks the last one of its client.
    private static List<BackupCheck> Checks(BaculaConfiguration configuration, BaculaResource job, List<BaculaResource> jobs)
    {
        var checks = new List<BackupCheck>();
        var client = job.Directive("Client")?.Text;
        foreach (var other in jobs)
        {
            if (ReferenceEquals(other, job) || other.Directive("Schedule") is not { Text: { } schedule } || configuration.Find("Schedule", schedule) is null)
            {
                continue;
            }

            var type = other.Directive("Type")?.Text;
            var nameDirective = other.Directive("Name")!;
            if (string.Equals(type, "Verify", StringComparison.OrdinalIgnoreCase)
                && other.Directive("Level")?.Text is { } level
                && (level.Equals("VolumeToCatalog", StringComparison.OrdinalIgnoreCase) || level.Equals("Data", StringComparison.OrdinalIgnoreCase))
                && (other.Directive("Verify Job")?.Text is { } verified ? verified == job.Name : other.Directive("Client")?.Text == client))
            {
                checks.Add(new BackupCheck($"Bacula Verify job '{other.Name}' (Level = {level})", false, Located(nameDirective)));
            }
            else if (string.Equals(type, "Restore", StringComparison.OrdinalIgnoreCase) && client is not null && other.Directive("Client")?.Text == client)
            {
                checks.Add(new BackupCheck($"Bacula Restore job '{other.Name}' on schedule '{schedule}'", true, Located(nameDirective)));
            }
        }

        return checks;
    }
}
