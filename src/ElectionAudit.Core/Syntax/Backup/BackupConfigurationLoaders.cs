using System.Collections.Concurrent;
using System.Collections.Immutable;
using ElectionAudit.Engine;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Backup;

/// <summary>
/// Loads borgmatic configurations (YAML). Detected by name — <c>config.yaml</c> in a <c>borgmatic.d/</c> or <c>borgmatic/</c> folder,
/// <c>*.borgmatic.yml</c> — or by content: a top-level <c>repositories:</c> or <c>source_directories:</c>, or the legacy
/// <c>location:</c> section holding either.
/// </summary>
public sealed class BorgmaticLoader : FormatLoader
{
    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Borgmatic;

    /// <inheritdoc />
    public override DetectionConfidence Detect(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return ByName(path) ?? ByContent(text);
    }

    /// <inheritdoc />
    /// <remarks>The name decides most files; the content test reads the head it looks at, not the whole file's string.</remarks>
    internal override DetectionConfidence Detect(string path, SourceText source) => BackupSniffing.Detect(path, source, ByName, ByContent);

    // None or FileName when the name decides, null when the content must.
    private static DetectionConfidence? ByName(string path)
    {
        var normalized = PathUtil.Normalize(path).ToLowerInvariant();
        var name = Path.GetFileName(normalized);
        if (!BackupSniffing.IsYamlName(name))
        {
            return DetectionConfidence.None;
        }

        var folder = Path.GetFileName(PathUtil.GetDirectory(normalized));
        if (name.EndsWith(".borgmatic.yml", StringComparison.Ordinal) || name.EndsWith(".borgmatic.yaml", StringComparison.Ordinal)
            || (folder is "borgmatic.d" or "borgmatic" && name is "config.yaml" or "config.yml"))
        {
            return DetectionConfidence.FileName;
        }

        if (folder == "borgmatic.d")
        {
            return DetectionConfidence.FileName;
        }

        return null;
    }

    private static DetectionConfidence ByContent(ReadOnlySpan<char> text)
    {
        bool topLevel = BackupSniffing.HasTopLevelKey(text, "repositories") || BackupSniffing.HasTopLevelKey(text, "source_directories");
        bool legacy = BackupSniffing.HasTopLevelKey(text, "location")
            && (BackupSniffing.HasIndentedKey(text, "repositories") || BackupSniffing.HasIndentedKey(text, "source_directories"));
        return topLevel || legacy ? DetectionConfidence.Content : DetectionConfidence.None;
    }

    /// <inheritdoc />
    /// <remarks>
    /// The files' <c>!include</c> tags are followed after all are parsed (<see cref="BorgmaticIncludes"/>): a file read only
    /// because another includes it is a tree of the result too, so that its syntax errors are reported and its values have
    /// their own locations, and the model does not take it for a configuration of its own.
    /// </remarks>
    public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options) =>
        BackupSniffing.LoadEach(paths, fileSystem, options, source => Parse(source, options.YamlLimits)).WithIncludes(trees => BorgmaticIncludes.Resolve(trees, fileSystem, options));

    /// <summary>
    /// Parses one borgmatic file. A template (an Ansible role's <c>config.yaml.j2</c>, whose <c>{% for %}</c> lines are
    /// not YAML) gives one EA0002 at its first action on a line with an error, and is not read, as nginx and zone templates are.
    /// </summary>
    internal static SyntaxTree Parse(SourceText source, YamlLimits? limits)
    {
        var tree = YamlParser.Parse(source, InputFormat.Borgmatic, limits);
        return TemplateActions.FirstOnErrorLine(tree) is not { } action
            ? tree
            : new YamlSyntaxTree(source, InputFormat.Borgmatic, new YamlDocumentSyntax(null, new TextSpan(0, source.Length)), [TemplateActions.Diagnostic(source, action, "borgmatic", "a borgmatic configuration")]);
    }
}

/// <summary>
/// Loads resticprofile configurations: YAML and TOML (<c>.conf</c> files are TOML, as resticprofile reads them). HCL is not
/// supported: such a file is reported as EA0002 saying so. Detected by name — <c>profiles.*</c>, <c>resticprofile.*</c> — or by
/// content: a profile with a <c>repository</c>, and a top-level <c>version</c> or a <c>password-file</c>/<c>password-command</c>.
/// </summary>
public sealed class ResticprofileLoader : FormatLoader
{
    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Resticprofile;

    /// <inheritdoc />
    public override DetectionConfidence Detect(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return ByName(path, out var extension) ?? ByContent(extension, text);
    }

    /// <inheritdoc />
    /// <remarks>The name decides most files; the content test reads the head it looks at, not the whole file's string.</remarks>
    internal override DetectionConfidence Detect(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        if (ByName(path, out var extension) is { } byName)
        {
            return byName;
        }

        using var head = source.Head(BackupSniffing.SniffLength);
        return ByContent(extension, head.Span);
    }

