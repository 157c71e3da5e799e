using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using ElectionAudit.Configuration;
using ElectionAudit.Engine;
using ElectionAudit.Schema;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Yaml;

namespace ElectionAudit.Descriptor;

/// <summary>
/// Loads election infrastructure descriptors: YAML files named <c>election-infrastructure.yml</c>, <c>election.yml</c> or <c>*.election.yml</c>,
/// or any YAML file with top-level <c>election:</c> and <c>version:</c> keys. Unknown keys and invalid values become EA0004.
/// </summary>
public sealed partial class DescriptorLoader : FormatLoader
{
    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Descriptor;

    /// <inheritdoc />
    public override DetectionConfidence Detect(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        return ByName(path) ?? ByContent(text.AsSpan());
    }

    /// <inheritdoc />
    /// <remarks>
    /// Most files of a scan are decided by their name alone, before any of their text is read; a YAML file the name
    /// does not decide is read whole, as characters lent for the test rather than the file's string.
    /// </remarks>
    internal override DetectionConfidence Detect(string path, Text.SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        if (ByName(path) is { } byName)
        {
            return byName;
        }

        using var text = source.Head(source.Length);
        return ByContent(text.Span);
    }

    // None or FileName when the name decides, null when the content must.
    private static DetectionConfidence? ByName(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name == AuditConfiguration.FileName || !(name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal)))
        {
            return DetectionConfidence.None;
        }

        if (name is "election-infrastructure.yml" or "election-infrastructure.yaml" or "election.yml" or "election.yaml"
            || name.EndsWith(".election.yml", StringComparison.Ordinal) || name.EndsWith(".election.yaml", StringComparison.Ordinal))
        {
            return DetectionConfidence.FileName;
        }

        return null;
    }

    private static DetectionConfidence ByContent(ReadOnlySpan<char> text) =>
        TopLevelElection().IsMatch(text) && TopLevelVersion().IsMatch(text) ? DetectionConfidence.Content : DetectionConfidence.None;

    /// <inheritdoc />
    public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(options);
        var trees = new ConcurrentBag<SyntaxTree>();
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, path =>
        {
            if (fileSystem.TryRead(path) is { } source)
            {
                trees.Add(Parse(source, options.YamlLimits));
            }
        });
        return new LoadResult([.. trees.OrderBy(t => t.Source.Path, StringComparer.Ordinal)]);
    }

    /// <summary>Parses and validates one descriptor file.</summary>
    public static YamlSyntaxTree Parse(Text.SourceText source) => Parse(source, null);

    /// <summary>Parses and validates one descriptor file within the given YAML limits (alias expansion, nesting).</summary>
    public static YamlSyntaxTree Parse(Text.SourceText source, YamlLimits? limits)
    {
        var parsed = YamlParser.Parse(source, InputFormat.Descriptor, limits);
        if (parsed.Document.Root is not { } root)
        {
            return parsed;
        }

        var problems = SchemaValidator.Validate(root, DescriptorSchema.Root);
        return problems.Count == 0 ? parsed : parsed.WithDiagnostics(SchemaValidator.ToDiagnostics(problems));
    }

    [GeneratedRegex(@"^election:", RegexOptions.Multiline)]
    private static partial Regex TopLevelElection();

    [GeneratedRegex(@"^version:", RegexOptions.Multiline)]
    private static partial Regex TopLevelVersion();
}
