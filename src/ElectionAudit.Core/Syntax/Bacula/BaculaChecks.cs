using System.Collections.Frozen;
using ElectionAudit.Engine;
using ElectionAudit.Model.Backup;
using ElectionAudit.Schema;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Bacula;

/// <summary>
/// What Bacula's director, file daemon, storage daemon and console refuse to start with, beyond the grammar: a resource type the daemon does not
/// have, a directive its resource does not have (a misspelt <c>Volume Retension</c> would otherwise be read as no
/// retention at all), a resource without a Name or without a directive it requires, a second resource of a type with the
/// same name, and a directive that names a resource the configuration does not define. Each is an EA0002 where it is
/// written, in the daemon's own words. The directive tables are what the daemons answered (<see cref="BaculaKeywords"/>).
/// </summary>
/// <remarks>
/// The blocks inside a resource (a FileSet's <c>Include</c>, a Job's <c>RunScript</c>) are not checked: they are read by
/// their own tables. References are checked only in a configuration that is whole: it holds the daemon's own resource
/// (<see cref="BaculaDaemonInfo.OwnResource"/>: the director's <c>Director</c>, the file daemon's <c>FileDaemon</c>, the
/// storage daemon's <c>Storage</c>) and every include was found, as a resource may be defined in a file the scan does not
/// hold.
/// </remarks>
internal static class BaculaChecks
{
    // The resource types only a director has: a file that holds one is a director's, whatever its name.
    private static readonly FrozenSet<string> DirectorOnly = FrozenSet.ToFrozenSet(["Job", "JobDefs", "Pool", "Schedule", "Catalog", "FileSet", "Counter"], StringComparer.OrdinalIgnoreCase);

    // Of the daemons' resource types, Device is only the storage daemon's.
    private const string StorageDaemonOnly = "Device";

    /// <summary>The daemon a file configures: by its name, else by the resources it holds; null when neither says.</summary>
    public static BaculaDaemon? DaemonOf(BaculaConfiguration configuration)
    {
        switch (Path.GetFileName(PathUtil.Normalize(configuration.Tree.Source.Path)).ToLowerInvariant())
        {
            case "bacula-dir.conf":
                return BaculaDaemon.Director;
            case "bacula-fd.conf":
                return BaculaDaemon.FileDaemon;
            case "bacula-sd.conf":
                return BaculaDaemon.StorageDaemon;
            case "bconsole.conf":
                return BaculaDaemon.Console;
        }

        if (configuration.Resources.Any(r => DirectorOnly.Contains(r.Type)))
        {
            return BaculaDaemon.Director;
        }

        return configuration.Resources.Any(r => r.Is("FileDaemon")) ? BaculaDaemon.FileDaemon
            : configuration.Resources.Any(r => r.Is(StorageDaemonOnly)) ? BaculaDaemon.StorageDaemon
            : null;
    }

    /// <summary>The EA0002s of one daemon's configuration (its main file with its includes read in place).</summary>
    public static IEnumerable<SyntaxDiagnostic> Check(BaculaConfiguration configuration, BaculaDaemon daemon)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var table = BaculaKeywords.For(daemon);
        var (program, daemonName, _) = BaculaDaemonInfo.Of(daemon);
        var firstByName = new Dictionary<(string Type, string Name), BaculaResource>();
        var known = new List<(BaculaResource Resource, BaculaResourceInfo Info)>();
        foreach (var resource in configuration.Resources)
        {
            var syntax = resource.Syntax;
            if (!table.TryGetValue(resource.Type, out var info))
            {
                var suggestion = Suggestions.Closest(resource.Type, table.Values.Select(t => t.Name));
                yield return Diagnostic(syntax, syntax.KeywordSpan,
                    $"'{resource.Type}' is not a resource of Bacula's {daemonName} ({program}: \"expected resource name, got: {resource.Type}\"){DidYouMean(suggestion)}");
                continue;
            }

            known.Add((resource, info));
            foreach (var directive in resource.Directives)
            {
                if (!info.Directives.ContainsKey(directive.Keyword))
                {
                    var suggestion = Suggestions.Closest(directive.Keyword, info.Directives.Values.Select(d => d.Name));
                    yield return Diagnostic(directive, directive.KeywordSpan,
                        $"keyword \"{directive.Keyword}\" is not permitted in a {info.Name} resource ({program} refuses to start){DidYouMean(suggestion)}");
                }
            }

            // An include the scan could not follow may hold what the resource seems to lack.
            if (HasUnresolvedInclude(syntax.Block ?? [], inBlocks: false)
                || (resource.Directive("JobDefs") is not null && (resource.Defaults is null || HasUnresolvedInclude(resource.Defaults.Syntax.Block ?? [], inBlocks: false))))
            {
                continue;
            }

            if (resource.Name is not { } name)
            {
                yield return Diagnostic(syntax, syntax.KeywordSpan, $"{info.Name} resource has no Name ({program}: \"Name not specified for resource\")");
                continue;
            }

            // A Job's are checked once its JobDefs are applied (bacula-dir does so after reading the whole configuration).
            var missing = info.Required
                .Where(d => !d.Name.Equals("Name", StringComparison.OrdinalIgnoreCase) && resource.Directive(d.Name) is null)
                .Select(d => $"\"{d.Name}\"")
                .ToList();
            if (missing.Count > 0)
            {
                yield return Diagnostic(syntax, syntax.KeywordSpan,
                    $"{string.Join(", ", missing)} {(missing.Count == 1 ? "directive is" : "directives are")} required in {info.Name} resource \"{name}\", but not found ({program} refuses to start)");
            }

            if (!firstByName.TryAdd((info.Name, name), resource))
            {
                var first = firstByName[(info.Name, name)];
                var nameDirective = resource.Directives.Last(d => d.Is("Name"));
                var why = ReferenceEquals(first.Syntax, resource.Syntax)
                    ? $"{info.Name} resource \"{name}\" is read twice, as its file is included more than once"
                    : $"a second {info.Name} resource named \"{name}\" (the first is at {Where(first.Syntax)})";
                yield return Diagnostic(nameDirective, nameDirective.ValueSpan ?? nameDirective.KeywordSpan,
                    $"{why}; {program}: \"Attempt to define second \"{info.Name}\" resource named \"{name}\" is not permitted\"");
            }
        }

