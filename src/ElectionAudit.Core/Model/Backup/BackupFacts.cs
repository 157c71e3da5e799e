using ElectionAudit.Descriptor;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Backup;

/// <summary>One place a backup plan writes to: a borgmatic repository, a restic repository, a Bacula storage daemon, or a descriptor <c>copies[]</c> entry.</summary>
public sealed class BackupDestination
{
    /// <summary>Creates a destination.</summary>
    public BackupDestination(string description, Location location)
    {
        Description = description;
        Location = location;
    }

    /// <summary>What it is, for messages: the repository path or URL, or <c>copies[n]</c>.</summary>
    public string Description { get; }

    /// <summary>Where it is declared.</summary>
    public Location Location { get; }

    /// <summary>Whether it is away from the protected data: known from a repository's remote scheme, or from a descriptor copy's site/region compared with the asset's.</summary>
    public Located<bool>? IsOffsite { get; init; }

    /// <summary>The host it is on, when the tool's configuration names one apart from a repository URL (a Bacula storage daemon's <c>Address</c>).</summary>
    public Located<string>? Host { get; init; }

    /// <summary>Declared site (descriptor copies).</summary>
    public Located<string>? Site { get; init; }

    /// <summary>Declared region (descriptor copies).</summary>
    public Located<string>? Region { get; init; }

    /// <summary>Whether the copy is kept offline (only the descriptor can say).</summary>
    public Located<bool>? IsOffline { get; init; }

    /// <summary>Whether the copy is immutable (only the descriptor can say).</summary>
    public Located<bool>? IsImmutable { get; init; }

    /// <summary>Whether this copy is encrypted, when it says so itself.</summary>
    public Located<bool>? IsEncrypted { get; init; }
}

/// <summary>Whether backups are encrypted, and why the model thinks so.</summary>
/// <param name="Value">Encrypted or not.</param>
/// <param name="Location">The key that says so.</param>
/// <param name="Detail">How it was derived, for messages (for example "borg encryption mode repokey-blake2").</param>
public sealed record BackupEncryption(bool Value, Location Location, string Detail);

/// <summary>How far back backups are kept, and which setting decides it.</summary>
/// <param name="Days">Days covered (the longest of the keep rules); <see cref="int.MaxValue"/> when unlimited.</param>
/// <param name="Location">The setting that reaches furthest back.</param>
/// <param name="Detail">That setting as written, for messages.</param>
public sealed record BackupRetention(int Days, Location Location, string Detail);

/// <summary>An automated check the tool runs: borgmatic's <c>extract</c> check (a restore test) or restic's <c>check --read-data</c> (a verification).</summary>
/// <param name="Kind">What is checked, for messages.</param>
/// <param name="IsRestore">Whether the check restores data (borgmatic <c>extract</c>) rather than only reading it.</param>
/// <param name="Location">Where it is configured.</param>
public sealed record BackupCheck(string Kind, bool IsRestore, Location Location);

/// <summary>
/// What one backup tool configuration says about one backup job: a borgmatic file, or one resticprofile profile. Every value keeps
/// the location that set it; a value the configuration cannot express is null.
/// </summary>
public sealed class BackupToolPlan
{
    internal BackupToolPlan(SyntaxTree tree, string? profile, Location location, Location destinationsLocation)
    {
        Tree = tree;
        Profile = profile;
        Location = location;
        DestinationsLocation = destinationsLocation;
    }

    /// <summary>The configuration file.</summary>
    public SyntaxTree Tree { get; }

    /// <summary>The tool (borgmatic, resticprofile or Bacula).</summary>
    public InputFormat Tool => Tree.Format;

    /// <summary>The configuration's path relative to the scan root.</summary>
    public string Path => Tree.Source.Path;

    /// <summary>The resticprofile profile name, or the Bacula Job's name (null for borgmatic).</summary>
    public string? Profile { get; }

    /// <summary>The plan's block: the borgmatic document, the profile's key, or the Bacula Job's name.</summary>
    public Location Location { get; }

    /// <summary>Where the destinations are declared (<c>repositories</c> / <c>repository</c> / a Bacula <c>Storage</c>), or the plan's block.</summary>
    public Location DestinationsLocation { get; }

    /// <summary>A name for messages and keys: the path, with <c>#profile</c> for resticprofile and <c>#job</c> for Bacula.</summary>
    public string Name => Profile is null ? Path : Path + "#" + Profile;

