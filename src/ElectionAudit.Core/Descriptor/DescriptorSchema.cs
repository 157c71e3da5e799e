using ElectionAudit.Schema;

namespace ElectionAudit.Descriptor;

/// <summary>
/// Version 1 of the election infrastructure descriptor: the facts no configuration file holds.
/// This is the only definition of its keys; <c>schemas/election-infrastructure.v1.schema.json</c> is generated from it (a test fails on drift).
/// </summary>
public static class DescriptorSchema
{
    /// <summary>The published JSON Schema's <c>$id</c>.</summary>
    public const string SchemaId = "https://github.com/electionaudit/electionaudit/blob/main/schemas/election-infrastructure.v1.schema.json";

    /// <summary>Site roles. <c>results</c> raises the severity of web and TLS rules.</summary>
    public static IReadOnlyList<string> SiteRoles { get; } = ["results", "info", "registration", "admin", "party", "other"];

    /// <summary>Asset roles that RULES.md treats as critical whatever their declared criticality.</summary>
    public static IReadOnlyList<string> AssetRoles { get; } = ["results_db", "voter_register", "web_content", "dns_keys", "config", "tabulation", "ems", "logs", "other"];

    /// <summary>The root schema.</summary>
    public static ObjectSchema Root { get; } = Build();

    private static ScalarSchema Text(string description) => new(ScalarKind.Text, description);

    private static ScalarSchema Flag(string description) => new(ScalarKind.Boolean, description);

    private static ScalarSchema Number(string description) => new(ScalarKind.WholeNumber, description);

    private static ScalarSchema Date(string description) => new(ScalarKind.Date, description);

    private static ScalarSchema Duration(string description) => new(ScalarKind.Duration, description);

    private static ScalarSchema OneOf(string description, params string[] values) => new(ScalarKind.Enum, description, values);

    private static ArraySchema ListOf(SchemaNode items, string description) => new(items, description);

    private static SchemaField F(string name, SchemaNode type, bool required = false) => new(name, type, required);

