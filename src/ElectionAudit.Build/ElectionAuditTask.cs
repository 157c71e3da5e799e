using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Plugins;
using ElectionAudit.Rules;
using ElectionAudit.Schema;
using Microsoft.Build.Framework;
using MSBuildTask = Microsoft.Build.Utilities.Task;

namespace ElectionAudit.Build;

/// <summary>
/// The MSBuild task behind the <c>ElectionAudit</c> target: audits the <c>ElectionAuditInput</c> files with the built-in
/// rules (and any <c>ElectionAuditPlugin</c>) and logs each finding as an MSBuild diagnostic at its file, line and column
/// with the rule ID as code, so that IDEs and CI logs show it like a compiler's. Findings at or above <see cref="FailOn"/>
/// are errors and fail the build; warnings stay warnings; notes are high-importance messages.
/// </summary>
public sealed class ElectionAuditTask : MSBuildTask
{
    /// <summary>The files to audit (<c>@(ElectionAuditInput)</c>).</summary>
    [Required]
    public ITaskItem[] Inputs { get; set; } = [];

    /// <summary>The scan root: paths in findings are relative to it and includes may not leave it (default: the project folder).</summary>
    [Required]
    public string Root { get; set; } = string.Empty;

    /// <summary>The <c>.electionaudit.yml</c> to use; empty for the defaults.</summary>
    public string? ConfigurationFile { get; set; }

    /// <summary>Lowest severity that fails the build: error, warning, note or none; empty keeps the configuration's.</summary>
    public string? FailOn { get; set; }

    /// <summary>The audit date (YYYY-MM-DD) for date-relative rules; empty keeps the configuration's, else today.</summary>
    public string? AsOf { get; set; }

    /// <summary>Rule plugin assemblies to load, besides the configuration's <c>plugins:</c>.</summary>
    public ITaskItem[] Plugins { get; set; } = [];

    /// <summary>How many findings the audit reported (all severities).</summary>
    [Output]
    public int FindingCount { get; set; }

    /// <inheritdoc />
    public override bool Execute()
    {
        var root = Path.GetFullPath(Root);
        try
        {
            var pluginPaths = Plugins.Select(p => Path.GetFullPath(p.ItemSpec, root)).ToList();
            AuditConfiguration? fromFile = null;
            if (!string.IsNullOrEmpty(ConfigurationFile))
            {
                // Read once for its plugins; the engine reads it again, plugins' rule IDs known, to check rules: keys.
                fromFile = ConfigurationLoader.Parse(Text.SourceText.FromBytes(ConfigurationFile, File.ReadAllBytes(ConfigurationFile)));
                var folder = Path.GetDirectoryName(Path.GetFullPath(ConfigurationFile))!;
                pluginPaths.InsertRange(0, fromFile.Plugins.Select(p => Path.GetFullPath(p, folder)));
            }

            var plugins = PluginLoader.Load(pluginPaths, BuiltInRules.All);
            var engine = new AuditEngine([.. BuiltInRules.All, .. plugins.SelectMany(p => p.Rules)]);
            var configuration = fromFile is null ? AuditConfiguration.Default : engine.LoadConfiguration(ConfigurationFile!, root);
            if (!string.IsNullOrEmpty(FailOn))
            {
                if (!SeverityNames.TryParse(FailOn, out var failOn))
                {
                    Log.LogError(null, "EAB002", null, null, 0, 0, 0, 0, $"ElectionAuditFailOn is '{FailOn}'; use error, warning, note or none.");
                    return false;
                }

                configuration = configuration with { FailOn = failOn };
            }

            if (!string.IsNullOrEmpty(AsOf))
            {
                if (!ScalarValues.TryParseDate(AsOf, out var date))
                {
                    Log.LogError(null, "EAB002", null, null, 0, 0, 0, 0, $"ElectionAuditAsOf is '{AsOf}'; use a date, YYYY-MM-DD.");
                    return false;
                }

                configuration = configuration with { AsOf = date };
            }

            var files = new List<string>();
            foreach (var input in Inputs)
            {
                var full = Path.GetFullPath(input.ItemSpec, root);
                var relative = Path.GetRelativePath(root, full);
                if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
                {
                    Log.LogError(null, "EAB003", null, full, 0, 0, 0, 0, $"ElectionAuditInput '{input.ItemSpec}' lies outside the audit root {root}; set ElectionAuditRoot to a folder that contains every input.");
                    continue;
                }

                files.Add(PathUtil.Normalize(relative));
            }

            if (Log.HasLoggedErrors)
            {
                return false;
            }

            var result = engine.Analyze(new DiskFileSystem(root), [.. files.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)], configuration);
            FindingCount = result.Findings.Length;
            foreach (var finding in result.Findings)
            {
                Report(root, finding, configuration.FailOn);
            }

            Log.LogMessage(MessageImportance.Normal, $"ElectionAudit: {files.Count} files, {result.Findings.Length} findings ({result.Count(Severity.Error)} errors, {result.Count(Severity.Warning)} warnings, {result.Count(Severity.Note)} notes); failing at {configuration.FailOn.ToName()}.");
            return !Log.HasLoggedErrors;
        }
        catch (ConfigurationException ex)
        {
            Log.LogError(null, "EAB002", null, ConfigurationFile, 0, 0, 0, 0, ex.Message);
            return false;
        }
        catch (PluginLoadException ex)
        {
            Log.LogError(null, "EAB004", null, null, 0, 0, 0, 0, ex.Message);
            return false;
        }
    }

    /// <summary>
    /// file(line,col): severity EAnnnn: message. End line and column are left out so the console shows the canonical
    /// compiler form that every CI log parser understands.
    /// </summary>
    private void Report(string root, Finding finding, Severity failOn)
    {
        var location = finding.Location;
        var file = Path.GetFullPath(location.Path, root);
        if (failOn != Severity.None && finding.Severity >= failOn)
        {
            Log.LogError(null, finding.RuleId, null, finding.Rule.HelpUri, file, location.StartLine, location.StartColumn, 0, 0, finding.Message);
        }
        else if (finding.Severity >= Severity.Warning)
        {
            Log.LogWarning(null, finding.RuleId, null, finding.Rule.HelpUri, file, location.StartLine, location.StartColumn, 0, 0, finding.Message);
        }
        else
        {
            Log.LogMessage(null, finding.RuleId, null, file, location.StartLine, location.StartColumn, 0, 0, MessageImportance.High, finding.Message);
        }
    }
}
