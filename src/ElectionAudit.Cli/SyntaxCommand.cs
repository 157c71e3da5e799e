using System.Collections.Immutable;
using System.CommandLine;
using ElectionAudit.Engine;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Apache;

namespace ElectionAudit.Cli;

/// <summary>
/// <c>electionaudit syntax FILE [--format text|json] [--as FORMAT]</c>: prints the syntax tree of one file, with every
/// node's span, and the file's syntax diagnostics — for debugging a finding's location and for bug reports.
/// </summary>
internal static class SyntaxCommand
{
    /// <summary>The output formats.</summary>
    private static readonly string[] OutputFormats = ["text", "json"];

    /// <summary>The name under which the Apache httpd parser is offered while the engine has no Apache loader of its own.</summary>
    private static string ApacheName => InputFormat.Apache.Name;

    /// <summary>The names <c>--as</c> accepts: the engine's loaders' formats, and Apache.</summary>
    public static IReadOnlyList<string> InputFormatNames =>
        [.. AuditEngine.DefaultLoaders().Select(l => l.Format.Name).Append(ApacheName).Distinct(StringComparer.Ordinal)];

    /// <summary>Builds the command.</summary>
    public static Command Build(TextWriter stdout, TextWriter stderr)
    {
        var file = new Argument<string>("FILE") { Description = "The file to parse (any format the scan reads; an nginx -T dump shows each configuration file in it)." };
        var format = new Option<string>("--format", "-f") { Description = "text (an indented tree for people) or json (versioned, see docs/syntax-json.md).", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong(OutputFormats);
        var asFormat = new Option<string?>("--as") { Description = $"Parse as this format instead of detecting it as the scan does: {string.Join(", ", InputFormatNames)}." };
        var command = new Command(
            "syntax",
            "Print the syntax tree of one file (node kind, name, arguments, children and the line:column span of each) and its syntax diagnostics. Exit code 0: printed; 2: the file is missing or its format unknown.")
        {
            file, format, asFormat,
        };
        command.SetAction(parse =>
        {
            var report = Load(parse.GetValue(file)!, parse.GetValue(asFormat), Directory.GetCurrentDirectory(), out var error);
            if (report is null)
            {
                stderr.WriteLine("error: " + error);
                return CommandLine.InvalidInvocation;
            }

            stdout.Write(parse.GetValue(format) == "json" ? SyntaxWriters.ToJson(report) : SyntaxWriters.ToText(report));
            return CommandLine.Success;
        });
        return command;
    }

    /// <summary>
    /// Reads <paramref name="path"/> as the scan would: relative to <paramref name="currentDirectory"/> when the file is under
    /// it (else relative to its own directory), detected by the engine's loaders unless <paramref name="formatName"/> forces
    /// one, and loaded by that loader, so includes resolve and diagnostics are the scan's own. Null, with
    /// <paramref name="error"/> set, for a missing or unreadable file or an unknown format.
    /// </summary>
    public static SyntaxReport? Load(string path, string? formatName, string currentDirectory, out string error)
    {
        var full = Path.GetFullPath(path, currentDirectory);
        if (Directory.Exists(full))
        {
            error = $"'{path}' is a directory; give one file (use 'electionaudit scan' for a directory).";
            return null;
        }

        if (!File.Exists(full))
        {
            error = $"file '{path}' does not exist.";
            return null;
        }

        var relativeToCurrent = Path.GetRelativePath(currentDirectory, full);
        bool inside = !relativeToCurrent.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relativeToCurrent);
        var root = inside ? currentDirectory : Path.GetDirectoryName(full)!;
        var relative = PathUtil.Normalize(Path.GetRelativePath(root, full));
        var fileSystem = new DiskFileSystem(root);
        var source = fileSystem.TryRead(relative);
        if (source is null)
        {
            error = $"file '{path}' could not be read (larger than {fileSystem.MaxFileBytes / (1024 * 1024)} MiB, or not readable).";
            return null;
        }

        var loaders = AuditEngine.DefaultLoaders();
        FormatLoader? loader = null;
        bool apache = false;
        if (formatName is not null)
        {
            loader = loaders.FirstOrDefault(l => l.Format.Name.Equals(formatName, StringComparison.OrdinalIgnoreCase));
            apache = loader is null && formatName.Equals(ApacheName, StringComparison.OrdinalIgnoreCase);
            if (loader is null && !apache)
            {
                error = $"unknown format '{formatName}' for --as; use one of {string.Join(", ", InputFormatNames)}.";
                return null;
            }
        }
        else
        {
            if (source.Text.Contains('\0', StringComparison.Ordinal))
            {
                error = $"'{path}' looks binary (it holds NUL characters), so a scan skips it; with --as FORMAT that format's parser reports its first NUL and reads nothing more.";
                return null;
            }

            // The engine's own rule (AuditEngine.LoadAll): the loader most sure of the file wins, the first on a tie.
            var best = DetectionConfidence.None;
            foreach (var candidate in loaders)
            {
                var confidence = candidate.Detect(relative, source.Text);
                if (confidence > best)
                {
                    best = confidence;
                    loader = candidate;
                }
            }

            // The engine has no Apache loader yet (its binder is on the way); the Apache parser's own detection stands in.
            apache = loader is null && ApacheFormat.LooksLikeApache(relative, source.Text);
            if (loader is null && !apache)
            {
                error = $"could not tell the format of '{path}' (the scan would skip it); give --as FORMAT, one of {string.Join(", ", InputFormatNames)}.";
                return null;
            }
        }

        IEnumerable<SyntaxTree> trees;
        IEnumerable<SyntaxDiagnostic> loaderDiagnostics;
        string shownFormat;
        if (loader is not null)
        {
            var result = loader.Load([relative], fileSystem, new LoadOptions(1));
            trees = result.Trees;
            loaderDiagnostics = result.Diagnostics;
            shownFormat = loader.Format.Name;
        }
        else
        {
            var configuration = ApacheConfigurationLoader.Load(fileSystem, relative);
            trees = configuration.Trees;
            loaderDiagnostics = configuration.Diagnostics;
            shownFormat = ApacheName;
        }

        // A loader also returns the files the given one includes; those are other files, so only this file's trees are shown
        // (for an nginx -T dump that is every file in it, since all their spans point into the dump).
        var own = trees.Where(t => t.Source.Path == relative).ToList();
        var diagnostics = own.SelectMany(t => t.Diagnostics)
            .Concat(loaderDiagnostics.Where(d => d.Location.Path == relative))
            .Distinct()
            .OrderBy(d => d.Location.Span.Start)
            .ThenBy(d => d.Location.Span.End)
            .ThenBy(d => d.RuleId, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToImmutableArray();
        error = string.Empty;
        return new SyntaxReport(relative, shownFormat, [.. own.Select(SyntaxViews.Describe)], diagnostics);
    }
}
