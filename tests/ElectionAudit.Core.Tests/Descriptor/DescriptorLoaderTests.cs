using ElectionAudit.Descriptor;
using ElectionAudit.Engine;
using ElectionAudit.Schema;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Descriptor;

public class DescriptorLoaderTests
{
    private const string Valid = "version: 1\nelection:\n  name: Municipal election\n  date: 2027-03-17\n";

    private static List<(int Line, int Column, string Message)> Problems(string text) =>
        DescriptorLoader.Parse(new SourceText("e.yml", text)).Diagnostics
            .Select(d => (d.Location.StartLine, d.Location.StartColumn, d.Message)).ToList();

    [Fact]
    public void A_valid_descriptor_has_no_diagnostics()
    {
        Problems(Valid).ShouldBeEmpty();
    }

    [Fact]
    public void Unknown_key_is_EA0004_at_the_key_with_a_suggestion()
    {
        var tree = DescriptorLoader.Parse(new SourceText("e.yml", Valid + "sites:\n  - name: results\n    rol: results\n"));
        var diagnostic = tree.Diagnostics.ShouldHaveSingleItem();
        diagnostic.RuleId.ShouldBe("EA0004");
        diagnostic.Message.ShouldBe("Unknown key 'sites[0].rol'. Did you mean 'role'?");
        (diagnostic.Location.StartLine, diagnostic.Location.StartColumn, diagnostic.Location.EndColumn).ShouldBe((7, 5, 8));
        diagnostic.LogicalKey.ShouldBe("sites[0].rol");
    }

    [Fact]
    public void Wrong_values_name_the_expected_form()
    {
        Problems(Valid.Replace("2027-03-17", "17 March 2027", StringComparison.Ordinal) + "sites:\n  - name: r\n    role: result\n    official: yes\nbackups:\n  - name: b\n    asset: a\n    schedule: daily\n").ShouldBe(
        [
            (4, 9, "'election.date' must be a date (YYYY-MM-DD); found '17 March 2027'."),
            (7, 11, "'sites[0].role' must be one of results, info, registration, admin, party, other; found 'result'. Did you mean 'results'?"),
            (8, 15, "'sites[0].official' must be true or false; found 'yes'."),
            (12, 15, "'backups[0].schedule' must be a duration such as 30m, 24h or 1d12h; found 'daily'."),
        ]);
    }

    [Fact]
    public void Missing_required_keys_and_wrong_shapes_are_reported()
    {
        Problems("version: 1\nelection:\n  name: x\nsites: results\n").ShouldBe(
        [
            (3, 3, "'election' lacks the required key 'date'."),
            (4, 8, "'sites' must be a list, not a scalar."),
        ]);
    }

    [Fact]
    public void Typed_elements_read_values_with_their_locations()
    {
        var tree = DescriptorLoader.Parse(new SourceText("e.yml", Valid + "assets:\n  - name: db\n    rpo: 1h30m\nbackups:\n  - name: b\n    asset: db\n    encrypted: true\n    copies:\n      - {site: x, offline: true}\n      - {site: y, encrypted: false}\n"));
        var descriptor = new ElectionDescriptor(tree);
        descriptor.ElectionDate!.Value.ShouldBe(new DateOnly(2027, 3, 17));
        descriptor.ElectionDate.Location.StartLine.ShouldBe(4);
        descriptor.Assets.ShouldHaveSingleItem().RecoveryPointObjective!.Value.ShouldBe(TimeSpan.FromMinutes(90));
        var plan = descriptor.Backups.ShouldHaveSingleItem();
        plan.Copies.Select(c => (c.IsOffline, c.IsEncrypted)).ShouldBe([(true, (bool?)true), (false, (bool?)false)]);
        descriptor.Elements().Select(e => e.Key).ShouldBe(["descriptor", "asset:db", "backup:b", "backup:b/copy[0]", "backup:b/copy[1]"]);
    }

    [Fact]
    public void Invalid_values_read_as_absent_so_rules_never_guess()
    {
        var descriptor = new ElectionDescriptor(DescriptorLoader.Parse(new SourceText("e.yml", Valid.Replace("2027-03-17", "soon", StringComparison.Ordinal))));
        descriptor.ElectionDate.ShouldBeNull();
    }

    [Fact]
    public void Value_readers_agree_with_the_located_accessors()
    {
        var descriptor = new ElectionDescriptor(DescriptorLoader.Parse(new SourceText("e.yml", Valid + "extra:\n  text: results\n  empty: ''\n  nothing: ~\n  on: true\n  off: false\n  bad: sometimes\n")));
        var extra = descriptor.Section("extra");

        string[] keys = ["text", "empty", "nothing", "on", "off", "bad", "missing"];
        keys.Select(extra.GetTextValue).ShouldBe(["results", null, null, "true", "false", "sometimes", null]);
        keys.Select(extra.GetTextValue).ShouldBe(keys.Select(k => extra.GetText(k)?.Value));
        keys.Select(extra.GetBooleanValue).ShouldBe([null, null, null, true, false, null, null]);
        keys.Select(extra.GetBooleanValue).ShouldBe(keys.Select(k => extra.GetBoolean(k)?.Value));
        descriptor.Section("absent").GetTextValue("text").ShouldBeNull();
        descriptor.Section("absent").GetBooleanValue("on").ShouldBeNull();
    }

