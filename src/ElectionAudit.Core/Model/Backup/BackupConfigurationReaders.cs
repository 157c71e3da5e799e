using System.Globalization;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Backup;
using ElectionAudit.Syntax.Bacula;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Backup;

/// <summary>Reads borgmatic, resticprofile and Bacula syntax trees into <see cref="BackupToolPlan"/>s.</summary>
public static class BackupConfigurationReaders
{
    /// <summary>
    /// The plans in one tree: one for a borgmatic file, one per resticprofile profile that runs backups, one per backup Job of
    /// a Bacula director's file (not of a file another one includes); none for other trees. A Bacula Job's encryption is the
    /// file daemon's, which <see cref="BackupBinder"/> finds among the scan's files; read alone, it is unknown.
    /// </summary>
    public static IReadOnlyList<BackupToolPlan> Read(SyntaxTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (tree is BaculaSyntaxTree bacula)
        {
            return bacula.IsIncluded ? [] : BaculaReader.Read(BaculaConfiguration.Of(bacula), []);
        }

        var root = tree switch
        {
            YamlSyntaxTree yaml => yaml.RootMapping,
            TomlSyntaxTree toml => toml.RootMapping,
            _ => null,
        };
        if (root is null)
        {
            return [];
        }

        if (tree.Format == InputFormat.Borgmatic && tree is YamlSyntaxTree borgmatic)
        {
            return ReadBorgmatic(borgmatic) is { } plan ? [plan] : [];
        }

        return tree.Format == InputFormat.Resticprofile && !tree.IsMerged ? ReadResticprofile(tree, root) : [];
    }

    // borgmatic: options are top-level since 1.8; older files group them under location/storage/retention/consistency,
    // which borgmatic still reads (docs: "Upgrading borgmatic", configuration sections deprecated in 1.8.0). The file is
    // read as borgmatic runs it, with its includes merged (BorgmaticView).
    private static BackupToolPlan? ReadBorgmatic(YamlSyntaxTree tree)
    {
        if (BorgmaticView.Read(tree) is not { } root)
        {
            return null;
        }

        var legacyLocation = root.Mapping("location");
        var repositoriesEntry = root.Find("repositories") ?? legacyLocation?.Find("repositories");
        var destinations = new List<BackupDestination>();
        string? repositoryMode = null;
        Location? modeLocation = null;
        if (repositoriesEntry?.Value is BorgmaticList repositories)
        {
            foreach (var item in repositories.Items)
            {
                var path = item as BorgmaticScalar ?? (item as BorgmaticMapping)?.Scalar("path");
                if (path is null || path.Scalar.IsNull)
                {
                    continue;
                }

                if (item is BorgmaticMapping repository && repository.Scalar("encryption") is { } mode && repositoryMode is null)
                {
                    repositoryMode = mode.Text;
                    modeLocation = mode.Scalar.GetLocation();
                }

                destinations.Add(new BackupDestination(path.Text, item.Node.GetLocation()) { IsOffsite = BorgIsRemote(path.Text) is { } remote ? new(remote, path.Scalar.GetLocation()) : null });
            }
        }

        var storage = root.Mapping("storage");
        BackupEncryption? encryption = null;
        var topMode = root.Scalar("encryption") ?? storage?.Scalar("encryption");
        if (repositoryMode is null && topMode is not null)
        {
            repositoryMode = topMode.Text;
            modeLocation = topMode.Scalar.GetLocation();
        }

        if (repositoryMode is not null)
        {
            // borg init --encryption: "none" stores data in clear, "authenticated*" only signs it (borg docs, "borg init").
            bool encrypted = !(repositoryMode is "none" || repositoryMode.StartsWith("authenticated", StringComparison.Ordinal));
            encryption = new BackupEncryption(encrypted, modeLocation!, $"borg encryption mode '{repositoryMode}'");
        }
        else
        {
            foreach (var key in new[] { "encryption_passphrase", "encryption_passcommand" })
            {
                if ((root.Scalar(key) ?? storage?.Scalar(key)) is { Scalar.IsNull: false } secret)
                {
                    encryption = new BackupEncryption(true, secret.Scalar.GetLocation(), $"'{key}' is set (a borg repository with a passphrase is encrypted)");
                    break;
                }
            }
        }

        // skip_actions (borgmatic 1.8.5) names actions borgmatic never runs for the file: without "prune" no archive is
        // deleted, whatever the keep rules say; without "check" no check runs, the extract check neither.
        BorgmaticScalar? Skipped(string action) =>
            (root.Find("skip_actions")?.Value as BorgmaticList)?.Items.OfType<BorgmaticScalar>().FirstOrDefault(item => item.Text == action);
        var retention = Skipped("prune") is { } noPrune
            ? new BackupRetention(int.MaxValue, noPrune.Scalar.GetLocation(), "skip_actions: prune (no archive is ever pruned)")
            : Retention(ScalarEntries(root).Concat(ScalarEntries(root.Mapping("retention"))), '_');
        var checks = new List<BackupCheck>();
        var checksEntry = root.Find("checks") ?? root.Mapping("consistency")?.Find("checks");
        if (checksEntry?.Value is BorgmaticList checkList && Skipped("check") is null)
        {
            var names = checkList.Items.Select(item => (Item: item, Name: item as BorgmaticScalar ?? (item as BorgmaticMapping)?.Scalar("name"))).ToList();

            // A check named "disabled" turns every check off (borgmatic docs, "Deal with very large backups": disabling checks).
            if (!names.Any(n => n.Name?.Text == "disabled"))
            {
                foreach (var (item, name) in names)
                {
                    bool disabled = (item as BorgmaticMapping)?.Scalar("frequency")?.Text == "disabled";
                    if (name?.Text == "extract" && !disabled)
                    {
                        checks.Add(new BackupCheck("borgmatic 'extract' check", true, item.Node.GetLocation()));
                    }
                }
            }
        }

        var destinationsLocation = repositoriesEntry?.Key.GetLocation() ?? root.Node.GetLocation();
        return new BackupToolPlan(tree, null, destinationsLocation, destinationsLocation)
        {
            Destinations = destinations,
            Encryption = encryption,
            Retention = retention,
            Checks = checks,
        };
    }

