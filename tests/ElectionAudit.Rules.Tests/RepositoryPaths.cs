namespace ElectionAudit.Rules.Tests;

/// <summary>Finds the repository root (the folder holding ElectionAudit.sln) from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Fixtures => Path.Combine(Root, "tests", "ElectionAudit.Rules.Tests", "Fixtures");

    public static string RulesDocs => Path.Combine(Root, "rules-docs");

    /// <summary>
    /// The full path of <paramref name="relativeFile"/> (forward slashes) in the product's <c>shared/</c> folder beside this
    /// checkout or above it, or null when no such file is there; the tests that need it skip, visibly.
    /// </summary>
    public static string? FindShared(string relativeFile)
    {
        for (var dir = new DirectoryInfo(Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine([dir.FullName, "shared", .. relativeFile.Split('/')]);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ElectionAudit.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("ElectionAudit.sln not found above " + AppContext.BaseDirectory);
    }
}