    [Fact]
    public void Elements_and_sections_point_at_their_mapping_their_key_or_their_parent_made_once()
    {
        var descriptor = new ElectionDescriptor(DescriptorLoader.Parse(new SourceText("e.yml", Valid + "sites:\n  - name: r\n    ddos: none\n    monitoring:\n      alerts:\n        - {to: soc}\n")));
        var site = descriptor.Sites.ShouldHaveSingleItem();
        var siteMapping = site.Mapping!;

        site.Location.ShouldBe(siteMapping.GetLocation());
        site.Location.StartLine.ShouldBe(6);
        site.Location.ShouldBeSameAs(site.Location);

        // A key whose value is not a mapping: the section is absent and points at the key.
        site.Ddos.IsPresent.ShouldBeFalse();
        site.Ddos.Location.ShouldBe(siteMapping.Find("ddos")!.Key.GetLocation());
        At(site.Ddos.Location).ShouldBe("(7,5)-(7,9)");
        site.Ddos.Location.ShouldBe(site.KeyLocation("ddos"));

        site.StaticFallback.Location.ShouldBe(site.Location);
        site.Monitoring.Location.ShouldBe(siteMapping.Find("monitoring")!.Value.GetLocation());
        site.Monitoring.Location.StartLine.ShouldBe(9);
        var alert = site.Monitoring.Items("alerts").ShouldHaveSingleItem();
        alert.Key.ShouldBe("site:r/monitoring.alerts[0]");
        alert.Location.ShouldBe(alert.Mapping!.GetLocation());
        alert.Location.StartLine.ShouldBe(10);
        alert.Section("absent").Location.ShouldBe(alert.Location);

        // Keys are joined when first read, from the parent's, and kept.
        (site.Key, site.Ddos.Key, site.Monitoring.Key, alert.Section("absent").Key).ShouldBe(("site:r", "site:r/ddos", "site:r/monitoring", "site:r/monitoring.alerts[0].absent"));
        site.Key.ShouldBeSameAs(site.Key);
        alert.Key.ShouldBeSameAs(alert.Key);
        site.Monitoring.Section("x").Section("y").Key.ShouldBe("site:r/monitoring.x.y");

        var empty = new ElectionDescriptor(DescriptorLoader.Parse(new SourceText("empty.yml", string.Empty)));
        empty.Location.ShouldBe(Location.ForFile("empty.yml"));
        empty.Section("election").Location.ShouldBe(Location.ForFile("empty.yml"));
        (empty.Section("election").Key, empty.Section("election").Section("day").Key).ShouldBe(("election", "election.day"));
    }

    private static string At(Location location) => $"({location.StartLine},{location.StartColumn})-({location.EndLine},{location.EndColumn})";

    [Theory]
    [InlineData("infra/election-infrastructure.yml", "anything: 1", DetectionConfidence.FileName)]
    [InlineData("x/municipal.election.yaml", "", DetectionConfidence.FileName)]
    [InlineData("deploy/facts.yml", "version: 1\nelection:\n  name: x\n", DetectionConfidence.Content)]
    [InlineData("deploy/facts.yml", "version: 1\nservices: []\n", DetectionConfidence.None)]
    [InlineData(".electionaudit.yml", "version: 1\nelection: {}\n", DetectionConfidence.None)]
    [InlineData("nginx.conf", "version: 1\nelection: {}\n", DetectionConfidence.None)]
    [InlineData("deploy/facts.yml", "version: 1\r\nelection:\r\n", DetectionConfidence.Content)]
    [InlineData("deploy/facts.yml", "version: 1\relection:\r", DetectionConfidence.None)]
    public void Detects_descriptors_by_name_then_content(string path, string text, DetectionConfidence expected)
    {
        new DescriptorLoader().Detect(path, text).ShouldBe(expected);
        var snapshot = SourceText.FromBytes(path, System.Text.Encoding.ASCII.GetBytes(text));
        new DescriptorLoader().Detect(path, snapshot).ShouldBe(expected);
        snapshot.HasMadeText.ShouldBeFalse();
    }

    [Fact]
    public void Published_json_schemas_are_generated_from_the_schema_definitions()
    {
        var root = FindRepositoryRoot();
        CheckGenerated(Path.Combine(root, "schemas", "election-infrastructure.v1.schema.json"), JsonSchemaWriter.Write(DescriptorSchema.Root, DescriptorSchema.SchemaId, "ElectionAudit election infrastructure descriptor v1"));
        CheckGenerated(Path.Combine(root, "schemas", "electionaudit-config.schema.json"), JsonSchemaWriter.Write(ElectionAudit.Configuration.ConfigurationSchema.Root, ElectionAudit.Configuration.ConfigurationSchema.SchemaId, "ElectionAudit configuration"));
    }

    private static void CheckGenerated(string path, string expected)
    {
        if (Environment.GetEnvironmentVariable("ELECTIONAUDIT_REGENERATE") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, expected);
        }

        File.ReadAllText(path).ReplaceLineEndings("\n").ShouldBe(expected, $"{path} is stale: run ELECTIONAUDIT_REGENERATE=1 dotnet test");
    }

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ElectionAudit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
