using System.Text;

namespace ElectionAudit.Core.Tests.Support;

/// <summary>Running the apache2 binary of Debian's package as its apache2ctl does, for the differential tests.</summary>
internal static class DebianApache
{
    /// <summary>
    /// <c>env</c>, and its first arguments: the <c>APACHE_*</c> variables (and <c>LANG</c>) Debian's apache2ctl exports
    /// from <c>/etc/apache2/envvars</c>, then <paramref name="apache"/>. Run it with apache2's own arguments after these.
    /// </summary>
    public static (string Env, string[] Prefix) Command(string apache)
    {
        var env = ExternalProgram.Find("env") ?? "/usr/bin/env";
        var (_, stdout, _) = ExternalProgram.Run("/bin/sh", ["-c", ". /etc/apache2/envvars && env"]);
        string[] variables = [.. stdout.Split('\n').Where(line => line.StartsWith("APACHE_", StringComparison.Ordinal) || line.StartsWith("LANG=", StringComparison.Ordinal)).Select(RuntimeFolderThatExists)];
        return (env, [.. variables, apache]);
    }

    // httpd refuses a DefaultRuntimeDir that does not exist. Debian's /run/apache2 is made when the service first starts
    // (or by systemd-tmpfiles), which neither a package installed with its services held back, as .ci/run installs it, nor
    // a container does: the tests, which only ask httpd to read the configuration, get a folder of their own instead.
    private static string RuntimeFolderThatExists(string variable)
    {
        if (!variable.StartsWith("APACHE_RUN_DIR=", StringComparison.Ordinal) || Directory.Exists(variable["APACHE_RUN_DIR=".Length..]))
        {
            return variable;
        }

        return "APACHE_RUN_DIR=" + Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "electionaudit-apache2-run")).FullName;
    }

    /// <summary>
    /// <c>Include</c> lines for every module Debian ships (one MPM only), so that few <c>&lt;IfModule&gt;</c> sections are
    /// skipped and few directives are unknown.
    /// </summary>
    public static string LoadEveryModule()
    {
        var modules = new StringBuilder();
        foreach (var load in Directory.EnumerateFiles("/etc/apache2/mods-available", "*.load").Order(StringComparer.Ordinal))
        {
            if (Path.GetFileNameWithoutExtension(load) is not ("mpm_prefork" or "mpm_worker"))
            {
                modules.Append("Include ").Append(load).Append('\n');
            }
        }

        return modules.ToString();
    }

    /// <summary>Deletes a run's working directory; a leftover one (a file still held open) is harmless.</summary>
    public static void DeleteWorkDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary directory is harmless.
        }
    }
}
