using ElectionAudit.Configuration;

namespace ElectionAudit.Engine;

/// <summary>What to scan.</summary>
public sealed record ScanRequest
{
    /// <summary>Creates a request for files and directories under a root.</summary>
    public ScanRequest(string root, IReadOnlyList<string>? paths = null)
    {
        Root = root;
        Paths = paths ?? [];
    }

    /// <summary>The scan root: paths in findings and SARIF are relative to it (normally the repository root).</summary>
    public string Root { get; init; }

    /// <summary>Files and directories to scan (relative to the root, or absolute inside it). Empty means the whole root.</summary>
    public IReadOnlyList<string> Paths { get; init; }

    /// <summary>The configuration; null means <c>.electionaudit.yml</c> at the root when present, else the defaults.</summary>
    public AuditConfiguration? Configuration { get; init; }

    /// <summary>
    /// Whether files outside the root are read (<c>--allow-outside-root</c>): symbolic links that point out of it, and
    /// relative includes that climb out of it with <c>../</c>. By default both are reported as EA0003 naming the target
    /// and not read. Device files and FIFOs are never read, include cycles are still cut, and the scan limits still apply.
    /// </summary>
    public bool AllowOutsideRoot { get; init; }

    /// <summary>How many threads load files and run rules; default all cores.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;
}