    // The options of a mapping whose value is a scalar, each located at the entry that set it (at the value, for a value
    // an include gave).
    private static IEnumerable<ScalarOption> ScalarEntries(BorgmaticMapping? mapping) =>
        mapping?.Entries
            .Where(e => e.Value is BorgmaticScalar)
            .Select(e => new ScalarOption(e.Key.Value, ((BorgmaticScalar)e.Value).Text, ReferenceEquals(e.Source.Value, e.Value.Node) ? e.Source.GetLocation() : e.Value.Node.GetLocation()))
        ?? [];

    private static IEnumerable<ScalarOption> ScalarEntries(YamlMappingSyntax? mapping) =>
        mapping?.Entries.Where(e => e.Value is YamlScalarSyntax).Select(e => new ScalarOption(e.Key.Value, ((YamlScalarSyntax)e.Value).Value, e.GetLocation())) ?? [];

    private sealed record ScalarOption(string Key, string Value, Location Location);

    /// <summary>
    /// Whether a borg repository is on another host: <c>ssh://</c> URLs and scp-style <c>[user@]host:path</c> are remote
    /// (borg docs, "Repository URLs"); absolute, relative and <c>file://</c> paths are local. Null when it cannot be told (a template,
    /// or an environment variable without a default in front).
    /// </summary>
    public static bool? BorgIsRemote(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var text = repository.Trim();
        if (text.Length == 0 || text.StartsWith("{{", StringComparison.Ordinal))
        {
            return null;
        }

        // borgmatic puts ${NAME} in from its environment when it loads the file, or the default of ${NAME:-default} and
        // ${NAME-default} when the variable is not set (borgmatic/config/environment.py). Leading the repository, the
        // variable decides where it is: the default tells, a bare variable does not.
        if (text.StartsWith("${", StringComparison.Ordinal) && text.IndexOf('}', StringComparison.Ordinal) is var close and > 2)
        {
            var expression = text[2..close];
            int dash = expression.IndexOf('-', StringComparison.Ordinal);
            return dash > 0 && dash + 1 < expression.Length ? BorgIsRemote(expression[(dash + 1)..] + text[(close + 1)..]) : null;
        }

        if (text.StartsWith("ssh://", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text.StartsWith("file://", StringComparison.OrdinalIgnoreCase) || text[0] is '/' or '~' or '.' or '$')
        {
            return false;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        // "C:\backups" is a Windows drive, not a host called C.
        return colon > 1 && (slash < 0 || colon < slash);
    }

    /// <summary>
    /// Whether a restic repository is away from the machine it backs up, by its scheme (restic docs, "Preparing a new repository"):
    /// <c>sftp:</c>, <c>rest:</c>, <c>s3:</c>, <c>b2:</c>, <c>azure:</c>, <c>gs:</c>, <c>swift:</c> and <c>rclone:</c> are remote;
    /// a path or <c>local:</c> is local. Null when it cannot be told (a template).
    /// </summary>
    public static bool? ResticIsRemote(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var text = repository.Trim();
        if (text.Length == 0 || text.Contains("{{", StringComparison.Ordinal))
        {
            return null;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 1)
        {
            return false;
        }

        return text[..colon].ToLowerInvariant() switch
        {
            "sftp" or "rest" or "s3" or "b2" or "azure" or "gs" or "swift" or "rclone" => true,
            _ => false,
        };
    }

    // resticprofile: version 1 puts profiles at the top level next to global/groups/includes; version 2 under "profiles"
    // (resticprofile docs, "Configuration file" and "Configuration v2").
    private static readonly HashSet<string> ReservedV1 = new(StringComparer.Ordinal) { "version", "global", "groups", "includes", "profiles", "mixins", "templates" };

    // The files merged over a main configuration are layers: a lookup asks the last merged file first, and the main file last
    // (resticprofile docs, "Includes": what includes later overrides what defines earlier; sections merge, lists replace).
    private static List<BackupToolPlan> ReadResticprofile(SyntaxTree tree, YamlMappingSyntax root)
    {
        var layers = new List<YamlMappingSyntax> { root };
        layers.AddRange(tree.MergedFiles.Select(ResticprofileIncludes.RootOf).OfType<YamlMappingSyntax>());
        bool v2 = Enumerable.Reverse(layers).Select(l => Scalar(l, "version")).FirstOrDefault(s => s is { IsNull: false })?.Value.StartsWith('2') == true;

        // Each profile's definitions, in merge order; the profile's place is where it is first defined.
        var profiles = new Dictionary<string, List<YamlEntrySyntax>>(StringComparer.Ordinal);
        foreach (var layer in layers)
        {
            var profileEntries = v2
                ? (Mapping(layer, "profiles")?.Entries ?? [])
                : layer.Entries.Where(e => !ReservedV1.Contains(e.Key.Value));
            foreach (var entry in profileEntries.Where(e => e.Value is YamlMappingSyntax))
            {
                if (!profiles.TryGetValue(entry.Key.Value, out var definitions))
                {
                    profiles.Add(entry.Key.Value, definitions = []);
                }

                definitions.Add(entry);
            }
        }

        var plans = new List<BackupToolPlan>();
        foreach (var (name, definitions) in profiles)
        {
            var entry = definitions[0];
            var chain = InheritanceChain(profiles, name);
            if (!chain.Any(p => p.Find("backup")?.Value is YamlMappingSyntax))
            {
                continue;
            }

            YamlScalarSyntax? Lookup(string key) => chain.Select(p => Scalar(p, key)).FirstOrDefault(s => s is { IsNull: false });
            YamlEntrySyntax? LookupIn(string section, string key) => chain.Select(p => Mapping(p, section)?.Find(key)).FirstOrDefault(e => e is not null);
            YamlScalarSyntax? ScalarIn(string section, string key) => LookupIn(section, key)?.Value as YamlScalarSyntax;

            // The profile's env section sets restic's environment, and restic reads its repository and password from
            // there when no flag gives them (restic docs, "Environment Variables": RESTIC_REPOSITORY,
            // RESTIC_REPOSITORY_FILE, RESTIC_PASSWORD, RESTIC_PASSWORD_FILE, RESTIC_PASSWORD_COMMAND). Variable names are
            // matched ignoring case, since resticprofile passes them upper-cased.
            YamlScalarSyntax? Environment(string variable) => chain
                .Select(p => Mapping(p, "env")?.Entries.FirstOrDefault(e => e.Key.Value.Equals(variable, StringComparison.OrdinalIgnoreCase))?.Value as YamlScalarSyntax)
                .FirstOrDefault(s => s is { IsNull: false });

            var destinations = new List<BackupDestination>();
            var repository = Lookup("repository") ?? Environment("RESTIC_REPOSITORY");
            foreach (var repo in new[] { repository, ScalarIn("copy", "repository") })
            {
                if (repo is { IsNull: false })
                {
                    destinations.Add(new BackupDestination(repo.Value, repo.GetLocation()) { IsOffsite = ResticIsRemote(repo.Value) is { } remote ? new(remote, repo.GetLocation()) : null });
                }
            }

            // A repository named in a file: there is one, but where it is cannot be told from here.
            if (repository is null && (Lookup("repository-file") ?? Environment("RESTIC_REPOSITORY_FILE")) is { } repositoryFile)
            {
                repository = repositoryFile;
                destinations.Insert(0, new BackupDestination($"the repository named in {repositoryFile.Value}", repositoryFile.GetLocation()));
            }

            BackupEncryption? encryption = null;
            if (Lookup("insecure-no-password") is { } insecure && IsTrue(insecure))
            {
                encryption = new BackupEncryption(false, insecure.GetLocation(), "'insecure-no-password' is set (restic encrypts with an empty password, which protects nothing)");
            }
            else if ((Lookup("password-file") ?? Lookup("password-command") ?? Environment("RESTIC_PASSWORD_FILE") ?? Environment("RESTIC_PASSWORD_COMMAND") ?? Environment("RESTIC_PASSWORD")) is { } password)
            {
                encryption = new BackupEncryption(true, password.GetLocation(), "restic always encrypts its repositories; the password comes from '" + ((YamlEntryKey(password) ?? "password-file")) + "'");
            }
            else if (repository is not null)
            {
                encryption = new BackupEncryption(true, repository.GetLocation(), "restic always encrypts its repositories");
            }

            var retention = Retention(chain.SelectMany(p => new[] { Mapping(p, "forget"), Mapping(p, "retention") }).Reverse().SelectMany(ScalarEntries), '-');
            Located<TimeSpan>? schedule = null;
            if (LookupIn("backup", "schedule") is { } scheduleEntry)
            {
                var expressions = ScheduleExpressions(scheduleEntry.Value);
                if (expressions.Count > 0 && BackupSchedule.LongestInterval(expressions) is { } interval)
                {
                    schedule = new(interval, scheduleEntry.Value.GetLocation());
                }
            }

            var checks = new List<BackupCheck>();
            if (LookupIn("check", "read-data") is { Value: YamlScalarSyntax readData } readDataEntry && IsTrue(readData))
            {
                checks.Add(new BackupCheck("restic 'check --read-data'", false, readDataEntry.GetLocation()));
            }
            else if (LookupIn("check", "read-data-subset") is { Value: YamlScalarSyntax { IsNull: false } subset } subsetEntry)
            {
                checks.Add(new BackupCheck($"restic 'check --read-data-subset={subset.Value}'", false, subsetEntry.GetLocation()));
            }

            var location = entry.Key.GetLocation();
            plans.Add(new BackupToolPlan(tree, name, location, repository?.GetLocation() ?? location)
            {
                Destinations = destinations,
                Encryption = encryption,
                Retention = retention,
                Schedule = schedule,
                Checks = checks,
            });
        }

        return plans;

        string? YamlEntryKey(YamlScalarSyntax value) => layers.SelectMany(l => l.DescendantNodesAndSelf()).OfType<YamlEntrySyntax>().FirstOrDefault(e => ReferenceEquals(e.Value, value))?.Key.Value;
    }

    // A profile's mappings, the latest definition first, then its parent's the same way: a lookup takes the first it finds.
    private static List<YamlMappingSyntax> InheritanceChain(Dictionary<string, List<YamlEntrySyntax>> profiles, string name)
    {
        var chain = new List<YamlMappingSyntax>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? current = name;
        while (current is not null && seen.Add(current) && profiles.TryGetValue(current, out var definitions))
        {
            var mappings = Enumerable.Reverse(definitions).Select(d => d.Value).OfType<YamlMappingSyntax>().ToList();
            chain.AddRange(mappings);
            current = mappings.Select(m => Scalar(m, "inherit")).FirstOrDefault(s => s is { IsNull: false })?.Value;
        }

        return chain;
    }

    private static List<string> ScheduleExpressions(YamlNodeSyntax node) => node switch
    {
        YamlScalarSyntax { IsNull: false } scalar => [scalar.Value],
        YamlSequenceSyntax sequence => [.. sequence.Items.OfType<YamlScalarSyntax>().Where(s => !s.IsNull).Select(s => s.Value)],
        // resticprofile v2 accepts a schedule as a mapping whose "at" holds the calendar events.
        YamlMappingSyntax mapping when mapping.Find("at") is { } at => ScheduleExpressions(at.Value),
        _ => [],
    };

    /// <summary>
    /// The retention reach of borg/restic keep rules, in days: <c>keep_hourly n</c> reaches n hours back, <c>daily</c> n days,
    /// <c>weekly</c> 7n, <c>monthly</c> 30n, <c>yearly</c> 365n (each keeps one archive per period for the last n periods that
    /// have one, so at least that far); <c>keep_within</c> its duration. <c>-1</c> and <c>unlimited</c> keep everything (restic 0.16).
    /// A later option overrides an earlier one of the same key.
    /// </summary>
    private static BackupRetention? Retention(IEnumerable<ScalarOption> options, char separator)
    {
        var settings = new Dictionary<string, ScalarOption>(StringComparer.Ordinal);
        foreach (var option in options)
        {
            if (option.Key.StartsWith("keep" + separator, StringComparison.Ordinal))
            {
                settings[option.Key] = option;
            }
        }

        BackupRetention? best = null;
        foreach (var (key, entry) in settings)
        {
            var value = entry.Value.Trim();
            var rule = key[5..].Replace('-', '_');
            int? days;
            if (rule.StartsWith("within", StringComparison.Ordinal))
            {
                days = DurationDays(value, borg: separator == '_');
            }
            else if (value is "-1" or "unlimited")
            {
                days = int.MaxValue;
            }
            else if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
            {
                days = rule switch
                {
                    "hourly" => (count + 23) / 24,
                    "daily" => count,
                    "weekly" => 7 * count,
                    "13weekly" => 91 * count,
                    "monthly" => 30 * count,
                    "3monthly" => 91 * count,
                    "yearly" => 365 * count,
                    _ => null,
                };
            }
            else
            {
                days = null;
            }

            if (days is { } d && (best is null || d > best.Days))
            {
                best = new BackupRetention(d, entry.Location, $"{key}: {value}");
            }
        }

        return best;
    }

    /// <summary>
    /// A borg (<c>2H</c>, <c>7d</c>, <c>2w</c>, <c>1m</c>, <c>1y</c>) or restic (<c>1y5m7d2h</c>) duration in whole days, rounded up.
    /// borg counts a month as 31 days (its <c>interval()</c>: <c>'m': 24 * 31</c> hours); restic moves back by calendar months,
    /// counted here as 30 days.
    /// </summary>
    private static int? DurationDays(string text, bool borg)
    {
        double days = 0;
        int number = 0;
        bool digits = false;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                number = Math.Min((number * 10) + (c - '0'), 1_000_000);
                digits = true;
                continue;
            }

            if (!digits)
            {
                return null;
            }

            days += c switch
            {
                'H' or 'h' => number / 24.0,
                'd' => number,
                'w' => number * 7,
                'm' => number * (borg ? 31 : 30),
                'y' => number * 365,
                _ => double.NaN,
            };
            number = 0;
            digits = false;
        }

        return digits || double.IsNaN(days) || days == 0 ? null : (int)Math.Ceiling(days);
    }

    private static bool IsTrue(YamlScalarSyntax scalar) => scalar.Value is "true" or "True" or "TRUE" or "yes" or "on";

    private static YamlMappingSyntax? Mapping(YamlMappingSyntax? mapping, string key) => mapping?.Find(key)?.Value as YamlMappingSyntax;

    private static YamlScalarSyntax? Scalar(YamlMappingSyntax? mapping, string key) => mapping?.Find(key)?.Value as YamlScalarSyntax;
}
