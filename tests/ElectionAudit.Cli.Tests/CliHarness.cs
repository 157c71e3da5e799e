using ElectionAudit.Cli;

namespace ElectionAudit.Cli.Tests;

/// <summary>What the command-line tests share: running the command in process, and finding the repository.</summary>
internal static class CliHarness
{
    /// <summary>The repository's top folder (the one holding ElectionAudit.sln), found from the test assembly's folder.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>Runs <c>electionaudit</c> with <paramref name="args"/> in this process and returns its exit code and output.</summary>
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        int exit = CommandLine.Run(args, stdout, stderr);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    private static string FindRepositoryRoot()
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
