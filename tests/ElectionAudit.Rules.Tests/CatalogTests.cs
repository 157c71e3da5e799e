using System.Text.RegularExpressions;
using ElectionAudit.Engine;
using ElectionAudit.Reporting;

namespace ElectionAudit.Rules.Tests;

/// <summary>One set of checks over every rule, with no per-rule code (STYLE.md §3).</summary>
public partial class CatalogTests
{
    private static readonly IReadOnlyList<RuleDescriptor> AllDescriptors = new AuditEngine(BuiltInRules.All).Descriptors;

    public static TheoryData<string> RuleIds() => new(AllDescriptors.Select(d => d.Id));

    [Fact]
    public void Ids_are_well_formed_unique_and_match_their_class_names()
    {
        AllDescriptors.Select(d => d.Id).ShouldBeUnique();
        foreach (var rule in BuiltInRules.All)
        {
            foreach (var descriptor in rule.SupportedRules)
            {
                IdPattern().IsMatch(descriptor.Id).ShouldBeTrue(descriptor.Id);
                rule.GetType().Name.ShouldStartWith(descriptor.Id, customMessage: "a rule's class is named after its ID and title (STYLE.md §1)");
            }
        }
    }

    [Fact]
    public void Every_rule_class_in_the_assembly_is_registered()
    {
        var registered = BuiltInRules.All.Select(r => r.GetType()).ToHashSet();
        var declared = typeof(BuiltInRules).Assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract && typeof(AuditRule).IsAssignableFrom(t));
        declared.Where(t => !registered.Contains(t)).ShouldBeEmpty("every rule class must be listed in BuiltInRules.All");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_a_complete_page(string id)
    {
        var descriptor = AllDescriptors.Single(d => d.Id == id);
        var path = Path.Combine(RepositoryPaths.RulesDocs, id + ".md");
        File.Exists(path).ShouldBeTrue($"rules-docs/{id}.md is missing");
        var page = File.ReadAllText(path);
        page.ShouldStartWith($"# {id}: ");
        page.ShouldNotContain("TODO");
        foreach (var heading in new[] { "## What it checks and why it matters", "## Where it comes from", "## How to fix", "## How to suppress", "## Options" })
        {
            page.ShouldContain(heading, customMessage: $"{id}.md lacks '{heading}'");
        }

        foreach (var option in descriptor.Options)
        {
            page.ShouldContain($"`{option.Key}`", customMessage: $"{id}.md does not document option {option.Key}");
        }

        if (descriptor.Traceability.Any(t => t.Mapping == TraceMapping.Interpretation))
        {
            page.ShouldContain("our reading", customMessage: $"{id} has an interpretive mapping; its page must say so");
        }

        // A rule's findings can be suppressed where they are, so its page shows the inline form (tool rules excepted:
        // their findings are about the scan itself).
        if (!id.StartsWith("EA0", StringComparison.Ordinal))
        {
            var suppress = page[page.IndexOf("## How to suppress", StringComparison.Ordinal)..page.IndexOf("## Options", StringComparison.Ordinal)];
            suppress.ShouldContain($"electionaudit-disable-next-line {id}", customMessage: $"{id}.md does not show the inline suppression comment");
        }

        RuleDocumentation.GetPage(id).ShouldBe(page, "the embedded page equals the file");
    }

    [Theory]
    [MemberData(nameof(RuleIds))]
    public void Rule_has_traceability_and_sane_metadata(string id)
    {
        var descriptor = AllDescriptors.Single(d => d.Id == id);

        // SARIF2012 (the Multitool) wants the friendly name to be one Pascal identifier: capitals only at word starts.
        descriptor.Name.ShouldMatch(@"^(\p{Lu}[\p{Ll}\p{Nd}]+)+$");
        descriptor.Traceability.ShouldNotBeEmpty();
        descriptor.Title.ShouldNotBeNullOrWhiteSpace();
        descriptor.Description.Length.ShouldBeLessThanOrEqualTo(1024);
        descriptor.Name.Length.ShouldBeLessThanOrEqualTo(255);
        descriptor.SecuritySeverity.ShouldBeInRange(0.1, 10.0);
        descriptor.Formats.ShouldNotBeEmpty();
        descriptor.AllTags().Count.ShouldBeLessThanOrEqualTo(20);
        descriptor.AllTags().ShouldContain("security");
        descriptor.HelpUri.ShouldEndWith($"/rules-docs/{id}.md");
    }

