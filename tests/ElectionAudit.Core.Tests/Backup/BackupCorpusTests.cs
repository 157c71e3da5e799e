using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Model.Backup;
using ElectionAudit.Syntax;

namespace ElectionAudit.Core.Tests.Backup;

/// <summary>Every file of ../shared/corpus/backup goes through detection and loading without an unhandled exception.</summary>
public class BackupCorpusTests(ITestOutputHelper output)
{
    private const int BaculaFilesInCorpus = 21;

    [Fact]
    public void Corpus_backup_files_load_with_bacula_read_as_bacula()
    {
        var root = Path.Combine(CorpusPaths.RequireCorpus(), "backup");
        var fileSystem = new DiskFileSystem(root);
        var files = Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToList();
        var engine = new AuditEngine([]);
        var result = engine.Analyze(fileSystem, files);

        var trees = result.Model.SyntaxTrees;
        var borgmatic = trees.Where(t => t.Format == InputFormat.Borgmatic).Select(t => t.Source.Path).ToList();
        var restic = trees.Where(t => t.Format == InputFormat.Resticprofile).ToList();
        var parsed = restic.Where(t => t.Diagnostics.IsEmpty).Select(t => t.Source.Path).ToList();
        var failed = restic.Where(t => !t.Diagnostics.IsEmpty).Select(t => $"{t.Source.Path}: {t.Diagnostics[0].Message}").ToList();
        output.WriteLine($"borgmatic {borgmatic.Count}; resticprofile {restic.Count} ({parsed.Count} clean); plans {result.Model.BackupPlans.Length}");
        foreach (var line in failed)
        {
            output.WriteLine("  " + line);
        }

        // Bacula's files are claimed by name or by a resource opening them, or read because another includes them; nothing
        // else is taken for one.
        var bacula = trees.Where(t => t.Format == InputFormat.Bacula).Select(t => t.Source.Path).ToList();
        output.WriteLine($"bacula {bacula.Count}: {string.Join(", ", bacula)}");
        bacula.ShouldAllBe(path => path.Contains("bacula", StringComparison.OrdinalIgnoreCase));
        bacula.Count.ShouldBe(BaculaFilesInCorpus);
        // The one diagnostic is the Jinja template's (bin/templates/fd.tpl), which is not read until rendered.
        trees.Where(t => t.Format == InputFormat.Bacula).SelectMany(t => t.Diagnostics).Select(d => $"{d.Location.Path}: {d.LogicalKey}")
            .ShouldBe(["m87carlson__bacula-director-conf/bin/templates/fd.tpl: template"]);
        result.Model.BackupPlans.Where(p => p.Tool?.Tool == InputFormat.Bacula).Select(p => p.Name).ShouldBe(
            ["midacts__Bacula-Files/bacula-dir.conf#BackupCatalog", "midacts__Bacula-Files/bacula-dir.conf#client.example.com-PST", "midacts__Bacula-Files/bacula-dir.conf#client.example.com-Pictures"],
            ignoreOrder: true);
        borgmatic.Count.ShouldBe(6, "six borgmatic config.yaml files in the corpus (the 'excludes' file is not one)");
        result.Findings.Where(f => f.RuleId == "EA0001").ShouldBeEmpty();
        // Every HCL file is claimed by name or left alone; the claimed ones say they are unsupported.
        restic.Where(t => t.Source.Path.EndsWith(".hcl", StringComparison.Ordinal)).ShouldAllBe(t => t.Diagnostics.Single().LogicalKey == "hcl-unsupported");
        result.Model.BackupPlans.Where(p => p.Tool?.Tool == InputFormat.Borgmatic).Count().ShouldBe(6);
    }
}