    // None or FileName when the name decides, null when the content must.
    private static DetectionConfidence? ByName(string path, out string extension)
    {
        var name = Path.GetFileName(PathUtil.Normalize(path)).ToLowerInvariant();
        extension = Path.GetExtension(name);
        if (extension is not (".yaml" or ".yml" or ".toml" or ".conf" or ".hcl"))
        {
            return DetectionConfidence.None;
        }

        var stem = Path.GetFileNameWithoutExtension(name);
        if (stem is "profiles" or "resticprofile")
        {
            return DetectionConfidence.FileName;
        }

        // HCL is claimed by its name only (to report it unsupported), so its content need not be read.
        return extension == ".hcl" ? DetectionConfidence.None : null;
    }

    private static DetectionConfidence ByContent(string extension, ReadOnlySpan<char> text)
    {
        bool toml = extension is ".toml" or ".conf";
        bool version = toml ? BackupSniffing.HasTopLevelAssignment(text, "version") : BackupSniffing.HasTopLevelKey(text, "version");
        bool repository = toml ? BackupSniffing.HasAssignment(text, "repository") : BackupSniffing.HasIndentedKey(text, "repository");
        // The version key is optional in resticprofile (version 1 is assumed), so a profile with a restic password source is enough too.
        bool password = toml
            ? BackupSniffing.HasAssignment(text, "password-file") || BackupSniffing.HasAssignment(text, "password-command")
            : BackupSniffing.HasIndentedKey(text, "password-file") || BackupSniffing.HasIndentedKey(text, "password-command");
        return extension != ".hcl" && repository && (version || password) ? DetectionConfidence.Content : DetectionConfidence.None;
    }

    /// <inheritdoc />
    /// <remarks>Each main configuration's <c>includes</c> are followed (<see cref="ResticprofileIncludes"/>): the files it merges are read with it.</remarks>
    public override LoadResult Load(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options) =>
        BackupSniffing.LoadEach(paths, fileSystem, options, source => Parse(source, options.YamlLimits)).WithIncludes(trees => ResticprofileIncludes.Resolve(trees, fileSystem, options));

    /// <summary>Parses one resticprofile file by its extension: TOML for <c>.toml</c>/<c>.conf</c>, YAML otherwise; HCL is reported as unsupported.</summary>
    public static SyntaxTree Parse(SourceText source) => Parse(source, null);

    /// <summary>Parses one resticprofile file as <see cref="Parse(SourceText)"/> does, within the given YAML limits.</summary>
    public static SyntaxTree Parse(SourceText source, YamlLimits? limits)
    {
        ArgumentNullException.ThrowIfNull(source);
        var extension = Path.GetExtension(source.Path).ToLowerInvariant();
        if (extension == ".hcl")
        {
            var diagnostic = new SyntaxDiagnostic(
                "EA0002",
                source.GetLocation(new TextSpan(0, 0)),
                "resticprofile HCL configurations are not supported; the file was not read. Convert it to YAML or TOML (resticprofile reads all three) to have its backups audited.",
                "hcl-unsupported");
            return new TomlSyntaxTree(source, InputFormat.Resticprofile, new YamlDocumentSyntax(null, new TextSpan(0, source.Length)), [diagnostic], []);
        }

        bool toml = extension is ".toml" or ".conf";
        SyntaxTree tree = toml ? TomlParser.Parse(source, InputFormat.Resticprofile) : YamlParser.Parse(source, InputFormat.Resticprofile, limits);
        return tree.Diagnostics.IsEmpty || BinaryContent.IsBinary(tree) || FirstTemplateAction(source) is not { } action ? tree : Templated(source, toml, action);
    }

    /// <summary>
    /// The first Go template action (<c>{{ … }}</c> on one line) in a file, if any. resticprofile expands a
    /// configuration's templates before it reads the file as TOML or YAML (its "Templates" and "Variables"
    /// documentation), so actions outside quoted values, such as <c>{{ define "name" }}</c>, are not TOML or YAML.
    /// </summary>
    private static TextSpan? FirstTemplateAction(SourceText source)
    {
        // Line by line, through the search that gives up on a line once no "}}" can close an action there: searching to the
        // line's end from every "{{" took minutes on a hostile line of 200,000 braces.
        var text = source.Text;
        for (int start = text.IndexOf("{{", StringComparison.Ordinal); start >= 0;)
        {
            int lineStart = text.LastIndexOfAny(['\n', '\r'], start) + 1;
            int lineEnd = text.IndexOfAny(['\n', '\r'], start);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd;
            if (TemplateActions.FirstInLine(text[lineStart..lineEnd], start - lineStart, statements: false) is { } found)
            {
                return new TextSpan(lineStart + found.Start, found.Length);
            }

            start = lineEnd < text.Length ? text.IndexOf("{{", lineEnd, StringComparison.Ordinal) : -1;
        }

        return null;
    }

