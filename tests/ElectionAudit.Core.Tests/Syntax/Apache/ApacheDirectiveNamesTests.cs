using System.Text.RegularExpressions;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Syntax.Apache;

namespace ElectionAudit.Core.Tests.Syntax.Apache;

/// <summary>The table format detection reads (written by eng/apache-directives.py) against what the installed httpd lists.</summary>
public partial class ApacheDirectiveNamesTests
{
    [Fact]
    public void The_table_holds_the_names_httpd_lists_with_every_module_loaded()
    {
        var apache = ExternalProgram.Require("apache2");
        var (env, prefix) = DebianApache.Command(apache);
        var folder = Directory.CreateTempSubdirectory("ea-apache-names-").FullName;
        try
        {
            var config = Path.Combine(folder, "httpd.conf");
            File.WriteAllText(config, $"ServerRoot /etc/apache2\n{DebianApache.LoadEveryModule()}ServerName names.electionaudit.invalid\nErrorLog /dev/null\n");
            var (exitCode, stdout, stderr) = ExternalProgram.Run(env, [.. prefix, "-f", config, "-L"]);
            exitCode.ShouldBe(0, stderr);

            var listed = Listed().Matches(stdout).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
            var version = ExternalProgram.Run(apache, ["-v"]).StdOut.Split('\n')[0];

            // Another httpd lists other names: run eng/apache-directives.py for it.
            version.ShouldEndWith(ApacheDirectiveNames.Version, customMessage: "the table was written from another httpd");
            listed.Where(n => n.StartsWith('<')).Select(n => n[1..]).Order(StringComparer.Ordinal)
                .ShouldBe(ApacheDirectiveNames.Sections.Order(StringComparer.Ordinal));
            listed.Where(n => !n.StartsWith('<')).Order(StringComparer.Ordinal)
                .ShouldBe(ApacheDirectiveNames.Directives.Order(StringComparer.Ordinal));

            // The names the detection tests lean on are httpd's.
            ApacheDirectiveNames.Directives.ShouldContain("SSLSessionCacheTimeout");
            ApacheDirectiveNames.Directives.ShouldContain("Include");
            ApacheDirectiveNames.Sections.ShouldContain("VirtualHost");
        }
        finally
        {
            DebianApache.DeleteWorkDirectory(folder);
        }
    }

    // "SSLEngine (ssl.c)" or "<VirtualHost (core.c)" at the start of a line; the description lines below each are indented.
    [GeneratedRegex(@"^(<?[A-Za-z0-9_]+) \(", RegexOptions.Multiline)]
    private static partial Regex Listed();
}
