namespace ElectionAudit.Engine;

/// <summary>
/// Resource limits of one scan, set in the <c>limits:</c> section of <c>.electionaudit.yml</c>. Files in a pull request can
/// come from anyone, so every unbounded quantity a hostile file controls has a limit; reaching one is a finding at the
/// file (EA0002 or EA0003) or the rule (EA0001), never a crash, and the rest of the scan goes on.
/// </summary>
public sealed record ScanLimits
{
    /// <summary>The defaults: generous for real configurations (the largest corpus file, a signed root zone, is 2.3 MB).</summary>
    public static ScanLimits Default { get; } = new();

    /// <summary>
    /// Largest file read, in bytes (<c>max-file-bytes</c>); a larger file is not read, and is reported as EA0002 when it is
    /// configuration: a format claims it by its name, or by its first 64 KiB when they hold no NUL.
    /// </summary>
    public long MaxFileBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Deepest chain of includes followed (<c>max-include-depth</c>); the include one level deeper is reported as EA0003.</summary>
    public int MaxIncludeDepth { get; init; } = 32;

    /// <summary>Most files read through includes in one scan, beyond the files discovered (<c>max-included-files</c>); EA0003 past it.</summary>
    public int MaxIncludedFiles { get; init; } = 10_000;

    /// <summary>Most files one include glob may match (<c>max-glob-matches</c>); the first ones in sorted order are read, and EA0003 says the rest were not.</summary>
    public int MaxGlobMatches { get; init; } = 1_000;

    /// <summary>Most YAML nodes a document may expand to, counting every use of an alias (<c>max-yaml-nodes</c>): refuses alias bombs quickly.</summary>
    public int MaxYamlNodes { get; init; } = 200_000;

    /// <summary>Deepest nesting of YAML mappings and sequences (<c>max-yaml-depth</c>).</summary>
    public int MaxYamlDepth { get; init; } = 64;

    /// <summary>Deepest nesting of blocks (nginx <c>{}</c>, Apache sections, named.conf braces) (<c>max-block-nesting</c>); EA0002 at the first block deeper.</summary>
    public int MaxBlockNesting { get; init; } = 64;

    /// <summary>
    /// Longest time one rule may take over the whole model (<c>rule-time-budget-seconds</c>). A rule over it is abandoned:
    /// its findings are dropped, EA0001 says so, and the other rules' findings are reported.
    /// </summary>
    public TimeSpan RuleTimeBudget { get; init; } = TimeSpan.FromSeconds(60);
}
