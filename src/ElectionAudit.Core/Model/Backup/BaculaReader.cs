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

    /// <summary>The plans of a director's configuration (read once by the caller, which also reads the file daemons'); none for another daemon's file.</summary>
    public static List<BackupToolPlan> Read(BaculaConfiguration configuration, IReadOnlyList<BaculaConfiguration> fileDaemons)
    {
        var tree = configuration.Tree;
        var plans = new List<BackupToolPlan>();
        if (!configuration.OfType("Director").Any() && !configuration.OfType("Job").Any())
        {
            return plans;
        }

        var jobs = configuration.OfType("Job").ToList();
        var others = new OtherJobs(configuration, jobs);
        var intervals = new Dictionary<BaculaResource, TimeSpan?>(ReferenceEqualityComparer.Instance);
        foreach (var job in jobs)
        {
            if (job.Name is not { } name || !string.Equals(job.Directive("Type")?.Text, "Backup", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var nameDirective = job.Directive("Name")!;
            var pools = PoolsOf(configuration, job);
            var (destinations, destinationsLocation) = Destinations(configuration, job, pools, others);
            plans.Add(new BackupToolPlan(tree, name, Located(nameDirective), destinationsLocation ?? Located(nameDirective))
            {
                Destinations = destinations,
                Encryption = Encryption(job, fileDaemons),
                Retention = Retention(configuration, job),
                Schedule = Schedule(configuration, job, intervals),
                Checks = Checks(job, others),
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
    private static (List<BackupDestination> Destinations, Location? Location) Destinations(BaculaConfiguration configuration, BaculaResource job, List<BaculaResource> pools, OtherJobs others)
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
            Add(storage, null);
        }

        foreach (var (copy, source) in pools.SelectMany(p => others.CopiesOf(p.Name!).Select(c => (Copy: c, Source: p.Name!))))
        {
            var next = copy.Directive("Next Pool") ?? configuration.Find("Pool", source)?.Directive("Next Pool");
            if (next?.Text is not { } target || configuration.Find("Pool", target) is not { } targetPool || targetPool.Directive("Storage") is not { } storage)
            {
                continue;
            }

            Add(storage, $"copied by Job '{copy.Name}' to pool '{target}'");
        }

        return (destinations, location);

        // Each storage once, where it is first named.
        void Add(BaculaItemSyntax storage, string? via)
        {
            foreach (var token in BaculaResource.Names(storage))
            {
                if (seen.Add(token.Text))
                {
                    destinations.Add(StorageDestination(configuration, storage, token, via));
                }
            }
        }
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
            Host = host is null ? null : new(host, Located(address!)),
        };
    }

    // A loopback address is one as an address (127.0.0.0/8, ::1, ::ffff:127.x): a host name that starts with "127." is a name.
    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.Equals("localhost.localdomain", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host.AsSpan().Trim("[]"), out var ip) && System.Net.IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip));

    // Data encryption is the file daemon's (Bacula manual, "Data Encryption": PKI Encryption in the FileDaemon resource of
    // bacula-fd.conf). The director names the Job's Client, whose Name is the file daemon's Name by convention.
    private static BackupEncryption? Encryption(BaculaResource job, IReadOnlyList<BaculaConfiguration> fileDaemons)
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
    private static Located<TimeSpan>? Schedule(BaculaConfiguration configuration, BaculaResource job, Dictionary<BaculaResource, TimeSpan?> intervals)
    {
        if (job.Directive("Schedule") is not { Text: { } name } directive || configuration.Find("Schedule", name) is not { } schedule)
        {
            return null;
        }

        // Many Jobs share a schedule: each schedule's runs are read once.
        if (!intervals.TryGetValue(schedule, out var interval))
        {
            intervals[schedule] = interval = LongestInterval(schedule);
        }

        return interval is { } value ? new Located<TimeSpan>(value, Located(directive)) : null;
    }

    private static TimeSpan? LongestInterval(BaculaResource schedule)
    {
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
        return BaculaSchedule.LongestInterval(runs) is { } interval && interval != TimeSpan.MaxValue ? interval : null;
    }

    // Scheduled Verify jobs that read the backup back (Level VolumeToCatalog or Data, Bacula manual, Job resource "Level")
    // verify it; a scheduled Restore job of the same client restores it. A Verify job names the Job it checks (Verify Job),
    // or checks the last one of its client.
    private static List<BackupCheck> Checks(BaculaResource job, OtherJobs others)
    {
        // The first of each kind is enough to judge by, and keeps a file of many Jobs of one client from giving each Job
        // every other Job of that client.
        var client = job.Directive("Client")?.Text;
        var checks = new List<BackupCheck>(2);
        if (others.VerifiersOf(job.Name!, client).FirstOrDefault(v => !ReferenceEquals(v.Job, job)) is { } verify)
        {
            checks.Add(new BackupCheck($"Bacula Verify job '{verify.Job.Name}' (Level = {verify.Detail})", false, verify.Location));
        }

        if (others.RestoresFor(client).FirstOrDefault(r => !ReferenceEquals(r.Job, job)) is { } restore)
        {
            checks.Add(new BackupCheck($"Bacula Restore job '{restore.Job.Name}' on schedule '{restore.Detail}'", true, restore.Location));
        }

        return checks;
    }

    /// <summary>The jobs that concern others (Copy, scheduled Verify and Restore jobs), indexed by what they name, read once per file.</summary>
    private sealed class OtherJobs
    {
        private readonly Dictionary<string, List<BaculaResource>> _copiesByPool = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Checker>> _verifiersByJob = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Checker>> _verifiersByClient = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<Checker>> _restoresByClient = new(StringComparer.Ordinal);

        public OtherJobs(BaculaConfiguration configuration, List<BaculaResource> jobs)
        {
            foreach (var job in jobs)
            {
                var type = job.Directive("Type")?.Text;
                if (string.Equals(type, "Copy", StringComparison.OrdinalIgnoreCase) && job.Directive("Pool")?.Text is { } pool)
                {
                    Add(_copiesByPool, pool, job);
                    continue;
                }

                if (job.Name is null || job.Directive("Schedule") is not { Text: { } schedule } || configuration.Find("Schedule", schedule) is null)
                {
                    continue;
                }

                var location = Located(job.Directive("Name")!);
                var client = job.Directive("Client")?.Text;
                if (string.Equals(type, "Verify", StringComparison.OrdinalIgnoreCase)
                    && job.Directive("Level")?.Text is { } level
                    && (level.Equals("VolumeToCatalog", StringComparison.OrdinalIgnoreCase) || level.Equals("Data", StringComparison.OrdinalIgnoreCase)))
                {
                    var checker = new Checker(job, level, location);
                    if (job.Directive("Verify Job")?.Text is { } verified)
                    {
                        Add(_verifiersByJob, verified, checker);
                    }
                    else if (client is not null)
                    {
                        Add(_verifiersByClient, client, checker);
                    }
                }
                else if (string.Equals(type, "Restore", StringComparison.OrdinalIgnoreCase) && client is not null)
                {
                    Add(_restoresByClient, client, new Checker(job, schedule, location));
                }
            }
        }

        public List<BaculaResource> CopiesOf(string pool) => _copiesByPool.GetValueOrDefault(pool) ?? [];

        public IEnumerable<Checker> VerifiersOf(string job, string? client) =>
            (_verifiersByJob.GetValueOrDefault(job) ?? []).Concat(client is null ? [] : _verifiersByClient.GetValueOrDefault(client) ?? []);

        public List<Checker> RestoresFor(string? client) => client is null ? [] : _restoresByClient.GetValueOrDefault(client) ?? [];

        private static void Add<T>(Dictionary<string, List<T>> index, string key, T value)
        {
            if (!index.TryGetValue(key, out var list))
            {
                index[key] = list = [];
            }

            list.Add(value);
        }
    }

    private sealed record Checker(BaculaResource Job, string Detail, Location Location);
}
