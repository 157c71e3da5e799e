using System.Globalization;
using Microsoft.Diagnostics.Tracing.Etlx;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

// Sums the GC's allocation samples (one AllocationTick event per ~100 KB allocated) of a trace recorded with
//   dotnet-trace collect --profile gc-verbose -o scan.nettrace -- electionaudit scan ...
// Usage: AllocationReport TRACE [--large] [TYPE|*] [FRAMES] [ROWS]
//        AllocationReport TRACE --gcs
//   --gcs: one line per collection (a trace with the runtime's GC events, which gc-verbose and
//   --providers Microsoft-Windows-DotNETRuntime:0x1:4 both record): when it started, its generation, reason and kind,
//   how long the runtime was paused for it, and the heap's generations after it.
//   without TYPE: megabytes allocated per type;
//   with TYPE (a full type name as the runtime writes it, or * for every type): per allocating call chain, the first
//   FRAMES frames (default 2) from the innermost ElectionAudit method outwards.
//   --large: only the large object heap's allocations (objects of 85,000 bytes or more: each counts towards the budget
//   whose end starts a full collection).
bool largeOnly = args.Contains("--large");
args = [.. args.Where(a => a != "--large")];
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: AllocationReport TRACE.nettrace [--large] [TYPE|*] [FRAMES] [ROWS] | --gcs");
    return args.Length == 0 ? 2 : 0;
}

if (args.Length > 1 && args[1] == "--gcs")
{
    return Collections(args[0]);
}

string? type = args.Length > 1 ? args[1] : null;
int frames = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
int rows = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30;

using var log = TraceLog.OpenOrConvert(TraceLog.CreateFromEventPipeDataFile(args[0]));
var totals = new Dictionary<string, long>(StringComparer.Ordinal);
long all = 0;
int collections = 0;
foreach (var traceEvent in log.Events)
{
    if (traceEvent is GCStartTraceData)
    {
        collections++;
        continue;
    }

    if (traceEvent is not GCAllocationTickTraceData tick || (type is not null && type != "*" && tick.TypeName != type)
        || (largeOnly && tick.AllocationKind != GCAllocationKind.Large))
    {
        continue;
    }

    all += tick.AllocationAmount64;
    string key = type is null ? tick.TypeName : CallChain(traceEvent.CallStack(), frames);
    totals[key] = totals.GetValueOrDefault(key) + tick.AllocationAmount64;
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{type ?? "all types"}{(largeOnly ? " (large objects)" : "")}: {all / 1e6:F1} MB sampled, {collections} collections"));
foreach (var (key, bytes) in totals.OrderByDescending(t => t.Value).Take(rows))
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{bytes / 1e6,9:F1} MB  {key}"));
}

return 0;

// Each collection: start (ms from the first event), generation, reason, kind, the pause it took (from the runtime's
// suspension to its restart, so for a background collection only its blocking parts), and the generations' sizes after it.
static int Collections(string trace)
{
    using var log = TraceLog.OpenOrConvert(TraceLog.CreateFromEventPipeDataFile(trace));
    double? first = null;
    double suspended = 0;
    var pauses = 0.0;
    var started = new Dictionary<int, (double At, int Depth, GCReason Reason, GCType Type)>();
    var lines = new List<string>();
    foreach (var traceEvent in log.Events)
    {
        first ??= traceEvent.TimeStampRelativeMSec;
        if (traceEvent.EventName == "GC/SuspendEEStart")
        {
            suspended = traceEvent.TimeStampRelativeMSec;
            continue;
        }

        if (traceEvent.EventName == "GC/RestartEEStop" && suspended > 0)
        {
            pauses += traceEvent.TimeStampRelativeMSec - suspended;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  pause {traceEvent.TimeStampRelativeMSec - suspended,8:F1} ms at {suspended - first.Value,8:F1} ms"));
            suspended = 0;
            continue;
        }

        switch (traceEvent)
        {
            case GCStartTraceData start:
                started[start.Count] = (start.TimeStampRelativeMSec - first.Value, start.Depth, start.Reason, start.Type);
                break;
            case GCHeapStatsTraceData stats:
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"  after: gen0 {stats.GenerationSize0 / 1e6:F1} MB, gen1 {stats.GenerationSize1 / 1e6:F1} MB, gen2 {stats.GenerationSize2 / 1e6:F1} MB, large {stats.GenerationSize3 / 1e6:F1} MB"));
                break;
            case GCEndTraceData end when started.Remove(end.Count, out var gc):
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"#{end.Count} gen{gc.Depth} {gc.Type} ({gc.Reason}) at {gc.At:F1} ms, {end.TimeStampRelativeMSec - first.Value - gc.At:F1} ms to its end"));
                break;
        }
    }

    foreach (var line in lines)
    {
        Console.WriteLine(line);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"runtime paused {pauses:F1} ms in all"));
    return 0;
}

// The innermost ElectionAudit frame and the callers after it: frames inside the runtime and the libraries only say
// where the bytes were finally allocated, not which of our code asked for them.
static string CallChain(TraceCallStack? stack, int count)
{
    var names = new List<string>();
    for (var frame = stack; frame is not null && names.Count < count; frame = frame.Caller)
    {
        var name = frame.CodeAddress.FullMethodName;
        if (names.Count > 0 || name.StartsWith("ElectionAudit.", StringComparison.Ordinal))
        {
            names.Add(name.Length > 120 ? name[..120] : name);
        }
    }

    return names.Count == 0 ? "(no ElectionAudit frame)" : string.Join(" < ", names);
}
