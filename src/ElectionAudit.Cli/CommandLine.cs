using System.CommandLine;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Reporting;
using ElectionAudit.Rules;
using ElectionAudit.Schema;

namespace ElectionAudit.Cli;

/// <summary>The <c>electionaudit</c> command: a thin shell that parses arguments, calls the engine, picks a reporter and sets the exit code.</summary>
public static partial class CommandLine
{
    /// <summary>Exit code: nothing at or above the fail level.</summary>
    public const int Success = 0;

    /// <summary>Exit code: findings at or above the fail level.</summary>
    public const int FindingsAtFailLevel = 1;

    /// <summary>Exit code: invalid invocation or configuration.</summary>
    public const int InvalidInvocation = 2;

    /// <summary>Exit code: an internal error of the tool (a bug: please report it).</summary>
    public const int InternalError = 3;

    /// <summary>The tool's version (from the assembly's informational version, without build metadata).</summary>
    public static string Version { get; } =
        (typeof(CommandLine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    /// <summary>Runs the command line and returns the exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, SarifUploadSize.GitHubMaxGzippedBytes);

    /// <summary>Runs the command line, warning about a SARIF file over <paramref name="sarifUploadLimit"/> bytes gzipped (tests lower it).</summary>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, long sarifUploadLimit)
    {
        var root = new RootCommand("ElectionAudit: audits the IT configuration behind elections (web servers, DNS, TLS, backups and the election infrastructure descriptor) against ENISA's election-cybersecurity recommendations and the baselines they point to.");
        root.Subcommands.Add(BuildScan(stdout, stderr, sarifUploadLimit));
        root.Subcommands.Add(BuildBaseline(stdout, stderr));
        root.Subcommands.Add(BuildRules(stdout));
        root.Subcommands.Add(BuildSchema(stdout, stderr));
        root.Subcommands.Add(SyntaxCommand.Build(stdout, stderr));
        root.Subcommands.Add(BuildCoverage(stdout, stderr));
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                stderr.WriteLine("error: " + error.Message);
            }

            stderr.WriteLine("Run 'electionaudit --help' (or 'electionaudit scan --help') for usage.");
            return InvalidInvocation;
        }

        var configuration = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            return parse.Invoke(configuration);
        }
        catch (ConfigurationException ex)
        {
            stderr.WriteLine(ex.Message);
            return InvalidInvocation;
        }
        catch (Plugins.PluginLoadException ex)
        {
            stderr.WriteLine("error: " + ex.Message);
            return InvalidInvocation;
        }
#pragma warning disable CA1031 // The tool's last line of defence: report the bug with a distinct exit code instead of a stack trace on CI.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            stderr.WriteLine($"internal error: {ex.GetType().FullName}: {ex.Message}");
            stderr.WriteLine("This is a bug in ElectionAudit; please report it with the command line and, if possible, the input.");
            stderr.WriteLine(ex.StackTrace);
            return InternalError;
        }
    }

    /// <summary>The report formats <c>--format</c> accepts.</summary>
    public static IReadOnlyList<string> FormatNames { get; } = ["text", "sarif", "json", "junit", "markdown", "gitlab"];

    /// <summary>The options scan and baseline share.</summary>
    private sealed class ScanOptions
    {
        public Argument<string[]> Paths { get; } = new("PATH") { Description = "Files or directories to scan (default: the current directory).", Arity = ArgumentArity.ZeroOrMore };

        public Option<string?> Config { get; } = new("--config", "-c") { Description = $"Configuration file (default: {AuditConfiguration.FileName} at the scan root)." };

        public Option<string?> AsOf { get; } = new("--as-of") { Description = "Date (YYYY-MM-DD) that date-relative rules and suppression expiry measure against (default from configuration, else today)." };

        public Option<string?> Root { get; } = new("--root") { Description = "Scan root: paths in the report are relative to it (default: the current directory, or the single directory given when it is outside)." };

        public Option<bool> AllowOutsideRoot { get; } = new("--allow-outside-root") { Description = "Read files outside the scan root that the scan reaches: symbolic links that point out of it, and includes that climb out of it with ../ (nginx include, Apache Include/IncludeOptional, named.conf include, zone $INCLUDE). By default each is reported as EA0003 naming the target and not read. Device files, FIFOs and sockets are never read, include cycles are still cut, and the file size and include limits still apply. Absolute include paths are always mapped into the scan, never read from this machine." };

        public Option<int> Threads { get; } = new("--threads", "-j") { Description = "Worker threads (default: all cores). The output does not depend on it.", DefaultValueFactory = _ => 0 };

        public Option<string[]> Plugins { get; } = new("--plugin") { Description = "A rule plugin assembly (.dll) to load, besides the configuration's plugins: list. Repeat for several; only named assemblies load." };

        /// <summary>The plugins the last <see cref="Scan"/> loaded (for their rule pages).</summary>
        public System.Collections.Immutable.ImmutableArray<Plugins.RulePlugin> LoadedPlugins { get; private set; } = [];

        public void AddTo(Command command)
        {
            command.Arguments.Add(Paths);
            command.Options.Add(Config);
            command.Options.Add(AsOf);
            command.Options.Add(Root);
            command.Options.Add(Threads);
            command.Options.Add(Plugins);
            command.Options.Add(AllowOutsideRoot);
        }

        /// <summary>Runs the scan; null (after an error message) when an option is invalid.</summary>
        public AuditResult? Scan(ParseResult parse, TextWriter stderr, string? failOnText = null)
        {
            var given = parse.GetValue(Paths) ?? [];
            var cwd = Directory.GetCurrentDirectory();
            var root = parse.GetValue(Root) ?? DefaultRoot(cwd, given);
            var configPath = parse.GetValue(Config);
            var foundConfig = configPath ?? FindConfiguration(root, given, cwd);
            LoadedPlugins = PluginRules.Load(foundConfig, parse.GetValue(Plugins) ?? [], cwd, root);
            var engine = new AuditEngine([.. BuiltInRules.All, .. LoadedPlugins.SelectMany(p => p.Rules)]);
            var configuration = foundConfig is not null ? engine.LoadConfiguration(foundConfig, root) : AuditConfiguration.Default;
            if (failOnText is not null && SeverityNames.TryParse(failOnText, out var failLevel))
            {
                configuration = configuration with { FailOn = failLevel };
            }

            if (parse.GetValue(AsOf) is { } asOfText)
            {
                if (!ScalarValues.TryParseDate(asOfText, out var date))
                {
                    stderr.WriteLine($"error: --as-of must be a date (YYYY-MM-DD); found '{asOfText}'.");
                    return null;
                }

                configuration = configuration with { AsOf = date };
            }

            var request = new ScanRequest(root, [.. given.Select(p => Path.GetFullPath(p, cwd))])
            {
                Configuration = configuration,
                MaxDegreeOfParallelism = parse.GetValue(Threads),
                AllowOutsideRoot = parse.GetValue(AllowOutsideRoot),
            };
            using var progress = ScanProgress.Start(stderr);
            return engine.Scan(request);
        }
    }

    private static Command BuildScan(TextWriter stdout, TextWriter stderr, long sarifUploadLimit)
    {
        var shared = new ScanOptions();
        var format = new Option<string[]>("--format", "-f")
        {
            Description = "Output format: text, sarif, json, junit, markdown or gitlab; FORMAT=FILE writes that format to FILE. Repeat for several (--format sarif=out.sarif --format markdown=summary.md).",
            DefaultValueFactory = _ => ["text"],
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string?>("--output", "-o") { Description = "Write the report of a --format given without =FILE to FILE instead of standard output (a one-line summary still goes to standard error)." };
        var failOn = new Option<string?>("--fail-on") { Description = "Lowest severity that makes the exit code 1: error, warning, note or none (default from configuration, else warning)." };
        failOn.AcceptOnlyFromAmong([.. SeverityNames.All]);
        var category = new Option<string>("--category") { Description = "SARIF automationDetails.id: GitHub's upload category is the part before the last '/'.", DefaultValueFactory = _ => "electionaudit/" };
        var baselineOption = new Option<string?>("--baseline") { Description = "Baseline file (from 'electionaudit baseline create'): report only findings not in it; SARIF marks baselineState." };
        var includeSuppressed = new Option<bool>("--include-suppressed") { Description = "Audit mode: also emit suppressed findings (and a baseline's unchanged and absent ones) in SARIF, with 'suppressions' on every result." };
        var sarifMaxResults = new Option<int>("--sarif-max-results")
        {
            Description = "Most results in the SARIF run; 0: no limit. The default is the most GitHub code scanning accepts. Past the limit the most severe results are kept, and the log says what it left out.",
            HelpName = "N",
            DefaultValueFactory = _ => SarifWriter.GitHubMaxResults,
        };
        sarifMaxResults.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError("--sarif-max-results must be 0 (no limit) or more.");
            }
        });
        var linkBase = new Option<string?>("--link-base") { Description = "URL prefix for links to files in the Markdown summary (default on GitHub Actions: the commit's blob URL)." };

        var command = new Command("scan", "Scan files and directories and report findings. Exit code 0: nothing at or above the fail level; 1: findings at or above it; 2: invalid invocation or configuration, or an output file that cannot be written.")
        {
            format, output, failOn, category, baselineOption, includeSuppressed, sarifMaxResults, linkBase,
        };
        shared.AddTo(command);
        command.SetAction(parse =>
        {
            var outputs = new List<(string Format, string? Path)>();
            foreach (var item in parse.GetValue(format) ?? ["text"])
            {
                int equals = item.IndexOf('=', StringComparison.Ordinal);
                var name = (equals < 0 ? item : item[..equals]).ToLowerInvariant();
                if (!FormatNames.Contains(name))
                {
                    stderr.WriteLine($"error: unknown format '{name}'; use one of {string.Join(", ", FormatNames)}.");
                    return InvalidInvocation;
                }

                outputs.Add((name, equals < 0 ? parse.GetValue(output) : item[(equals + 1)..]));
            }

            if (outputs.Count(o => o.Path is null) > 1)
            {
                stderr.WriteLine("error: only one format can go to standard output; give the others a file (--format sarif=out.sarif).");
                return InvalidInvocation;
            }

            Baselines.Baseline? baseline = null;
            if (parse.GetValue(baselineOption) is { } baselinePath)
            {
                if (!File.Exists(baselinePath))
                {
                    stderr.WriteLine($"error: baseline file '{baselinePath}' does not exist; create it with 'electionaudit baseline create -o {baselinePath}'.");
                    return InvalidInvocation;
                }

                try
                {
                    baseline = Baselines.Baseline.Parse(File.ReadAllText(baselinePath));
                }
                catch (Baselines.BaselineFormatException ex)
                {
                    stderr.WriteLine($"error: {baselinePath}: {ex.Message}");
                    return InvalidInvocation;
                }
            }

            var result = shared.Scan(parse, stderr, parse.GetValue(failOn));
            if (result is null)
            {
                return InvalidInvocation;
            }

            if (baseline is not null)
            {
                result = Baselines.BaselineComparer.Apply(result, baseline);
            }

            var sarifOptions = new SarifOptions { ToolVersion = Version, AutomationId = parse.GetValue(category)!, HelpMarkdown = id => RuleDocumentation.GetPage(id) ?? PluginRules.GetPage(shared.LoadedPlugins, id), IncludeSuppressed = parse.GetValue(includeSuppressed), Baseline = baseline, MaxResults = parse.GetValue(sarifMaxResults) };
            var markdownOptions = new MarkdownOptions { SourceLinkBase = parse.GetValue(linkBase) ?? GitHubLinkBase() };
            foreach (var (name, path) in outputs)
            {
                try
                {
                    WriteReport(name, path);
                }
                catch (Exception ex) when (path is not null && ex is IOException or UnauthorizedAccessException)
                {
                    // A path that cannot be written is the caller's to fix, not a crash: say which and why.
                    stderr.WriteLine($"electionaudit: cannot write the {name} report to '{path}': {ex.Message}");
                    return InvalidInvocation;
                }
            }

            // A file, the process's own standard output (raw bytes, buffered: the console writer flushes every line, one
            // system call each, 750,000 of them for 250,000 findings), or the text writer a caller handed in.
            Stream OpenOutput(string? path) =>
                path is not null ? new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16)
                : stdout == Console.Out ? Console.OpenStandardOutput()
                : new TextWriterStream(stdout);

            void WriteReport(string name, string? path)
            {
                if (name == "text")
                {
                    bool color = path is null && UseColor(stdout);
                    using var writer = new StreamWriter(OpenOutput(path), new UTF8Encoding(false), 1 << 16);
                    TextReporter.Write(result, writer, color);
                    return;
                }

                // Written as they go: a SARIF log of a large repository is hundreds of megabytes, and holding it (and a
                // string copy of it) doubled and tripled the scan's memory.
                using var stream = OpenOutput(path);
                switch (name)
                {
                    case "sarif":
                        SarifWriter.Write(result, stream, sarifOptions);
                        if (SarifWriter.ResultsLeftOut(result, sarifOptions) is var leftOut and > 0)
                        {
                            stderr.WriteLine($"warning: the SARIF report leaves out the {leftOut:N0} least severe results, keeping {sarifOptions.MaxResults:N0} (GitHub code scanning rejects a run of more than {SarifWriter.GitHubMaxResults:N0}); its run's toolExecutionNotifications say which. --sarif-max-results 0 writes them all.");
                        }

                        // Only a file can be measured after it is written; on standard output the log has gone by.
                        if (path is not null)
                        {
                            stream.Dispose();
                            if (SarifUploadSize.GzippedLengthIfOver(path, sarifUploadLimit) is { } gzipped)
                            {
                                stderr.WriteLine($"warning: the SARIF report '{path}' is {gzipped:N0} bytes gzipped, over the {sarifUploadLimit:N0} bytes GitHub code scanning accepts in one upload, so the upload would be rejected. Keep fewer results with --sarif-max-results (the most severe stay), or scan parts of the repository into separate reports, each with its own --category.");
                            }
                        }

                        break;
                    case "json":
                        JsonReporter.Write(result, stream, Version);
                        break;
                    case "junit":
                        JUnitReporter.Write(result, stream);
                        break;
                    case "markdown":
                        stream.Write(Encoding.UTF8.GetBytes(MarkdownReporter.ToText(result, markdownOptions)));
                        break;
                    default:
                        GitLabCodeQualityReporter.Write(result, stream);
                        break;
                }
            }

            if (outputs.All(o => o.Path is not null) || outputs.Any(o => o.Format != "text"))
            {
                stderr.WriteLine(TextReporter.Summary(result));
            }

            return result.HasFailures ? FindingsAtFailLevel : Success;
        });
        return command;
    }

    private static Command BuildBaseline(TextWriter stdout, TextWriter stderr)
    {
        Command Build(string name, string description, bool update)
        {
            var shared = new ScanOptions();
            var output = new Option<string>("--output", "-o") { Description = "The baseline file.", Required = true };
            var prune = new Option<bool>("--prune") { Description = "Drop entries whose finding is gone (by default update never loses an entry)." };
            var command = new Command(name, description) { output };
            if (update)
            {
                command.Options.Add(prune);
            }

            shared.AddTo(command);
            command.SetAction(parse =>
            {
                var path = parse.GetValue(output)!;
                Baselines.Baseline? existing = null;
                if (update && File.Exists(path))
                {
                    try
                    {
                        existing = Baselines.Baseline.Parse(File.ReadAllText(path));
                    }
                    catch (Baselines.BaselineFormatException ex)
                    {
                        stderr.WriteLine($"error: {path}: {ex.Message}");
                        return InvalidInvocation;
                    }
                }

                var result = shared.Scan(parse, stderr);
                if (result is null)
                {
                    return InvalidInvocation;
                }

                var baseline = existing is null ? Baselines.Baseline.Create(result.Findings) : existing.Update(result.Findings, parse.GetValue(prune));
                File.WriteAllText(path, baseline.ToJson(), new UTF8Encoding(false));
                stdout.WriteLine($"{path}: {baseline.Entries.Length} accepted findings ({result.Findings.Length} found now).");
                return Success;
            });
            return command;
        }

        return new Command("baseline", "Accept the current findings so that CI reports only new ones (then pay them down).")
        {
            Build("create", "Scan and write every current finding to a baseline file, keyed by rule, path and logical key (never line numbers).", update: false),
            Build("update", "Scan and add the current findings a baseline lacks, keeping every old entry (unless --prune).", update: true),
        };
    }

    /// <summary>The commit's blob URL on GitHub Actions (GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA), else null.</summary>
    private static string? GitHubLinkBase()
    {
        var server = Environment.GetEnvironmentVariable("GITHUB_SERVER_URL");
        var repository = Environment.GetEnvironmentVariable("GITHUB_REPOSITORY");
        var sha = Environment.GetEnvironmentVariable("GITHUB_SHA");
        return string.IsNullOrEmpty(server) || string.IsNullOrEmpty(repository) || string.IsNullOrEmpty(sha) ? null : $"{server}/{repository}/blob/{sha}/";
    }

    private static Command BuildRules(TextWriter stdout)
    {
        var format = new Option<string>("--format", "-f") { Description = "text (a table) or json.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "json");
        var plugins = new Option<string[]>("--plugin") { Description = "A rule plugin assembly (.dll) whose rules to list besides the built-in ones. Repeat for several." };
        var command = new Command("rules", "List the rule catalog: ID, default severity, category, title and sources.") { format, plugins };
        command.SetAction(parse =>
        {
            var loaded = PluginRules.Load(null, parse.GetValue(plugins) ?? [], Directory.GetCurrentDirectory(), Directory.GetCurrentDirectory());
            var descriptors = new AuditEngine([.. BuiltInRules.All, .. loaded.SelectMany(p => p.Rules)]).Descriptors;
            if (parse.GetValue(format) == "json")
            {
                stdout.Write(RulesJson(descriptors));
                return Success;
            }

            stdout.WriteLine($"{"ID",-7} {"SEVERITY",-8} {"CATEGORY",-21} TITLE");
            foreach (var rule in descriptors)
            {
                stdout.WriteLine($"{rule.Id,-7} {rule.DefaultSeverity.ToName(),-8} {rule.Category.ToName(),-21} {rule.Title}");
                stdout.WriteLine($"{string.Empty,-38} sources: {string.Join("; ", rule.Traceability.Select(t => t.Label))}");
            }

            stdout.WriteLine($"{descriptors.Length} rules. Pages: {RuleDescriptor.HelpBaseUri}");
            return Success;
        });
        return command;
    }

    private static Command BuildSchema(TextWriter stdout, TextWriter stderr)
    {
        var which = new Argument<string>("NAME") { Description = "descriptor (the election infrastructure descriptor) or config (.electionaudit.yml)." };
        which.AcceptOnlyFromAmong("descriptor", "config");
        var command = new Command("schema", "Print the JSON Schema of the descriptor or of the configuration file, for editors.") { which };
        command.SetAction(parse =>
        {
            stdout.Write(parse.GetValue(which) == "config"
                ? JsonSchemaWriter.Write(ConfigurationSchema.Root, ConfigurationSchema.SchemaId, "ElectionAudit configuration")
                : JsonSchemaWriter.Write(ElectionAudit.Descriptor.DescriptorSchema.Root, ElectionAudit.Descriptor.DescriptorSchema.SchemaId, "ElectionAudit election infrastructure descriptor v1"));
            return Success;
        });
        _ = stderr;
        return command;
    }

    /// <summary>The rule catalog as JSON (the shape is documented in the README).</summary>
    public static string RulesJson(IEnumerable<RuleDescriptor> descriptors)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", 1);
            json.WriteStartArray("rules");
            foreach (var rule in descriptors)
            {
                json.WriteStartObject();
                json.WriteString("id", rule.Id);
                json.WriteString("title", rule.Title);
                json.WriteString("category", rule.Category.ToName());
                json.WriteString("defaultSeverity", rule.DefaultSeverity.ToName());
                json.WriteBoolean("enabledByDefault", rule.IsEnabledByDefault);
                json.WriteString("securitySeverity", rule.SecuritySeverity.ToString("0.0", CultureInfo.InvariantCulture));
                json.WriteString("description", rule.Description);
                json.WriteString("helpUri", rule.HelpUri);
                json.WriteStartArray("formats");
                foreach (var f in rule.Formats)
                {
                    json.WriteStringValue(f.Name);
                }

                json.WriteEndArray();
                json.WriteStartArray("traceability");
                foreach (var trace in rule.Traceability)
                {
                    json.WriteStartObject();
                    json.WriteString("source", TraceReference.SourceLabel(trace.Source));
                    json.WriteString("reference", trace.Reference);
                    json.WriteString("mapping", trace.Mapping == TraceMapping.Explicit ? "explicit" : "interpretation");
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteStartArray("options");
                foreach (var option in rule.Options)
                {
                    json.WriteStartObject();
                    json.WriteString("key", option.Key);
                    json.WriteString("default", option.DefaultValue);
                    json.WriteString("description", option.Description);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>The configuration at the scan root; else, when exactly one directory is scanned, the one in that directory.</summary>
    private static string? FindConfiguration(string root, string[] given, string cwd)
    {
        var atRoot = Path.Combine(root, AuditConfiguration.FileName);
        if (File.Exists(atRoot))
        {
            return atRoot;
        }

        if (given.Length == 1 && Directory.Exists(Path.GetFullPath(given[0], cwd)))
        {
            var inDirectory = Path.Combine(Path.GetFullPath(given[0], cwd), AuditConfiguration.FileName);
            return File.Exists(inDirectory) ? inDirectory : null;
        }

        return null;
    }

    private static string DefaultRoot(string cwd, string[] given)
    {
        var inside = given.All(p => !Path.GetRelativePath(cwd, Path.GetFullPath(p, cwd)).StartsWith("..", StringComparison.Ordinal));
        if (inside)
        {
            return cwd;
        }

        return given.Length == 1 && Directory.Exists(given[0]) ? Path.GetFullPath(given[0], cwd) : cwd;
    }

    private static bool UseColor(TextWriter writer) =>
        writer == Console.Out && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
}
