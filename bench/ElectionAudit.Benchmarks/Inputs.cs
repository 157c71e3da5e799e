using ElectionAudit.Text;

namespace ElectionAudit.Benchmarks;

/// <summary>Finds benchmark inputs: the repository's samples, and the shared corpus beside the repository when it is there.</summary>
internal static class Inputs
{
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>../shared/corpus relative to the repository, or null when this checkout has no corpus beside it.</summary>
    public static string? Corpus
    {
        get
        {
            var path = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "corpus"));
            return Directory.Exists(path) ? path : null;
        }
    }

    /// <summary>The largest file under the corpus folder <paramref name="family"/>, else the sample file <paramref name="fallback"/>.</summary>
    public static SourceText LargestOr(string family, string fallback, Func<string, bool>? accept = null)
    {
        string? chosen = null;
        if (Corpus is { } corpus && Directory.Exists(Path.Combine(corpus, family)))
        {
            chosen = Directory.EnumerateFiles(Path.Combine(corpus, family), "*", SearchOption.AllDirectories)
                .Where(f => accept is null || accept(f))
                .OrderByDescending(f => new FileInfo(f).Length)
                .ThenBy(f => f, StringComparer.Ordinal)
                .FirstOrDefault();
        }

        chosen ??= Path.Combine(RepositoryRoot, fallback);
        return SourceText.FromBytes(Path.GetFileName(chosen), File.ReadAllBytes(chosen));
    }

    /// <summary>Every file under samples/, as (path relative to samples/, text).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Samples()
    {
        var root = Path.Combine(RepositoryRoot, "samples");
        return [.. Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal)
            .Select(f => new KeyValuePair<string, string>(Path.GetRelativePath(root, f).Replace('\\', '/'), File.ReadAllText(f)))];
    }

    private static string FindRepositoryRoot()
    {
        // BenchmarkDotNet runs the benchmarks from a generated project under bin/, so walk up to the folder holding the solution.
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ElectionAudit.sln")))
            {
                return directory.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