    // A file that does not read without its templates expanded gives one diagnostic that says so, at its first action,
    // instead of the parser's cascade (13 errors for resticprofile's own nesting.toml example); like an HCL file, it is
    // not read, so no rule judges a half-read configuration.
    private static SyntaxTree Templated(SourceText source, bool toml, TextSpan action)
    {
        var diagnostic = new SyntaxDiagnostic(
            "EA0002",
            source.GetLocation(action),
            $"The file uses resticprofile's Go templates ({TemplateActions.Excerpt(source, action)}), which resticprofile expands before it reads the configuration; ElectionAudit reads files as written, and this one is not {(toml ? "TOML" : "YAML")} until its templates are expanded, so it was not read. Scan a rendered copy to have its backups audited.",
            TemplateActions.LogicalKey);
        var document = new YamlDocumentSyntax(null, new TextSpan(0, source.Length));
        return toml
            ? new TomlSyntaxTree(source, InputFormat.Resticprofile, document, [diagnostic], [])
            : new YamlSyntaxTree(source, InputFormat.Resticprofile, document, [diagnostic]);
    }
}

/// <summary>Cheap line-based sniffing for detection (no parsing), and the shared load loop.</summary>
internal static class BackupSniffing
{
    /// <summary>A content test over the head of a file.</summary>
    public delegate DetectionConfidence ContentTest(ReadOnlySpan<char> head);

    /// <summary>
    /// Detection that lets the name decide first (<paramref name="byName"/> null when the content must) and reads only the
    /// head of the scan's snapshot for the content test, not the whole file's string.
    /// </summary>
    public static DetectionConfidence Detect(string path, SourceText source, Func<string, DetectionConfidence?> byName, ContentTest byContent)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        if (byName(path) is { } decided)
        {
            return decided;
        }

        using var head = source.Head(SniffLength);
        return byContent(head.Span);
    }

    public static bool IsYamlName(string name) => name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal);

    /// <summary>A line <c>key:</c> starting in column 1.</summary>
    public static bool HasTopLevelKey(ReadOnlySpan<char> text, string key)
    {
        foreach (var line in Lines(text))
        {
            if (IsKey(line, key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A line <c>key:</c> after indentation.</summary>
    public static bool HasIndentedKey(ReadOnlySpan<char> text, string key)
    {
        foreach (var line in Lines(text))
        {
            if (line.Length > 0 && line[0] is ' ' or '\t' && IsKey(line.TrimStart(), key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A TOML assignment <c>key = ...</c> before any table header.</summary>
    public static bool HasTopLevelAssignment(ReadOnlySpan<char> text, string key)
    {
        foreach (var line in Lines(text))
        {
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith('['))
            {
                return false;
            }

            if (IsAssignment(trimmed, key))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A TOML assignment <c>key = ...</c> anywhere.</summary>
    public static bool HasAssignment(ReadOnlySpan<char> text, string key)
    {
        foreach (var line in Lines(text))
        {
            if (IsAssignment(line.TrimStart(), key))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsKey(ReadOnlySpan<char> line, string key) => line.StartsWith(key, StringComparison.Ordinal) && line[key.Length..].StartsWith(':');

    private static bool IsAssignment(ReadOnlySpan<char> trimmed, string key) =>
        trimmed.StartsWith(key, StringComparison.Ordinal) && trimmed[key.Length..].TrimStart().StartsWith('=');

    /// <summary>
    /// Detection looks at the first 64 KiB only: enough for any real configuration, and bounded for hostile input. (A longer
    /// text given to the tests is cut to it; a caller with a file's snapshot reads only this much.)
    /// </summary>
    public const int SniffLength = 65536;

    // Each line comes without the carriage returns that end it.
    private static LinesWithoutReturns Lines(ReadOnlySpan<char> text) => new(SpanLines.Split(text[..Math.Min(text.Length, SniffLength)]));

    private ref struct LinesWithoutReturns(SpanLines lines)
    {
        private SpanLines _lines = lines;

        public readonly ReadOnlySpan<char> Current => _lines.Current.TrimEnd('\r');

        public readonly LinesWithoutReturns GetEnumerator() => this;

        public bool MoveNext() => _lines.MoveNext();
    }

    public static LoadResult LoadEach(IReadOnlyList<string> paths, IScanFileSystem fileSystem, LoadOptions options, Func<SourceText, SyntaxTree> parse)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(options);
        var trees = new ConcurrentBag<SyntaxTree>();
        Parallel.ForEach(paths, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism }, path =>
        {
            if (fileSystem.TryRead(path) is { } source)
            {
                trees.Add(parse(source));
            }
        });
        return new LoadResult([.. trees.OrderBy(t => t.Source.Path, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// <paramref name="loaded"/> with the files its trees include: <paramref name="resolve"/> follows the includes and gives
    /// the files read only because they are included, and the EA0003s; they join the trees in path order.
    /// </summary>
    public static LoadResult WithIncludes(this LoadResult loaded, Func<IReadOnlyList<SyntaxTree>, (List<SyntaxTree> Included, List<SyntaxDiagnostic> Diagnostics)> resolve)
    {
        var (included, diagnostics) = resolve(loaded.Trees);
        return included.Count == 0 && diagnostics.Count == 0
            ? loaded
            : new LoadResult([.. loaded.Trees.Concat(included).OrderBy(t => t.Source.Path, StringComparer.Ordinal)]) { Diagnostics = [.. diagnostics] };
    }
}
