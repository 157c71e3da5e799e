using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace ElectionAudit.Engine;

/// <summary>
/// Runs work items (the rules) on a fixed number of worker threads, each item with a time budget. An item still running when
/// its budget is spent cannot be stopped safely in .NET, so it is abandoned: its thread is left to finish on its own, a new
/// worker takes its place so the other items go on at the same parallelism, and whatever the item produces later is dropped.
/// </summary>
/// <remarks>
/// Replaces one dedicated thread per rule (about a hundred thread starts on every scan, the largest start-up cost left in the
/// native build's one-file scan after the runtime's own): threads are started only for the workers and for replacements.
/// </remarks>
internal static class BudgetedWorkers
{
    /// <summary>
    /// Runs <paramref name="execute"/> for every item and returns when each item has finished or been abandoned.
    /// <paramref name="execute"/> returns the item's commit, which runs under a lock only when the item finished within its
    /// budget; <paramref name="abandon"/> runs (under the same lock) for an item that did not. An exception from
    /// <paramref name="execute"/> is rethrown here once the others are settled.
    /// </summary>
    public static void Run<TItem>(IReadOnlyList<TItem> items, int workerCount, TimeSpan budget, Func<TItem, Action> execute, Action<TItem> abandon)
    {
        if (items.Count == 0)
        {
            return;
        }

        var gate = new object();
        var running = new Dictionary<int, long>();
        var abandoned = new HashSet<int>();
        ExceptionDispatchInfo? failure = null;
        int next = -1;
        int settled = 0;

        void Work()
        {
            while (true)
            {
                int index = Interlocked.Increment(ref next);
                if (index >= items.Count)
                {
                    return;
                }

                lock (gate)
                {
                    running[index] = Stopwatch.GetTimestamp();
                }

                Action? commit = null;
                ExceptionDispatchInfo? thrown = null;
                try
                {
                    commit = execute(items[index]);
                }
#pragma warning disable CA1031 // Carried to the waiting thread and rethrown there, as an awaited task would.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    thrown = ExceptionDispatchInfo.Capture(ex);
                }

                lock (gate)
                {
                    running.Remove(index);
                    if (abandoned.Contains(index))
                    {
                        // Its replacement already works the queue; this thread only had to let the item end.
                        return;
                    }

                    failure ??= thrown;
                    commit?.Invoke();
                    settled++;
                    Monitor.PulseAll(gate);
                }
            }
        }

        void StartWorker() => new Thread(Work) { IsBackground = true, Name = "ElectionAudit rule worker" }.Start();

        for (int i = 0; i < Math.Clamp(workerCount, 1, items.Count); i++)
        {
            StartWorker();
        }

        bool limited = budget > TimeSpan.Zero && budget != Timeout.InfiniteTimeSpan;
        lock (gate)
        {
            var overdue = new List<int>();
            while (settled < items.Count)
            {
                // An item that starts after this point has a deadline more than one budget away, so waking at the earliest
                // deadline of the items running now, and at the latest one budget from now, misses none.
                var wait = limited ? budget : Timeout.InfiniteTimeSpan;
                if (limited)
                {
                    long now = Stopwatch.GetTimestamp();
                    overdue.Clear();
                    foreach (var (index, started) in running)
                    {
                        var left = budget - Stopwatch.GetElapsedTime(started, now);
                        if (left <= TimeSpan.Zero)
                        {
                            overdue.Add(index);
                        }
                        else if (left < wait)
                        {
                            wait = left;
                        }
                    }

                    foreach (var index in overdue)
                    {
                        running.Remove(index);
                        abandoned.Add(index);
                        abandon(items[index]);
                        settled++;
                        StartWorker();
                    }

                    if (overdue.Count > 0)
                    {
                        continue;
                    }
                }

                // Every settled item wakes this thread too.
                Monitor.Wait(gate, wait == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : wait + TimeSpan.FromMilliseconds(1));
            }
        }

        failure?.Throw();
    }
}
