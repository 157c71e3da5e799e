using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax.Backup;
using ElectionAudit.Syntax.Yaml;

namespace ElectionAudit.Core.Tests.Backup;

/// <summary>
/// What the backup reader takes a borgmatic file to say, against borgmatic's own loader (Debian's borgmatic 1.7.7;
/// .ci/run installs it). <c>borgmatic.config.load.load_configuration</c> reads a file as borgmatic runs it: YAML with its
/// <c>!include</c>s read and its <c>&lt;&lt;</c> merges done. The configuration <see cref="BorgmaticView"/> builds from the
/// same file must be that, option by option, value by value. borgmatic's loader does not check the schema, so files of
/// both layouts (1.8's top-level options and 1.7's sections) are compared whole.
/// </summary>
/// <remarks>
/// 1.7.7 predates <c>!retain</c>, <c>!omit</c> and lists of includes (1.7.12 and 1.8.1), which the reader tests cover from
/// the documentation instead. An absolute include names the deployed machine's file, so the differential uses relative ones.
/// </remarks>
public sealed partial class BorgmaticDifferentialTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("ea-borgmatic-").FullName;

    // Loads each file named on the command line with borgmatic's loader and prints {file: configuration} as JSON, every
    // scalar as the text YAML would print it (the reader keeps scalars as text), or {file: {"error": ...}}.
    private const string LoaderScript = """
        import json, sys
        from borgmatic.config import load

        def text(value):
            if isinstance(value, bool):
                return 'true' if value else 'false'
            if isinstance(value, (int, float)):
                return repr(value)
            if isinstance(value, dict):
                return {str(key): text(item) for key, item in value.items()}
            if isinstance(value, list):
                return [text(item) for item in value]
            return value

        result = {}
        for name in sys.argv[1:]:
            try:
                result[name] = text(load.load_configuration(name))
            except Exception as error:
                result[name] = {'error': type(error).__name__ + ': ' + str(error)}
        print(json.dumps(result))
        """;

    /// <summary>Configurations that include others as borgmatic's documentation shows, by relative paths.</summary>
    public static TheoryData<string, Dictionary<string, string>> Includes => new()
    {
        {
            "merge-include-local-wins", new()
            {
                ["config.yaml"] = """
                    source_directories:
                        - /var/lib/postgresql
                    repositories:
                        - path: ssh://backup@vault.example.nl/./results.borg
                          label: vault
                    keep_daily: 14

                    <<: !include common/retention.yaml
                    """,
                ["common/retention.yaml"] = """
                    keep_daily: 7
                    keep_weekly: 4
                    keep_monthly: 12
                    encryption_passcommand: cat /etc/borgmatic/passphrase
                    """,
            }
        },
        {
            "value-include", new()
            {
                ["config.yaml"] = """
                    repositories:
                        - path: /mnt/backup/results.borg
                    checks: !include checks.yaml
                    retention:
                        !include retention.yaml
                    """,
                ["checks.yaml"] = """
                    - name: repository
                      frequency: 2 weeks
                    - name: extract
                      frequency: 1 month
                    """,
                ["retention.yaml"] = "keep_daily: 7\nkeep_yearly: 2\n",
            }
        },
        {
            "deep-merge-of-sections", new()
            {
                ["borgmatic.d/results.yaml"] = """
                    location:
                        source_directories: [/srv/results]
                        repositories:
                            - ssh://backup@vault.example.nl/./results.borg
                    retention:
                        keep_daily: 3
                    <<: !include ../common.yaml
                    """,
                ["common.yaml"] = """
                    location:
                        repositories:
                            - /mnt/local/results.borg
                        one_file_system: true
                    retention:
                        keep_daily: 7
                        keep_yearly: 1
                    storage:
                        encryption_passphrase: "correct horse battery staple"
                    consistency:
                        checks:
                            - repository
                            - extract
                    """,
            }
        },
        {
            "nested-includes", new()
            {
                ["config.yaml"] = """
                    repositories:
                        - path: ssh://backup@vault.example.nl/./results.borg
                    <<: !include shared/base.yaml
                    """,
                ["shared/base.yaml"] = """
                    keep_weekly: 8
                    <<: !include checks-and-key.yaml
                    """,
                ["shared/checks-and-key.yaml"] = """
                    encryption_passcommand: pass show borg
                    checks:
                        - name: extract
                    keep_weekly: 2
                    keep_monthly: 6
                    """,
            }
        },
        {
            "yaml-alias-merge", new()
            {
                ["config.yaml"] = """
                    repositories:
                        - path: ssh://backup@vault.example.nl/./results.borg
                    constants: &retention
                        keep_daily: 7
                        keep_weekly: 4
                    retention:
                        <<: *retention
                        keep_weekly: 8
                    """,
            }
        },
    };

    [Theory]
    [MemberData(nameof(Includes))]
    public void Includes_and_merges_read_as_borgmatics_loader_reads_them(string name, Dictionary<string, string> files)
    {
        var folder = Path.Combine(_directory, name);
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(folder, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        var main = files.Keys.First();
        var expected = LoadWithBorgmatic(folder, [main])[main]!;
        expected.AsObject().ContainsKey("error").ShouldBeFalse(expected.ToJsonString());
        Read(folder, files.Keys, main).ShouldBe(expected.ToJsonString(), $"{name}: the reader's configuration (left) and borgmatic's (right)");
    }

    /// <summary>The borgmatic files of the corpus, the samples and the rule fixtures (markers removed) without includes.</summary>
    [Fact]
    public void Every_borgmatic_file_of_the_corpus_samples_and_fixtures_reads_as_borgmatic_reads_it()
    {
        var root = Descriptor.DescriptorLoaderTests.FindRepositoryRoot();
        var sources = new List<string>();
        if (CorpusPaths.TryFindCorpus() is { } corpus)
        {
            sources.AddRange(Directory.EnumerateFiles(Path.Combine(corpus, "backup"), "*", SearchOption.AllDirectories));
        }

        sources.AddRange(Directory.EnumerateFiles(Path.Combine(root, "samples"), "*", SearchOption.AllDirectories));
        sources.AddRange(Directory.EnumerateFiles(Path.Combine(root, "tests", "ElectionAudit.Rules.Tests", "Fixtures"), "*", SearchOption.AllDirectories));
        var loader = new BorgmaticLoader();
        var copies = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in sources.Order(StringComparer.Ordinal))
        {
            var text = Marker().Replace(File.ReadAllText(source), "$1");
            // A file with includes is compared in its own folder, by the theory above: a copy here would lose them.
            if (loader.Detect(source.Replace('\\', '/'), text) == DetectionConfidence.None || text.Contains("!include", StringComparison.Ordinal))
            {
                continue;
            }

            var copy = $"{copies.Count:D3}-{Path.GetFileName(source)}";
            File.WriteAllText(Path.Combine(_directory, copy), text);
            copies.Add(copy, source);
        }

        copies.Count.ShouldBeGreaterThanOrEqualTo(CorpusPaths.TryFindCorpus() is null ? 8 : 14, "the borgmatic files found");
        var expected = LoadWithBorgmatic(_directory, copies.Keys);
        var compared = 0;
        foreach (var (copy, source) in copies)
        {
            var theirs = expected[copy]!;
            if (theirs is JsonObject loaded && loaded.ContainsKey("error"))
            {
                // A file borgmatic cannot load is a syntax error to the reader too.
                BorgmaticLoader.Parse(new ElectionAudit.Text.SourceText(copy, File.ReadAllText(Path.Combine(_directory, copy))), null).Diagnostics.ShouldNotBeEmpty($"{source}: borgmatic says {loaded["error"]}");
                continue;
            }

            Read(_directory, [copy], copy).ShouldBe(theirs.ToJsonString(), $"{source}: the reader's configuration (left) and borgmatic's (right)");
            compared++;
        }

        compared.ShouldBeGreaterThanOrEqualTo(copies.Count - 1);
    }

    // The configuration the reader builds from `main` with the includes the loader followed, as JSON in the loader script's terms.
    private static string Read(string folder, IEnumerable<string> files, string main)
    {
        var fileSystem = new InMemoryFileSystem();
        foreach (var file in files)
        {
            fileSystem.Add(file.Replace('\\', '/'), File.ReadAllText(Path.Combine(folder, file)));
        }

        var result = new BorgmaticLoader().Load([main], fileSystem, new LoadOptions(1));
        result.Diagnostics.ShouldBeEmpty();
        var tree = (YamlSyntaxTree)result.Trees.Single(t => t.Source.Path == main);
        tree.Diagnostics.ShouldBeEmpty();
        return Json(BorgmaticView.Read(tree)!)!.ToJsonString();
    }

    private static JsonNode? Json(BorgmaticValue value) => value switch
    {
        BorgmaticScalar scalar => scalar.Scalar.IsNull ? null : JsonValue.Create(scalar.Text),
        BorgmaticList list => new JsonArray([.. list.Items.Select(Json)]),
        BorgmaticMapping mapping => Sorted(mapping.Entries.Select(e => (e.Key.Value, Json(e.Value)))),
        _ => throw new InvalidOperationException(value.GetType().Name),
    };

    // Both sides' mappings with their keys in one order: option order is not part of the configuration.
    private static JsonObject Sorted(IEnumerable<(string Key, JsonNode? Value)> entries) =>
        new(entries.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => KeyValuePair.Create(e.Key, e.Value)));

    private static JsonNode? SortKeys(JsonNode? node) => node switch
    {
        JsonObject obj => Sorted(obj.Select(p => (p.Key, SortKeys(p.Value?.DeepClone())))),
        JsonArray array => new JsonArray([.. array.Select(i => SortKeys(i?.DeepClone()))]),
        _ => node?.DeepClone(),
    };

    private Dictionary<string, JsonNode?> LoadWithBorgmatic(string folder, IEnumerable<string> files)
    {
        ExternalProgram.Require("validate-borgmatic-config");

        // Debian's borgmatic is a module of the system Python, which a PATH python3 (pyenv) may not be.
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : ExternalProgram.Require("python3");

        // A relative include is looked for in the working directory first: an empty one leaves the including file's folder.
        var empty = Directory.CreateDirectory(Path.Combine(_directory, "cwd")).FullName;
        var (exitCode, output, errors) = ExternalProgram.Run(python, ["-c", LoaderScript, .. files.Select(f => Path.Combine(folder, f))], empty);
        exitCode.ShouldBe(0, errors);
        var loaded = JsonNode.Parse(output)!.AsObject();
        return files.ToDictionary(f => f, f => SortKeys(loaded[Path.Combine(folder, f)]), StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\{\|[A-Z]{2}[0-9]{4}:(.*?)\|\}")]
    private static partial Regex Marker();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
