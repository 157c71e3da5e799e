using System.Reflection;
using ElectionAudit.Cli;
using ElectionAudit.Plugins;
using ElectionAudit.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ElectionAudit.Cli.Tests;

/// <summary>
/// Plugins compiled for the test with Roslyn against the host's ElectionAudit.Core: a good one, and each way one can be
/// wrong. Every wrong one must end in a clear message and exit code 2, never a crash.
/// </summary>
public sealed class PluginTests : IDisposable
{
    private const string Descriptor = "version: 1\nelection:\n  name: E\n  date: 2027-03-17\nsites:\n  - name: results\n    role: results\n    hosts: [uitslagen.example.org]\n";

    private readonly string _temp = Directory.CreateTempSubdirectory("electionaudit-plugins-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private static string RuleSource(string prefix, string id, string className = "HostRule") => $$"""
        using System.Collections.Immutable;
        using ElectionAudit.Descriptor;
        using ElectionAudit.Rules;
        using ElectionAudit.Syntax;

        [assembly: ElectionAudit.Plugins.RulePlugin("{{prefix}}", Name = "Test plugin")]

        public sealed class {{className}} : AuditRule
        {
            public static readonly RuleDescriptor Rule = new(
                "{{id}}", "Results host", "Results host {0}.", Severity.Error, "Test.", 5.0, RulePrecision.High,
                [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Descriptor]);

            public override ImmutableArray<RuleDescriptor> SupportedRules => [Rule];

            public override void Initialize(RuleContext context) =>
                context.RegisterElementAction<SiteElement>(ctx =>
                {
                    foreach (var host in ctx.Element.Hosts)
                    {
                        ctx.Report(Finding.Create(Rule, host.Location, host.Value, host.Value));
                    }
                });
        }
        """;

    /// <summary>Compiles <paramref name="source"/> to <c>name.dll</c> in a folder of its own, referencing the running ElectionAudit.Core.</summary>
    private string Compile(string name, string source)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll")
            .Append(typeof(AuditRule).Assembly.Location)
            .Distinct()
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            name,
            [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var folder = Directory.CreateDirectory(Path.Combine(_temp, name)).FullName;
        var path = Path.Combine(folder, name + ".dll");
        var emit = compilation.Emit(path);
        emit.Success.ShouldBeTrue(string.Join(Environment.NewLine, emit.Diagnostics));
        return path;
    }

    private (int Exit, string Out, string Err) Scan(params string[] extra)
    {
        File.WriteAllText(Path.Combine(_temp, "election.yml"), Descriptor);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = CommandLine.Run(["scan", "--root", _temp, Path.Combine(_temp, "election.yml"), "--format", "json", "--fail-on", "none", .. extra], stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void A_plugin_named_with_plugin_adds_its_rules_and_its_findings()
    {
        var plugin = Compile("GoodPlugin", RuleSource("EA79", "EA7901"));
        var (exit, output, error) = Scan("--plugin", plugin);
        exit.ShouldBe(CommandLine.Success, error);
        output.ShouldContain("\"ruleId\": \"EA7901\"");
        output.ShouldContain("Results host uitslagen.example.org.");
    }

    [Fact]
    public void A_plugin_listed_in_the_configuration_loads_relative_to_the_configuration_file()
    {
        var plugin = Compile("ConfiguredPlugin", RuleSource("EA79", "EA7902"));
        File.WriteAllText(Path.Combine(_temp, ".electionaudit.yml"), $"version: 1\nplugins:\n  - {Path.GetRelativePath(_temp, plugin).Replace('\\', '/')}\nrules:\n  EA7902: warning\n");
        var (exit, output, error) = Scan();
        exit.ShouldBe(CommandLine.Success, error);
        output.ShouldContain("\"ruleId\": \"EA7902\"");
        output.ShouldContain("\"severity\": \"warning\"");
    }

    [Fact]
    public void Without_a_plugin_no_plugin_rule_runs()
    {
        Compile("Unnamed", RuleSource("EA79", "EA7903"));
        var (exit, output, _) = Scan();
        exit.ShouldBe(CommandLine.Success);
        output.ShouldNotContain("EA7903");
    }

    [Fact]
    public void The_rules_command_lists_a_plugin_rules()
    {
        var plugin = Compile("ListedPlugin", RuleSource("EA79", "EA7906"));
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        CommandLine.Run(["rules", "--plugin", plugin], stdout, stderr).ShouldBe(CommandLine.Success, stderr.ToString());
        stdout.ToString().ShouldContain("EA7906  error    cross-infrastructure  Results host");
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var missing = Path.Combine(_temp, "nowhere", "Missing.dll");
        var (exit, _, error) = Scan("--plugin", missing);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.Trim().ShouldBe($"error: Plugin assembly '{missing}' does not exist.");
    }

    [Fact]
    public void A_file_that_is_not_an_assembly_is_a_clear_error()
    {
        var bad = Path.Combine(_temp, "Bad.dll");
        File.WriteAllText(bad, "not a PE file");
        var (exit, _, error) = Scan("--plugin", bad);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.ShouldStartWith($"error: '{bad}' is not a .NET assembly, so it cannot be a rule plugin");
    }

    [Fact]
    public void An_assembly_without_the_plugin_attribute_is_a_clear_error()
    {
        var plain = Compile("PlainLibrary", "public static class Nothing { }");
        var (exit, _, error) = Scan("--plugin", plain);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.Trim().ShouldBe($"error: '{plain}' is not a rule plugin: it has no [assembly: ElectionAudit.Plugins.RulePlugin(\"EAnn\")] attribute declaring its rule ID prefix.");
    }

    [Fact]
    public void A_rule_id_outside_the_declared_prefix_is_a_clear_error()
    {
        var plugin = Compile("OutsidePrefix", RuleSource("EA79", "EA7801"));
        var (exit, _, error) = Scan("--plugin", plugin);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.Trim().ShouldBe("error: Plugin 'Test plugin': rule HostRule declares rule EA7801, outside the plugin's declared prefix EA79.");
    }

    [Fact]
    public void A_rule_id_of_a_built_in_rule_is_a_clear_error()
    {
        var plugin = Compile("Duplicate", RuleSource("EA2", "EA2001"));
        var (exit, _, error) = Scan("--plugin", plugin);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.Trim().ShouldBe($"error: Plugin 'Test plugin' ({plugin}) declares rule EA2001, which is already used by the built-in rules. Rule IDs must be unique; give the plugin's rule another ID under its prefix EA2.");
    }

    [Fact]
    public void Two_plugins_with_the_same_rule_id_are_a_clear_error()
    {
        var first = Compile("First", RuleSource("EA79", "EA7904"));
        var second = Compile("Second", RuleSource("EA790", "EA7904"));
        var (exit, _, error) = Scan("--plugin", first, "--plugin", second);
        exit.ShouldBe(CommandLine.InvalidInvocation);
        error.Trim().ShouldBe($"error: Plugin 'Test plugin' ({second}) declares rule EA7904, which is already used by plugin 'Test plugin'. Rule IDs must be unique; give the plugin's rule another ID under its prefix EA790.");
    }

    [Fact]
    public void Each_plugin_loads_in_its_own_context_sharing_the_host_core()
    {
        var plugins = PluginLoader.Load([Compile("ContextA", RuleSource("EA79", "EA7905")), Compile("ContextB", RuleSource("EA78", "EA7805"))], BuiltInRules.All);
        plugins.Length.ShouldBe(2);
        var contexts = plugins.Select(p => System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(p.Assembly)).ToList();
        contexts.Distinct().Count().ShouldBe(2);
        contexts.ShouldNotContain(System.Runtime.Loader.AssemblyLoadContext.Default);
        plugins.ShouldAllBe(p => p.Rules[0].GetType().BaseType == typeof(AuditRule));
        plugins.Select(p => p.RuleIdPrefix).ShouldBe(["EA79", "EA78"]);
    }
}
