using System.Collections.Concurrent;

namespace ElectionAudit.Engine;

/// <summary>Runs independent pieces of work of very different sizes on the worker threads, the largest first.</summary>
internal static class LargestFirst
{
    /// <summary>
    /// Calls <paramref name="body"/> for each item on up to <paramref name="parallelism"/> threads, largest
    /// <paramref name="size"/> first (ties in input order), one item at a time to whichever worker is free. In input order
    /// a large item near the end (a 2.2 MB signed zone among hundreds of small ones) ran on one core while the others idled.
    /// </summary>
    public static void ForEach<T>(IEnumerable<T> items, Func<T, long> size, int parallelism, Action<T> body)
    {
        var ordered = items.OrderByDescending(size).ToList();
        Parallel.ForEach(
            Partitioner.Create(ordered, EnumerablePartitionerOptions.NoBuffering),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) },
            body);
    }
}
