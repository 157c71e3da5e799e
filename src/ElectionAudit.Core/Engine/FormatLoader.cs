using System.Collections.Immutable;
using ElectionAudit.Model;
using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>How sure a loader is that a file is in its format.</summary>
public enum DetectionConfidence
{
    /// <summary>Not this format.</summary>
    None = 0,

    /// <summary>The content looks like it.</summary>
    Content = 1,

    /// <summary>The file name says so.</summary>
    FileName = 2,
}

/// <summary>What a loader produced: one syntax tree per file it read (includes count as files).</summary>
/// <param name="Trees">The trees, in path order.</param>
public sealed record LoadResult(ImmutableArray<SyntaxTree> Trees)
{
    /// <summary>Problems the loader found beyond each tree's own parse, for example an nginx <c>include</c> it could not resolve (EA0003).</summary>
    public ImmutableArray<SyntaxDiagnostic> Diagnostics { get; init; } = [];

    /// <summary>
    /// What the loader read that becomes model elements once every file is loaded and the descriptors are known
    /// (an nginx configuration with the certificates it names becomes web sites and TLS endpoints).
    /// </summary>
    public ImmutableArray<IModelContributor> Contributors { get; init; } = [];
}

/// <summary>
/// Reads one input format: detects its files (by name, then content) and parses them.
/// Adding a format is adding a loader (and its syntax folder).
/// </summary>
public abstract class FormatLoader
{
    /// <summary>The format.</summary>
    public abstract InputFormat Format { get; }

    /// <summary>How sure the loader is that the file at <paramref name="path"/> with content <paramref name="text"/> is in its format.</summary>
    public abstract DetectionConfidence Detect(string path, string text);

    /// <summary>
    /// <see cref="Detect(string, string)"/> for the scan's snapshot of the file, so that a built-in loader can keep what it
    /// parsed to decide and not parse the file again when it loads it.
    /// </summary>
    internal virtual DetectionConfidence Detect(string path, SourceText source) => Detect(path, source.Text);

    /// <summary>
    /// True when <see cref="Detect(string, SourceText)"/> can answer no more than <see cref="DetectionConfidence.Content"/>
    /// for <paramref name="path"/> and costs enough that the engine should ask it only when its answer can still decide the
    /// file's format (see the engine's detection). False, the default, keeps the loader asked in its turn.
    /// </summary>
    internal virtual bool ContentOnly(string path) => false;

    /// <summary>Parses the detected files. Must not throw on any content; problems become tree diagnostics.</summary>
    public abstract LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options);
}

/// <summary>Options every loader receives.</summary>
/// <param name="MaxDegreeOfParallelism">How many files to parse at once.</param>
public sealed record LoadOptions(int MaxDegreeOfParallelism)
{
    /// <summary>The scan's resource limits; loaders pass the ones they enforce (include depth, YAML expansion) to their parsers.</summary>
    public ScanLimits Limits { get; init; } = ScanLimits.Default;

    /// <summary>The YAML parser's share of <see cref="Limits"/>.</summary>
    public Syntax.Yaml.YamlLimits YamlLimits => new(Limits.MaxYamlNodes, Limits.MaxYamlDepth);
}