        if (!IsWhole(configuration, daemon))
        {
            yield break;
        }

        foreach (var (resource, info) in known)
        {
            // bacula-dir runs a Job on the storage its Pool names when the Job names none.
            if (daemon == BaculaDaemon.Director && resource.Is("Job") && resource.Name is { } job && resource.Directive("Storage") is null
                && resource.Directive("Pool")?.Text is { } poolName && configuration.Find("Pool", poolName) is { } pool && pool.Directive("Storage") is null)
            {
                yield return Diagnostic(resource.Syntax, resource.Syntax.KeywordSpan, $"Job \"{job}\" names no Storage, nor does its Pool \"{poolName}\" ({program}: \"No storage specified in Job \"{job}\" nor in Pool\")");
            }

            foreach (var directive in resource.Directives)
            {
                if (directive.Block is not null || !info.Directives.TryGetValue(directive.Keyword, out var directiveInfo) || directiveInfo.References.Count == 0)
                {
                    continue;
                }

                foreach (var token in BaculaResource.Names(directive))
                {
                    if (!directiveInfo.References.Any(type => configuration.Find(type, token.Text) is not null))
                    {
                        yield return Diagnostic(directive, token.Span,
                            $"no {string.Join(" or ", directiveInfo.References)} resource is named \"{token.Text}\" ({program}: \"Could not find config Resource \"{token.Text}\" referenced\")");
                    }
                }
            }
        }
    }

    // The daemon's own resource is there, every include was found and read: a name it does not define is defined nowhere.
    private static bool IsWhole(BaculaConfiguration configuration, BaculaDaemon daemon) =>
        configuration.TruncatedAt is null
        && configuration.Resources.Any(r => r.Is(BaculaDaemonInfo.Of(daemon).OwnResource))
        && !HasUnresolvedInclude(configuration.Tree.Root.Statements, inBlocks: true);

    // Whether an include among the statements (and, with inBlocks, inside their blocks), or in a file one of them reads,
    // was not found. Each file is looked into once, so that files including one another many times over are read in
    // linear time.
    private static bool HasUnresolvedInclude(IEnumerable<BaculaStatementSyntax> statements, bool inBlocks)
    {
        var seen = new HashSet<BaculaSyntaxTree>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<IEnumerable<BaculaStatementSyntax>>([statements]);
        while (pending.TryPop(out var list))
        {
            var includes = inBlocks ? list.SelectMany(s => s.DescendantNodesAndSelf()).OfType<BaculaIncludeSyntax>() : list.OfType<BaculaIncludeSyntax>();
            foreach (var include in includes)
            {
                if (include.Tree is not BaculaSyntaxTree owner || !owner.IncludedTrees.TryGetValue(include, out var found))
                {
                    return true;
                }

                if (seen.Add(found))
                {
                    pending.Push(found.Root.Statements);
                }
            }
        }

        return false;
    }

    private static string DidYouMean(string? suggestion) => suggestion is null ? string.Empty : $"; did you mean \"{suggestion}\"?";

    private static string Where(BaculaItemSyntax syntax)
    {
        var location = syntax.GetLocation();
        return $"{Path.GetFileName(location.Path)}:{location.StartLine}";
    }

    private static SyntaxDiagnostic Diagnostic(SyntaxNode node, TextSpan span, string message) =>
        new("EA0002", node.Tree.Source.GetLocation(span), message);
}