    /// <summary>The repositories written to.</summary>
    public IReadOnlyList<BackupDestination> Destinations { get; init; } = [];

    /// <summary>Encryption, when the configuration says.</summary>
    public BackupEncryption? Encryption { get; init; }

    /// <summary>Retention, when the configuration has keep rules measurable in days.</summary>
    public BackupRetention? Retention { get; init; }

    /// <summary>Interval between backups (resticprofile <c>schedule</c>, the Bacula Job's <c>Schedule</c>; borgmatic has none, its schedule is cron's).</summary>
    public Located<TimeSpan>? Schedule { get; init; }

    /// <summary>Automated checks.</summary>
    public IReadOnlyList<BackupCheck> Checks { get; init; } = [];
}

/// <summary>
/// A backup plan as the rules see it: a descriptor <c>backups[]</c> entry joined with the tool configuration its <c>config</c> names,
/// or a tool configuration no descriptor entry names (its asset unknown). A value the configuration states wins; the descriptor
/// fills in what the configuration cannot say (offline copies, restore-test dates, the asset, a schedule kept in cron).
/// </summary>
public sealed class EffectiveBackupPlan : ModelElement
{
    internal EffectiveBackupPlan(BackupPlan? declared, BackupToolPlan? tool, AssetElement? asset, bool qualifyWithProfile)
    {
        Declared = declared;
        Tool = tool;
        Asset = asset;
        Location = declared?.Location ?? tool!.Location;
        var suffix = qualifyWithProfile && tool?.Profile is { } profile ? "#" + profile : string.Empty;
        Key = declared is null ? "backup-config:" + tool!.Name : declared.Key + suffix;
        Name = declared is null ? tool!.Name : declared.Name + suffix;
    }

    /// <summary>The descriptor entry, when one declares this plan.</summary>
    public BackupPlan? Declared { get; }

    /// <summary>The tool configuration, when there is one.</summary>
    public BackupToolPlan? Tool { get; }

    /// <summary>The asset it protects, when the descriptor names one that exists.</summary>
    public AssetElement? Asset { get; }

    /// <summary>The descriptor, when the plan is declared in one.</summary>
    public ElectionDescriptor? Descriptor => Declared?.Descriptor;

    /// <summary>The name for messages.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override string Key { get; }

    /// <inheritdoc />
    public override Location Location { get; }

    /// <summary>The asset name the descriptor gives (null for an unreferenced tool configuration).</summary>
    public Located<string>? AssetName => Declared?.Asset;

    /// <summary>Every copy: the tool's repositories, then the descriptor's <c>copies</c>.</summary>
    public IReadOnlyList<BackupDestination> Copies => [.. Tool?.Destinations ?? [], .. Declared?.Destinations(Asset) ?? []];

    /// <summary>Where copies are declared: the descriptor's <c>copies</c> key, else the tool's repositories, else the plan.</summary>
    public Location CopiesLocation =>
        Declared is { } d && d.Has("copies") ? d.KeyLocation("copies") : Tool?.DestinationsLocation ?? Location;

    /// <summary>Interval between backups: the tool's schedule, else the descriptor's <c>schedule</c>.</summary>
    public Located<TimeSpan>? Schedule => Tool?.Schedule ?? Declared?.Schedule;

    /// <summary>Encryption: what the tool configuration says, else the descriptor's <c>encrypted</c>.</summary>
    public BackupEncryption? Encryption =>
        Tool?.Encryption ?? (Declared?.Encrypted is { } flag ? new BackupEncryption(flag.Value, flag.Location, $"descriptor 'encrypted: {(flag.Value ? "true" : "false")}'") : null);

    /// <summary>Retention: the tool's keep rules, else the descriptor's <c>retention_days</c>.</summary>
    public BackupRetention? Retention =>
        Tool?.Retention ?? (Declared?.RetentionDays is { } days ? new BackupRetention((int)Math.Clamp(days.Value, 0, int.MaxValue), days.Location, $"retention_days: {days.Value}") : null);

    /// <summary>Date of the last restore test (descriptor only).</summary>
    public Located<DateOnly>? LastRestoreTest => Declared?.LastRestoreTest;

    /// <summary>Automated checks the tool runs.</summary>
    public IReadOnlyList<BackupCheck> Checks => Tool?.Checks ?? [];
}
