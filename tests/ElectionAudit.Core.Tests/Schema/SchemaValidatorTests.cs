using ElectionAudit.Schema;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Schema;

public class SchemaValidatorTests
{
    private static readonly ObjectSchema Schema = new(
        "a test document",
        new SchemaField("version", new ScalarSchema(ScalarKind.WholeNumber, "the version"), Required: true),
        new SchemaField("sites", new ArraySchema(
            new ObjectSchema(
                "a site",
                new SchemaField("name", new ScalarSchema(ScalarKind.Text, "the name"), Required: true),
                new SchemaField("role", new ScalarSchema(ScalarKind.Enum, "the role", ["results", "info"])),
                new SchemaField("hosts", new OneOfSchema("hosts", new ScalarSchema(ScalarKind.Text, "one host"), new ArraySchema(new ScalarSchema(ScalarKind.Text, "a host"), "hosts"))),
                new SchemaField("tls", new ObjectSchema("TLS", new SchemaField("min", new ScalarSchema(ScalarKind.Enum, "a version", ["TLSv1.2", "TLSv1.3"]))))),
            "the sites")),
        new SchemaField("labels", new MapSchema(new ScalarSchema(ScalarKind.Text, "a label"), "lower-case words", "^[a-z]+$")));

    private static IReadOnlyList<SchemaProblem> Validate(string text, string path = "") =>
        SchemaValidator.Validate(YamlParser.Parse(new SourceText("d.yml", text), InputFormat.Descriptor).Document.Root!, Schema, path);

    [Fact]
    public void Each_problem_names_the_path_of_its_value_with_keys_dotted_and_list_items_indexed()
    {
        var problems = Validate(
            "sites:\n" +
            "  - name: results\n" +
            "    rol: results\n" +
            "    tls:\n" +
            "      min: TLSv1.0\n" +
            "  - role: infoo\n" +
            "    hosts: {a: b}\n" +
            "    name: x\n" +
            "labels:\n" +
            "  ok: fine\n" +
            "  Not-OK: x\n");

        problems.Select(p => (p.Path, p.Message, p.Node.GetLocation().StartLine)).ShouldBe(
        [
            ("sites[0].rol", "Unknown key 'sites[0].rol'. Did you mean 'role'?", 3),
            ("sites[0].tls.min", "'sites[0].tls.min' must be one of TLSv1.2, TLSv1.3; found 'TLSv1.0'. Did you mean 'TLSv1.2'?", 5),
            ("sites[1].role", "'sites[1].role' must be one of results, info; found 'infoo'. Did you mean 'info'?", 6),
            ("sites[1].hosts", "'sites[1].hosts' must be text or a list, not a mapping.", 7),
            ("labels.Not-OK", "'Not-OK' is not a valid key under 'labels': lower-case words", 11),
            (string.Empty, "The document lacks the required key 'version'.", 1),
        ]);
    }

    [Fact]
    public void A_problem_at_the_top_names_the_document_and_a_prefix_starts_every_path()
    {
        Validate("- 1\n").Select(p => (p.Path, p.Message)).ShouldBe([(string.Empty, "The document must be a mapping, not a sequence.")]);
        Validate("version: 1\nsites: [{}]\n", "election").Select(p => (p.Path, p.Message)).ShouldBe(
            [("election.sites[0]", "'election.sites[0]' lacks the required key 'name'.")]);
        Validate("version: 1\nsites:\n  - name: a\n    tls:\n", "x").ShouldBeEmpty();
    }
}
