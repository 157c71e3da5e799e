namespace ElectionAudit.Core.Tests.Support;

/// <summary>Finds <c>../shared/corpus</c> beside the repository. Tests that need it skip (visibly) when it is absent.</summary>
internal static class CorpusPaths
{
    public static string? TryFindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(candidate, "MANIFEST.tsv")))
            {
                return candidate;
            }
        }

        return null;
    }

    public static string RequireCorpus()
    {
        var corpus = TryFindCorpus();
        if (corpus is null)
        {
            Assert.Skip("../shared/corpus is not beside this checkout");
        }

        return corpus!;
    }
}