    [Fact]
    public void Every_builtin_rule_has_positive_and_negative_fixtures()
    {
        foreach (var descriptor in BuiltInRules.All.SelectMany(r => r.SupportedRules))
        {
            var dir = Path.Combine(RepositoryPaths.Fixtures, descriptor.Id);
            Directory.Exists(dir).ShouldBeTrue($"no fixtures for {descriptor.Id}");
            // A case is a file or a folder of files forming one scan (see FixtureTests); a folder's text is all its files.
            var files = Directory.GetFileSystemEntries(dir)
                .Select(entry => string.Concat(FixtureTests.ReadFixture(descriptor.Id, Path.GetFileName(entry), out _).Select(f => f.MarkedText)))
                .ToList();
            files.Any(t => t.Contains("{|" + descriptor.Id + ":", StringComparison.Ordinal) || t.Contains("[|", StringComparison.Ordinal)).ShouldBeTrue($"{descriptor.Id} has no positive fixture");
            files.Any(t => !t.Contains("{|", StringComparison.Ordinal) && !t.Contains("[|", StringComparison.Ordinal)).ShouldBeTrue($"{descriptor.Id} has no negative fixture");
        }
    }

    [Fact]
    public void Every_rule_runs_on_empty_input_of_each_format_it_reads()
    {
        var fileSystem = new InMemoryFileSystem()
            .Add("empty.election.yml", string.Empty)
            .Add("only-version.election.yml", "version: 1\n")
            .Add("not-a-mapping.election.yml", "- just\n- a list\n")
            .Add("nginx/nginx.conf", "http {\n    include sites/*.conf;\n}\n")
            .Add("nginx/sites/empty.conf", string.Empty)
            .Add("nginx/sites/truncated.conf", "server {\n    listen 443 ssl;\n    ssl_certificate ssl/missing.pem;\n    ssl_dhparam ssl/missing.pem;\n")
            .Add("nginx/ssl/empty.pem", string.Empty)
            .Add("apache2/apache2.conf", "Listen 443\nSSLEngine on\nIncludeOptional sites-enabled/*.conf\n")
            .Add("apache2/sites-enabled/empty.conf", string.Empty)
            .Add("apache2/sites-enabled/truncated.conf", "<VirtualHost *:443>\n    SSLEngine on\n    SSLCertificateFile ssl/missing.pem\n    SSLOpenSSLConfCmd DHParameters ssl/missing.pem\n")
            .Add("empty.zone", string.Empty)
            .Add("db.only-ttl", "$TTL 1h\n")
            .Add("named.conf", string.Empty)
            .Add("named.conf.zones", "zone \"x\" { };\n");
        var result = new AuditEngine(BuiltInRules.All).Analyze(fileSystem, [.. fileSystem.Paths]);
        result.Findings.Where(f => f.RuleId == "EA0001").ShouldBeEmpty();
        result.ExecutionSuccessful.ShouldBeTrue();
    }

    [Fact]
    public void Rule_index_is_generated_from_the_descriptors()
    {
        var expected = RuleCatalogWriter.Write(AllDescriptors);
        var path = Path.Combine(RepositoryPaths.RulesDocs, "README.md");
        if (Environment.GetEnvironmentVariable("ELECTIONAUDIT_REGENERATE") == "1")
        {
            File.WriteAllText(path, expected);
        }

        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(expected, "rules-docs/README.md is stale: run ELECTIONAUDIT_REGENERATE=1 dotnet test");
    }

    [GeneratedRegex("^EA[0-7][0-9]{3}$")]
    private static partial Regex IdPattern();
}