    private static ObjectSchema Build()
    {
        var hosts = ListOf(Text("A host name (FQDN)."), "Host names this entry serves.");
        var provider = Text("Name of a provider listed under providers[].");

        var election = new ObjectSchema(
            "The election this infrastructure serves.",
            F("name", Text("Name of the election."), required: true),
            F("date", Date("Polling day."), required: true),
            F("certification_date", Date("Day the results are certified.")),
            F("challenge_period_days", Number("Days after certification during which results can be challenged in court.")),
            F("jurisdiction", Text("ISO 3166-1 alpha-2 country code of the jurisdiction, for example NL or US.")));

        var organisation = new ObjectSchema(
            "Who runs this infrastructure.",
            F("name", Text("Organisation name.")),
            F("kind", OneOf("What kind of organisation.", "election_authority", "party", "contractor", "other")));

        var site = new ObjectSchema(
            "A website or web service.",
            F("name", Text("Short identifier of the site."), required: true),
            F("hosts", hosts),
            F("role", OneOf("What the site is for; 'results' raises the severity of web and TLS findings.", [.. SiteRoles])),
            F("official", Flag("Whether this is an official site of the election authority.")),
            F("ddos", new ObjectSchema(
                "DDoS mitigation in front of the site.",
                F("provider", provider),
                F("cdn", Text("CDN in front of the site, if any.")),
                F("origin_restricted", Flag("Whether the origin accepts traffic only from the provider.")))),
            F("static_fallback", new ObjectSchema(
                "A static copy of the site served from an independent origin.",
                F("url", Text("Where the fallback is served.")),
                F("provider", provider),
                F("formats", ListOf(OneOf("A format.", "html", "csv", "pdf", "json"), "Formats published there.")))),
            F("static_snapshot", Text("Where a deployable static copy of the site is kept, for quick redeploy after defacement.")),
            F("monitoring", new ObjectSchema(
                "Traffic monitoring.",
                F("ids", Text("Intrusion detection system watching the site.")),
                F("traffic_baseline_alert", Flag("Whether an alert fires when traffic departs from its baseline.")))),
            F("failover", new ObjectSchema(
                "Declared failover for the site.",
                F("type", OneOf("How failover happens.", "dns", "anycast", "load_balancer")),
                F("standby", Text("Host name of the standby.")),
                F("ttl_max", Duration("Largest DNS TTL the failover plan tolerates.")))));

        var zone = new ObjectSchema(
            "A DNS zone the election depends on.",
            F("name", Text("Zone apex, for example elections.example.gov."), required: true),
            F("file", Text("Zone file path relative to the repository root.")),
            F("dnssec", Flag("Whether the zone is DNSSEC-signed.")),
            F("ds_published", Flag("Whether the DS record is published in the parent zone.")),
            F("providers", ListOf(provider, "DNS providers serving the zone.")),
            F("registration_expires", Date("When the domain's registration at the registrar expires (for a zone that is a registered domain).")));

        var dns = new ObjectSchema(
            "DNS facts.",
            F("zones", ListOf(zone, "Zones.")),
            F("domains", new ObjectSchema(
                "Domain names.",
                F("official", ListOf(Text("A domain name."), "Official domains.")),
                F("defensive", ListOf(Text("A domain name."), "Look-alike domains registered defensively.")))),
            F("providers", ListOf(provider, "DNS providers.")),
            F("external_targets", ListOf(
                new ObjectSchema(
                    "A third-party name CNAMEs may point to.",
                    F("name", Text("The target name or suffix."), required: true),
                    F("owner", Text("Who controls it."))),
                "Third-party CNAME targets known to be held by the organisation.")));

        var email = new ObjectSchema(
            "Mail facts.",
            F("sends", Flag("Whether the official domains send mail.")),
            F("domains", ListOf(Text("A domain name."), "Sending domains.")),
            F("dkim_selectors", ListOf(Text("A DKIM selector."), "DKIM selectors in use.")));

        var integrity = new ObjectSchema(
            "How published results can be verified.",
            F("signature", Text("Signature scheme or key used to sign published results (for example 'OpenPGP 0xABCD' or 'CMS').")),
            F("checksums", OneOf("Checksum algorithm published with each file.", "sha256", "sha384", "sha512")));

        var transmission = new ObjectSchema(
            "How count centres transmit results.",
            F("protocol", OneOf("Transport protocol.", "https", "sftp", "ipsec", "tls", "http", "ftp", "email", "fax", "phone", "other")),
            F("mutual_auth", Flag("Whether both ends authenticate each other.")));

        var channel = new ObjectSchema(
            "A results channel.",
            F("name", Text("Short identifier of the channel."), required: true),
            F("official", Flag("Whether this is the official results channel (ENISA recommendation 6).")),
            F("purpose", OneOf("What the channel is for.", "publication", "backup", "validation", "transmission")),
            F("host", Text("Host name the channel is served from.")),
            F("provider", provider),
            F("integrity", integrity),
            F("transmission", transmission));

        var results = new ObjectSchema(
            "Results dissemination.",
            F("channels", ListOf(channel, "Results channels: the official one and a backup channel to validate with count centres (ENISA recommendation 6).")),
            F("static_fallback", new ObjectSchema(
                "A static copy of the results on an independent origin.",
                F("url", Text("Where it is served.")),
                F("provider", provider),
                F("formats", ListOf(OneOf("A format.", "html", "csv", "pdf", "json"), "Formats.")))),
            F("integrity", integrity),
            F("transmission", transmission),
            F("max_outage", Duration("Longest tolerable outage of results publication (default 60m).")));

        var location = new ObjectSchema(
            "Where an asset or a backup copy lives.",
            F("site", Text("Data centre or building.")),
            F("region", Text("Region or availability zone.")),
            F("host", Text("Host name.")),
            F("network", Text("Network segment.")),
            F("provider", provider));

        var asset = new ObjectSchema(
            "An information asset.",
            F("name", Text("Short identifier of the asset."), required: true),
            F("role", OneOf("What the asset is.", [.. AssetRoles])),
            F("criticality", OneOf("How critical the asset is.", "high", "medium", "low")),
            F("rpo", Duration("Recovery point objective (default 24h for election data).")),
            F("rto", Duration("Recovery time objective.")),
            F("hosts", hosts),
            F("location", location),
            F("internet_facing", Flag("Whether the asset is reachable from the internet.")),
            F("personal_data", Flag("Whether the asset holds voters' personal data.")));

        var copy = new ObjectSchema(
            "One copy a backup writes.",
            F("site", Text("Where the copy is kept.")),
            F("region", Text("Region of the copy.")),
            F("provider", provider),
            F("offline", Flag("Whether the copy is kept offline (air-gapped).")),
            F("immutable", Flag("Whether the copy cannot be changed or deleted before its retention ends (object lock, WORM).")),
            F("encrypted", Flag("Whether the copy is encrypted.")));

        var backup = new ObjectSchema(
            "A backup plan.",
            F("name", Text("Short identifier of the plan."), required: true),
            F("asset", Text("Name of the asset (assets[].name) this plan protects."), required: true),
            F("tool", OneOf("The backup tool.", "borgmatic", "resticprofile", "restic", "bacula", "veeam", "provider", "other")),
            F("config", Text("Path of the backup tool's configuration, relative to the repository root; '#name' after it picks one resticprofile profile or one Bacula Job.")),
            F("schedule", Duration("Interval between backups, for example 1h or 24h.")),
            F("copies", ListOf(copy, "Copies written.")),
            F("retention_days", Number("How many days backups are kept.")),
            F("encrypted", Flag("Whether backups are encrypted (applies to copies that do not say).")),
            F("last_restore_test", Date("Date of the last successful restore test.")));

        var incidentResponse = new ObjectSchema(
            "Incident response.",
            F("plan", Text("Where the incident response plan is (document path or reference).")),
            F("last_reviewed", Date("Date the plan was last reviewed.")),
            F("owner", Text("Who owns the plan.")));

        var exercise = new ObjectSchema(
            "An exercise of the incident response plan.",
            F("name", Text("Name of the exercise.")),
            F("date", Date("When it took place."), required: true),
            F("type", OneOf("Kind of exercise.", "tabletop", "functional", "full_scale", "red_team")),
            F("scenario", Text("What was exercised.")));

        var account = new ObjectSchema(
            "An account with access to election systems.",
            F("name", Text("Account or role name."), required: true),
            F("system", Text("System it gives access to (registrar, dns, cdn, hosting, cms, backup_console ...).")),
            F("privileged", Flag("Whether the account is privileged.")),
            F("mfa", Flag("Whether multi-factor authentication is enforced.")),
            F("shared", Flag("Whether several people use the account.")));

        var software = new ObjectSchema(
            "A software product in use.",
            F("name", Text("Product name, for example nginx."), required: true),
            F("version", Text("Version in use.")),
            F("eol", Date("End-of-life date of this version.")),
            F("min_version", Text("Lowest acceptable version.")));

        var providerEntry = new ObjectSchema(
            "A third-party provider.",
            F("name", Text("Provider name, as other entries refer to it."), required: true),
            F("kind", OneOf("What the provider does.", "hosting", "cdn", "dns", "registrar", "ddos", "backup", "email", "other")),
            F("contact", Text("Escalation contact (24/7 around the election).")),
            F("incident_response", Text("Where the contract's incident-response terms are.")),
            F("domains", ListOf(Text("A domain name, for example shieldcdn.example."), "Domains of the provider's infrastructure: name servers and CNAME targets at or below them are the provider's.")),
            F("networks", ListOf(Text("An address or CIDR range, for example 203.0.113.0/24."), "Address ranges the provider serves from (CDN edges, hosting).")));

        var party = new ObjectSchema(
            "A political organisation supported or audited.",
            F("name", Text("Party name."), required: true),
            F("incident_response", new ObjectSchema("The party's incident response.", F("plan", Text("Where the plan is.")))),
            F("mfa_enforced", Flag("Whether the party enforces MFA on its accounts.")),
            F("csirt_liaison", Text("The party's contact with the national CSIRT.")));

        return new ObjectSchema(
            "ElectionAudit election infrastructure descriptor, version 1.",
            F("version", OneOf("Descriptor schema version.", "1"), required: true),
            F("election", election, required: true),
            F("organisation", organisation),
            F("classification", new ObjectSchema(
                "Critical-infrastructure status (ENISA recommendation 7).",
                F("critical_infrastructure", Flag("Whether the election infrastructure is designated critical infrastructure.")),
                F("sector", Text("The designation's sector or legal basis.")))),
            F("sites", ListOf(site, "Websites and web services.")),
            F("dns", dns),
            F("email", email),
            F("results", results),
            F("assets", ListOf(asset, "Information assets.")),
            F("backups", ListOf(backup, "Backup plans.")),
            F("incident_response", incidentResponse),
            F("exercises", ListOf(exercise, "Exercises (ENISA recommendation 5).")),
            F("csirt", new ObjectSchema(
                "The CSIRT that supports this organisation.",
                F("name", Text("CSIRT name.")),
                F("contact", Text("How to reach it.")))),
            F("security_contact", Text("Where vulnerabilities are reported (security.txt URL or address).")),
            F("accounts", ListOf(account, "Accounts with access to election systems.")),
            F("logging", new ObjectSchema(
                "Logging.",
                F("retention_days", Number("How many days logs are kept.")),
                F("remote", Flag("Whether logs are shipped off the host.")),
                F("siem", Text("Where logs are centralised.")))),
            F("software", ListOf(software, "Software in use.")),
            F("providers", ListOf(providerEntry, "Third-party providers.")),
            F("parties", ListOf(party, "Political organisations (ENISA recommendations 8, 10, 11).")),
            F("load_tests", ListOf(
                new ObjectSchema(
                    "A load test of the results site.",
                    F("date", Date("When it ran."), required: true),
                    F("peak_rps", Number("Peak requests per second sustained.")),
                    F("target", Text("Host tested."))),
                "Pre-election load tests.")),
            F("change_freeze", new ObjectSchema(
                "A change freeze around the election.",
                F("from", Date("First day of the freeze.")),
                F("to", Date("Last day of the freeze.")))),
            F("legal", new ObjectSchema(
                "Legal requirements.",
                F("retention_days", Number("Days election records must be kept by law.")))));
    }
}
