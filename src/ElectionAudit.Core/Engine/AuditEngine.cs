using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using ElectionAudit.Configuration;
using ElectionAudit.Descriptor;
using ElectionAudit.Model;
using ElectionAudit.Model.Dns;
using ElectionAudit.Rules;
using ElectionAudit.Suppressions;
using ElectionAudit.Syntax;
using ElectionAudit.Syntax.Backup;
using ElectionAudit.Syntax.Yaml;
using ElectionAudit.Text;

namespace ElectionAudit.Engine;

/// <summary>
/// Runs an audit: discovery → format detection → loading → binding → rules → configuration. Data flows one way;
/// a file that does not parse, a rule that throws, an include that cannot be read each become a finding, and everything else goes on.
/// </summary>
/// <example>
/// <code>
/// var engine = new AuditEngine(BuiltInRules.All);
/// AuditResult result = engine.Scan(new ScanRequest("path/to/repo"));
/// foreach (var finding in result.Findings) Console.WriteLine(finding);
/// </code>
/// </example>
public sealed class AuditEngine
{
    /// <summary>The syntax errors (EA0002) of one file reported one by one; past them one finding gives the count.</summary>
    internal const int MaxSyntaxErrorsPerFile = 100;

    private readonly ImmutableArray<AuditRule> _rules;
    private readonly ImmutableArray<FormatLoader> _loaders;

    /// <summary>Creates an engine with the given rules and the built-in format loaders (or <paramref name="loaders"/>).</summary>
    public AuditEngine(IEnumerable<AuditRule> rules, IEnumerable<FormatLoader>? loaders = null)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = [.. rules];
        _loaders = [.. loaders ?? DefaultLoaders()];
        var ids = _rules.SelectMany(r => r.SupportedRules.Select(d => d.Id).Distinct()).Concat(ToolRules.All.Select(d => d.Id)).GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (ids.Count > 0)
        {
            throw new ArgumentException($"More than one descriptor uses the rule ID {string.Join(", ", ids)}.", nameof(rules));
        }
    }

    /// <summary>The built-in format loaders.</summary>
    public static IReadOnlyList<FormatLoader> DefaultLoaders() => [new DescriptorLoader(), new Model.Web.NginxFormatLoader(), new ZoneFormatLoader(), new NamedConfFormatLoader(), new BorgmaticLoader(), new ResticprofileLoader(), new Model.Web.ApacheFormatLoader(), new Syntax.Bacula.BaculaLoader()];

    /// <summary>Every descriptor the engine can report: the tool rules and the rules' supported descriptors, ordered by ID.</summary>
    public ImmutableArray<RuleDescriptor> Descriptors =>
        [.. ToolRules.All.Concat(_rules.SelectMany(r => r.SupportedRules)).DistinctBy(d => d.Id).OrderBy(d => d.Id, StringComparer.Ordinal)];

    /// <summary>Reads <c>.electionaudit.yml</c> from <paramref name="path"/>, checking rule IDs and options against this engine's rules.</summary>
    public AuditConfiguration LoadConfiguration(string path, string? root = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var full = Path.GetFullPath(path);
        var display = root is null ? path : Path.GetRelativePath(Path.GetFullPath(root), full);
        if (!File.Exists(full))
        {
            throw new ConfigurationException($"Configuration file '{path}' does not exist.");
        }

        return ConfigurationLoader.Parse(SourceText.FromBytes(display, File.ReadAllBytes(full)), Descriptors);
    }

    /// <summary>Scans files on disk.</summary>
    public AuditResult Scan(ScanRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var root = Path.GetFullPath(request.Root);
        var configuration = request.Configuration;
        if (configuration is null)
        {
            var configPath = Path.Combine(root, AuditConfiguration.FileName);
            configuration = File.Exists(configPath) ? LoadConfiguration(configPath, root) : AuditConfiguration.Default;
        }

        var discovery = FileDiscovery.DiscoverWithProblems(root, request.Paths, configuration, request.AllowOutsideRoot);
        var fileSystem = new DiskFileSystem(root) { MaxFileBytes = configuration.Limits.MaxFileBytes, AllowOutsideRoot = request.AllowOutsideRoot };
        return Analyze(fileSystem, discovery.Files, configuration, request.MaxDegreeOfParallelism, discovery.Problems);
    }

    /// <summary>Analyses the given files of a file system (for example an <see cref="InMemoryFileSystem"/>).</summary>
    public AuditResult Analyze(IScanFileSystem fileSystem, IReadOnlyList<string> files, AuditConfiguration? configuration = null, int maxDegreeOfParallelism = 0) =>
        Analyze(fileSystem, files, configuration, maxDegreeOfParallelism, []);

    private AuditResult Analyze(IScanFileSystem fileSystem, IReadOnlyList<string> files, AuditConfiguration? configuration, int maxDegreeOfParallelism, IReadOnlyList<SyntaxDiagnostic> discoveryProblems)
    {
        ArgumentNullException.ThrowIfNull(fileSystem);
        ArgumentNullException.ThrowIfNull(files);
        configuration ??= AuditConfiguration.Default;
        int parallelism = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        var cache = new CachingFileSystem(fileSystem, configuration.Limits, files);
        var options = new AnalysisOptions(
            configuration.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow),
            configuration.TlsProfile,
            configuration.RuleOptions);

        var loaded = LoadAll(cache, files, parallelism, configuration.Limits);
        if (cache.IncludeLimitReached && parallelism > 1)
        {
            // Which included files fit under limits.max-included-files depends on the order they were asked for, which
            // loading in parallel leaves to timing: load again on one worker, in the order a one-thread scan uses, so
            // the same files are read and refused whatever the parallelism (the files read stay in the snapshot).
            cache.RestartIncludeCount();
            loaded = LoadAll(cache, files, 1, configuration.Limits);
        }

        cache.StopIncludeCount();

        var trees = loaded.Trees;

        // Suppressions are read before the rules, so that rules can judge them (EA7007), and applied after them.
        var suppressionFile = cache.TryRead(SuppressionFile.FileName) is { } suppressionSource ? SuppressionFile.Parse(suppressionSource) : SuppressionFile.Empty;
        var model = Bind(loaded, SuppressionApplier.Collect(trees, suppressionFile), parallelism);
        var findings = new SharedList<Finding>();
        var notifications = new ConcurrentBag<ToolNotification>();
        foreach (var tree in trees)
        {
            int syntaxErrors = 0;
            Location? firstUnreported = null;
            foreach (var diagnostic in tree.Diagnostics)
            {
                // The parsers go on after an error, where nginx, httpd and named stop at the first: past MaxSyntaxErrorsPerFile
                // a file's further syntax errors are counted, not reported (200,000 stray braces made as many findings).
                if (diagnostic.RuleId == "EA0002" && ++syntaxErrors > MaxSyntaxErrorsPerFile)
                {
                    firstUnreported ??= diagnostic.Location;
                    continue;
                }

                findings.Add(Finding.Create(ToolRules.ById(diagnostic.RuleId), diagnostic.Location, diagnostic.LogicalKey ?? diagnostic.Message, diagnostic.Message));
            }

            if (firstUnreported is not null)
            {
                var message = string.Create(CultureInfo.InvariantCulture, $"Syntax errors are not reported one by one from here: this file has {syntaxErrors}, and the first {MaxSyntaxErrorsPerFile} are. Fix those first: the server stops at the first one, and the rest often follow from it.");
                findings.Add(Finding.Create(ToolRules.ById("EA0002"), firstUnreported, "more-syntax-errors", message));
            }
        }

        // The nesting walk visits every node of every tree: on the workers, not alone between loading and binding.
        var tooDeep = new SyntaxDiagnostic?[trees.Length];
        ForEachIndex(trees.Length, parallelism, i => tooDeep[i] = BlockNesting.Check(trees[i], configuration.Limits.MaxBlockNesting));
        foreach (var diagnostic in loaded.Diagnostics.Concat(discoveryProblems).Concat(cache.Problems).Concat(tooDeep.OfType<SyntaxDiagnostic>()))
        {
            findings.Add(Finding.Create(ToolRules.ById(diagnostic.RuleId), diagnostic.Location, diagnostic.LogicalKey ?? diagnostic.Message, diagnostic.Message));
        }

        // The rules' findings are kept as text in one store from the moment they are reported (see FindingStore): the
        // objects they were made from then die young instead of living to the report.
        RunRules(model, options, configuration, parallelism, new FindingStore(), findings, notifications, configuration.Limits.RuleTimeBudget);

        var enabled = Descriptors.Where(configuration.IsEnabled).ToImmutableArray();
        // The findings an enabled rule reports, at their configured severity, into one array of the right size: a large
        // scan reports 250,000 findings, and each copy on the way to the sort (a snapshot of each rule's bag, LINQ's
        // growing buffers, a list) was a large-object array. Suppression problems (EA0005) are configured the same way.
        Finding[] Configure(IReadOnlyList<Finding> reported)
        {
            var array = new Finding[reported.Count];
            int kept = 0;
            foreach (var finding in reported)
            {
                if (configuration.IsEnabled(finding.Rule)
                    && finding.WithSeverity(configuration.EffectiveSeverity(finding.Rule, finding.Severity)) is { Severity: not Severity.None } configuredFinding)
                {
                    array[kept++] = configuredFinding;
                }
            }

            Array.Resize(ref array, kept);
            return array;
        }

        var configured = OrderDistinct(Configure(findings.Items), parallelism);

        // Suppressions come after configuration (ARCHITECTURE.md data flow); their own problems (EA0005) are configured in turn.
        var suppressionOutcome = ApplySuppressions(suppressionFile, model, configured, options.AsOf, configuration);
        // The active findings keep the order of the sorted, distinct list they were taken from, so without suppression
        // problems to add they are the output as they are (sorting 250,000 findings again took a few % of a large scan).
        var problems = Configure(suppressionOutcome.Problems);
        var ordered = problems.Length == 0
            ? suppressionOutcome.Active
            : ImmutableCollectionsMarshal.AsImmutableArray(OrderDistinct([.. suppressionOutcome.Active, .. problems], parallelism));
        var orderedNotifications = notifications
            .OrderBy(n => n.RuleId, StringComparer.Ordinal)
            .ThenBy(n => n.Location?.Path, StringComparer.Ordinal)
            .ThenBy(n => n.Location?.StartLine)
            .ThenBy(n => n.Message, StringComparer.Ordinal)
            .ToImmutableArray();
        return new AuditResult(ordered, orderedNotifications, enabled, cache.ReadFiles.ToImmutableDictionary(StringComparer.Ordinal), model, options, configuration.FailOn, files.Count)
        {
            Suppressed = suppressionOutcome.Suppressed,
        };
    }

    /// <summary>
    /// The findings in output order (path, start, end, rule, message; then the span, which only parts findings at the same
    /// line and column), each distinct (rule, location, message) once. Paths and rule IDs are ranked once, so the sort
    /// compares three packed integers: two seven-key LINQ sorts and a distinct pass took about 300 ms on one core for 62,000
    /// findings, and a plain comparer spent most of its time comparing the long common prefixes of paths. Messages are made
    /// when read, so they are made only for the findings that tie on everything before them, once each.
    /// With more than one worker the keys are made and sorted in two halves at once and merged: at 16,000 generated files
    /// the 250,000 findings' ranking and sort ran alone after the rules, on one core, for about 200 ms.
    /// </summary>
    private static Finding[] OrderDistinct(Finding[] array, int parallelism)
    {
        var keys = SortKeys(array, parallelism);
        int kept = 0;
        TiedMessages? messages = null;
        var run = new List<FindingSortKey>();
        foreach (var key in keys.Merged())
        {
            if (run.Count > 0 && run[0].CompareTo(key) != 0)
            {
                kept = Flush(run, array, kept, ref messages);
            }

            run.Add(key);
        }

        kept = Flush(run, array, kept, ref messages);
        Array.Resize(ref array, kept);
        return array;

        static int Flush(List<FindingSortKey> run, Finding[] output, int kept, ref TiedMessages? messages)
        {
            if (run.Count == 1)
            {
                output[kept++] = run[0].Finding;
            }
            else if (run.Count > 1)
            {
                kept = AddTied(CollectionsMarshal.AsSpan(run), output, kept, messages ??= new TiedMessages());
            }

            run.Clear();
            return kept;
        }
    }

    // The findings' keys, sorted in one or two runs (see OrderDistinct).
    private static SortedKeys SortKeys(Finding[] array, int parallelism)
    {
        var pathRanks = Ranks(array, f => f.Location.Path);
        var ruleRanks = Ranks(array, f => f.RuleId);
        var keys = new FindingSortKey[array.Length];
        int half = parallelism > 1 && array.Length >= 4096 ? array.Length / 2 : array.Length;
        ForEachIndex(half == array.Length ? 1 : 2, parallelism, part =>
        {
            int from = part == 0 ? 0 : half;
            int to = part == 0 ? half : array.Length;
            for (int i = from; i < to; i++)
            {
                var finding = array[i];
                keys[i] = new FindingSortKey(pathRanks[finding.Location.Path], ruleRanks[finding.RuleId], finding);
            }

            keys.AsSpan(from, to - from).Sort();
        });

        return new SortedKeys(keys, half);
    }

    // Each distinct value's place in ordinal order. The values are looked up by reference first: a path or rule ID is one
    // string shared by all the findings in that file or of that rule, and hashing the same long path 250,000 times was a
    // third of the ranking's time.
    private static Dictionary<string, int> Ranks(Finding[] array, Func<Finding, string> value)
    {
        var ranks = new Dictionary<string, int>(ReferenceEqualityComparer.Instance);
        foreach (var finding in array)
        {
            ranks.TryAdd(value(finding), 0);
        }

        var distinct = ranks.Keys.ToArray();
        Array.Sort(distinct, StringComparer.Ordinal);
        for (int i = 0, rank = 0; i < distinct.Length; i++)
        {
            rank += i > 0 && !string.Equals(distinct[i], distinct[i - 1], StringComparison.Ordinal) ? 1 : 0;
            ranks[distinct[i]] = rank;
        }

        return ranks;
    }

    // Keys sorted in two runs, [0, split) and [split, length), read back as one ordered sequence.
    private readonly struct SortedKeys(FindingSortKey[] keys, int split)
    {
        public IEnumerable<FindingSortKey> Merged()
        {
            int i = 0;
            int j = split;
            while (i < split && j < keys.Length)
            {
                yield return keys[i].CompareTo(keys[j]) <= 0 ? keys[i++] : keys[j++];
            }

            while (i < split)
            {
                yield return keys[i++];
            }

            while (j < keys.Length)
            {
                yield return keys[j++];
            }
        }
    }

    /// <summary>
    /// Orders findings of one rule at the same start and end by message, then span, then everything else, and keeps the
    /// first of each distinct (location, message): equal findings sort next to each other (every part of the key is part
    /// of their equality), and they can only tie here. The messages are compared as characters copied into one buffer,
    /// not as strings: a stored finding's message is text in the store, and a string for each of the findings that tie
    /// (about a quarter of a large scan's) was a tenth of what ordering allocated.
    /// </summary>
    private static int AddTied(ReadOnlySpan<FindingSortKey> run, Finding[] output, int kept, TiedMessages messages)
    {
        var tied = messages.Start(run.Length);
        for (int i = 0; i < run.Length; i++)
        {
            tied[i] = messages.Add(run[i].Finding);
        }

        tied.Sort(messages);
        for (int i = 0; i < tied.Length; i++)
        {
            if (i == 0 || tied[i].Finding.Location != tied[i - 1].Finding.Location || !messages.Text(tied[i]).SequenceEqual(messages.Text(tied[i - 1])))
            {
                output[kept++] = tied[i].Finding;
            }
        }

        return kept;
    }

    // The path's and rule's ranks and the four positions packed into three integers compared in order. Each int is mapped
    // to an unsigned one of the same order (its sign bit flipped), so packing keeps int order whatever the values.
    private readonly struct FindingSortKey(int pathRank, int ruleRank, Finding finding) : IComparable<FindingSortKey>
    {
        private readonly ulong _first = Pack(pathRank, finding.Location.StartLine);
        private readonly ulong _second = Pack(finding.Location.StartColumn, finding.Location.EndLine);
        private readonly ulong _third = Pack(finding.Location.EndColumn, ruleRank);

        public Finding Finding { get; } = finding;

        public int CompareTo(FindingSortKey other)
        {
            int c = _first.CompareTo(other._first);
            c = c != 0 ? c : _second.CompareTo(other._second);
            return c != 0 ? c : _third.CompareTo(other._third);
        }

        private static ulong Pack(int high, int low) => ((ulong)((uint)high ^ 0x8000_0000u) << 32) | ((uint)low ^ 0x8000_0000u);
    }

    private readonly record struct TiedFinding(int Start, int Length, Finding Finding);

    /// <summary>The messages of one run of tied findings, in one growing character buffer reused from run to run, and their order.</summary>
    private sealed class TiedMessages : IComparer<TiedFinding>
    {
        private readonly CharBuffer _text = new(1024);
        private TiedFinding[] _tied = new TiedFinding[16];

        public Span<TiedFinding> Start(int count)
        {
            _text.Clear();
            if (_tied.Length < count)
            {
                _tied = new TiedFinding[Math.Max(count, _tied.Length * 2)];
            }

            return _tied.AsSpan(0, count);
        }

        public TiedFinding Add(Finding finding)
        {
            var message = finding.MessageSpan;
            int start = _text.Text.Length;
            _text.Append(message);
            return new TiedFinding(start, message.Length, finding);
        }

        public ReadOnlySpan<char> Text(TiedFinding tied) => _text.Text.Slice(tied.Start, tied.Length);

        public int Compare(TiedFinding x, TiedFinding y)
        {
            int c = Text(x).SequenceCompareTo(Text(y));
            c = c != 0 ? c : x.Finding.Location.Span.Start.CompareTo(y.Finding.Location.Span.Start);
            c = c != 0 ? c : x.Finding.Location.Span.Length.CompareTo(y.Finding.Location.Span.Length);
            return c != 0 ? c : CompareRest(x.Finding, y.Finding);
        }

        // Findings equal so far are duplicates that only one of survives (say, one zone apex in two files, reported at the
        // parent with the same message). Ordering them by everything else makes the survivor the same whatever order the
        // worker threads reported them in.
        private static int CompareRest(Finding x, Finding y)
        {
            int c = string.CompareOrdinal(x.LogicalKey, y.LogicalKey);
            c = c != 0 ? c : x.RelatedLocations.Length.CompareTo(y.RelatedLocations.Length);
            for (int i = 0; c == 0 && i < x.RelatedLocations.Length; i++)
            {
                var a = x.RelatedLocations[i];
                var b = y.RelatedLocations[i];
                c = string.CompareOrdinal(a.Location.Path, b.Location.Path);
                c = c != 0 ? c : a.Location.Span.Start.CompareTo(b.Location.Span.Start);
                c = c != 0 ? c : a.Location.Span.Length.CompareTo(b.Location.Span.Length);
                c = c != 0 ? c : string.CompareOrdinal(a.Message, b.Message);
            }

            return c != 0 ? c : x.Severity.CompareTo(y.Severity);
        }
    }

    /// <summary>Inline suppressions from every tree's comments, plus <see cref="SuppressionFile.FileName"/> at the scan root when present.</summary>
    private SuppressionOutcome ApplySuppressions(SuppressionFile file, InfrastructureModel model, IReadOnlyList<Finding> findings, DateOnly asOf, AuditConfiguration configuration)
    {
        var descriptors = Descriptors;
        var known = descriptors.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var byId = descriptors.ToDictionary(d => d.Id, StringComparer.Ordinal);
        var outcome = SuppressionApplier.Apply(findings, model.SyntaxTrees, file, known, id => byId.TryGetValue(id, out var d) && configuration.IsEnabled(d), asOf);
        return outcome with { Suppressed = [.. outcome.Suppressed.OrderBy(s => s.Finding, FindingLocationComparer.Instance)] };
    }

    private sealed class FindingLocationComparer : IComparer<Finding>
    {
        public static FindingLocationComparer Instance { get; } = new();

        public int Compare(Finding? x, Finding? y)
        {
            if (x is null || y is null)
            {
                return x is null ? (y is null ? 0 : -1) : 1;
            }

            int c = string.CompareOrdinal(x.Location.Path, y.Location.Path);
            c = c != 0 ? c : x.Location.StartLine.CompareTo(y.Location.StartLine);
            c = c != 0 ? c : x.Location.StartColumn.CompareTo(y.Location.StartColumn);
            c = c != 0 ? c : string.CompareOrdinal(x.RuleId, y.RuleId);
            return c != 0 ? c : string.CompareOrdinal(x.Message, y.Message);
        }
    }

    // The loader that claims a file, and how surely; ties go to the earlier loader.
    // A loader that can answer no more than Content for this path (FormatLoader.ContentOnly: nginx's detection parses the
    // file's head, and every zone file of a scan was parsed so) is asked after the others, and only when its answer can
    // still decide: not when an earlier loader answered Content (a tie goes to that one), nor when any loader claims the
    // file by its name. Asked then, a Content answer wins, since it was set aside only while every loader before it
    // answered None and the best answer since is Content from a later loader. The outcome is the same as asking every
    // loader in order.
    private (FormatLoader? Loader, DetectionConfidence Confidence) Detect(string path, SourceText source)
    {
        FormatLoader? best = null;
        var bestConfidence = DetectionConfidence.None;
        Span<int> deferred = _loaders.Length <= 16 ? stackalloc int[_loaders.Length] : new int[_loaders.Length];
        int deferredCount = 0;
        for (int i = 0; i < _loaders.Length; i++)
        {
            var loader = _loaders[i];
            if (loader.ContentOnly(path))
            {
                if (bestConfidence == DetectionConfidence.None)
                {
                    deferred[deferredCount++] = i;
                }

                continue;
            }

            var confidence = loader.Detect(path, source);
            if (confidence > bestConfidence)
            {
                best = loader;
                bestConfidence = confidence;
            }

            // Nothing outranks a file name: the later loaders need not look.
            if (bestConfidence == DetectionConfidence.FileName)
            {
                return (best, bestConfidence);
            }
        }

        foreach (int index in deferred[..deferredCount])
        {
            if (_loaders[index].Detect(path, source) is > DetectionConfidence.None and var confidence)
            {
                return (_loaders[index], confidence);
            }
        }

        return (best, bestConfidence);
    }

    // Whether a loader reads the file: one claims it by its name, or by its content when it holds no NUL (a binary's strings claim nothing).
    private bool IsClaimed(string path, SourceText source)
    {
        var (best, confidence) = Detect(path, source);
        return Claims(best, confidence, source.IndexOf('\0'));
    }

    private static bool Claims([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] FormatLoader? best, DetectionConfidence confidence, int nul) =>
        best is not null && (confidence == DetectionConfidence.FileName || nul < 0);

    private LoadResult LoadAll(CachingFileSystem fileSystem, IReadOnlyList<string> files, int parallelism, ScanLimits limits)
    {
        var detected = new ConcurrentDictionary<string, FormatLoader>(StringComparer.Ordinal);
        var binary = new ConcurrentBag<SyntaxDiagnostic>();
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, path =>
        {
            var source = fileSystem.TryRead(path);
            if (source is null)
            {
                // A file too large to read is reported only when its start is configuration, as a smaller file's whole
                // text would be: a 40 MB PDF, archive or library in the repository is skipped as a small one is.
                if (fileSystem.WasTooLarge(path) && fileSystem.TryReadHead(path, SourceText.HeadBytes) is { } head && !IsClaimed(path, head))
                {
                    fileSystem.SkipTooLarge(path);
                }

                return;
            }

            var (best, bestConfidence) = Detect(path, source);
            int nul = source.IndexOf('\0');
            if (!Claims(best, bestConfidence, nul))
            {
                best = null;
            }
            else if (nul >= 0)
            {
                // Binary files are normal in a repository and skipped silently; one that a format claims by its name
                // (or a UTF-16 file without a byte order mark, which no content test claims) is reported, since its
                // configuration went unchecked, and not parsed.
                binary.Add(BinaryContent.Diagnostic(source, nul, best.Format));
                best = null;
            }

            if (best is not null)
            {
                detected[path] = best;
            }
            else
            {
                // No format reads it: its text is not kept for the rest of the scan (a repository's images, archives and
                // libraries would otherwise stay in memory to the end). An include that names it reads it again.
                fileSystem.Forget(path);
            }
        });

        var trees = new List<SyntaxTree>();
        var contributors = new List<IModelContributor>();
        var diagnostics = new List<SyntaxDiagnostic>(binary.OrderBy(d => d.Location.Path, StringComparer.Ordinal));
        var loadOptions = new LoadOptions(parallelism) { Limits = limits };
        // The formats load side by side (a large zone need not wait for the Apache trees); their results are taken in
        // loader order, so the outcome does not depend on which finished first.
        var work = _loaders
            .Select(loader => (Loader: loader, Paths: detected.Where(kv => kv.Value == loader).Select(kv => kv.Key).Order(StringComparer.Ordinal).ToList()))
            .Where(w => w.Paths.Count > 0)
            .ToList();
        var results = new LoadResult[work.Count];
        ForEachIndex(work.Count, parallelism, i => results[i] = work[i].Loader.Load(work[i].Paths, fileSystem, loadOptions));

        foreach (var result in results)
        {
            trees.AddRange(result.Trees);
            diagnostics.AddRange(result.Diagnostics);
            contributors.AddRange(result.Contributors);
        }

        return new LoadResult([.. trees.OrderBy(t => t.Source.Path, StringComparer.Ordinal).ThenBy(t => t.Format.Name, StringComparer.Ordinal)])
        {
            Diagnostics = [.. diagnostics],
            Contributors = [.. contributors],
        };
    }

    private static InfrastructureModel Bind(LoadResult loaded, ImmutableArray<Suppression> suppressions, int parallelism)
    {
        var trees = loaded.Trees;
        var descriptors = trees.OfType<YamlSyntaxTree>().Where(t => t.Format == InputFormat.Descriptor && t.RootMapping is not null).Select(t => new ElectionDescriptor(t)).ToList();

        // Format binders run after the descriptors, so their elements can be linked to the descriptor. The DNS model and
        // each configuration's binder depend on the descriptors only, not on one another, so they run side by side; the
        // elements are kept in load order whichever finishes first.
        var context = new ModelBindingContext(descriptors);
        var contributors = loaded.Contributors;
        var bound = new List<ModelElement>[contributors.Length];
        var dns = DnsModel.Empty;
        ForEachIndex(contributors.Length + 1, parallelism, i =>
        {
            if (i == 0)
            {
                dns = DnsModel.Build(trees, descriptors, parallelism);
            }
            else
            {
                bound[i - 1] = [.. contributors[i - 1].Bind(context)];
            }
        });

        return new InfrastructureModel(trees, descriptors, bound.SelectMany(b => b)) { Dns = dns, Suppressions = suppressions };
    }

    // Runs body(0) … body(count - 1) on up to `parallelism` threads. An exception (from a plug-in's loader or binder)
    // fails the scan as it would if the calls ran one after another, not wrapped in an AggregateException.
    private static void ForEachIndex(int count, int parallelism, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    /// <summary>
    /// The order the workers take the rules in: the cross-infrastructure (EA7xxx) and organisation (EA6xxx) rules first,
    /// then the others as registered. Each rule runs whole on one worker, and the rules that join the descriptor, the zones
    /// and the web servers across the whole model are the long ones; taken last, as registration order had them, one ran
    /// alone at the end while the other worker waited (EA7003 at the corpus, EA6010 at 4,000 generated files: 39 and
    /// 138 ms of CPU). Findings are sorted afterwards, so the order changes no output.
    /// </summary>
    internal static List<AuditRule> Schedule(IEnumerable<AuditRule> rules) =>
        [.. rules.OrderBy(r => r.SupportedRules.Any(d => d.Category is RuleCategory.CrossInfrastructure or RuleCategory.Organisation) ? 0 : 1)];

    private void RunRules(InfrastructureModel model, AnalysisOptions options, AuditConfiguration configuration, int parallelism, FindingStore store, SharedList<Finding> allFindings, ConcurrentBag<ToolNotification> notifications, TimeSpan budget)
    {
        var elements = model.Elements().ToList();

        // The elements and nodes of each registered type, picked out once: most rules register for the same few types,
        // and every rule walking every element with a type test was a few per cent of a large scan. The elements are
        // grouped by their own class first, and a registered type takes, in model order, the groups of the classes it is
        // assignable from: a type test of every element for each registered type was still about 1 % of a 16,000-file scan.
        var elementsByType = new ConcurrentDictionary<Type, ModelElement[]>();
        var nodesByType = new ConcurrentDictionary<Type, SyntaxNode[]>();
        var byClass = new Dictionary<Type, List<int>>();
        for (int index = 0; index < elements.Count; index++)
        {
            var type = elements[index].GetType();
            if (!byClass.TryGetValue(type, out var group))
            {
                byClass[type] = group = [];
            }

            group.Add(index);
        }

        ModelElement[] ElementsOf(Type type) => elementsByType.GetOrAdd(type, t =>
        {
            var indexes = byClass.Where(g => t.IsAssignableFrom(g.Key)).SelectMany(g => g.Value).ToArray();
            Array.Sort(indexes);
            return Array.ConvertAll(indexes, i => elements[i]);
        });
        // The trees are walked for each node type a rule registers, and only those holding such a node, not listed once:
        // the one built-in syntax-node rule asks for named.conf roots, and a list of every node of every tree (each record
        // of each zone) was an array the size of the repository's records, kept for the whole rules phase.
        SyntaxNode[] NodesOf(Type type) => nodesByType.GetOrAdd(type, t => [.. model.SyntaxTrees.Where(tree => tree.MayContain(t)).SelectMany(tree => tree.Root.DescendantNodesAndSelf()).Where(t.IsInstanceOfType)]);
        var fallback = elements.FirstOrDefault()?.Location ?? (model.SyntaxTrees.Length > 0 ? Location.ForFile(model.SyntaxTrees[0].Source.Path) : Location.ForFile(AuditConfiguration.FileName));
        var active = Schedule(_rules.Where(r => r.SupportedRules.Any(configuration.IsEnabled)));
        // Each rule reports into its own bag. A rule still running when its time budget is spent cannot be stopped safely in
        // .NET, so it is abandoned: whatever it reports later is ignored, and EA0001 says the rule's verdict is missing. The
        // other rules go on (BudgetedWorkers).
        BudgetedWorkers.Run(
            active,
            parallelism,
            budget,
            rule =>
            {
                var supported = rule.SupportedRules;
                var findings = new SharedList<Finding>();
                RunRule(rule, RuleName(rule), supported, findings);
                return () => allFindings.AddAll(findings);
            },
            rule =>
            {
                var supported = rule.SupportedRules;
                var ruleName = RuleName(rule);
                var type = typeof(TimeoutException).FullName!;
                var message = $"it ran longer than limits.rule-time-budget-seconds ({budget.TotalSeconds:0}) and was abandoned, its findings discarded";
                allFindings.Add(Finding.Create(ToolRules.RuleFailure, fallback, $"{ruleName}|time-budget", ruleName, type, "the model", message));
                notifications.Add(new ToolNotification(supported.IsEmpty ? "EA0001" : supported[0].Id, "error", $"Rule {ruleName} {message}.", fallback, type));
            });

        static string RuleName(AuditRule rule) => $"{string.Join("/", rule.SupportedRules.Select(d => d.Id))} ({rule.GetType().Name})";

        void RunRule(AuditRule rule, string ruleName, ImmutableArray<RuleDescriptor> supported, SharedList<Finding> findings)
        {
            // A crashing rule must not stop the audit: it becomes EA0001 (ARCHITECTURE.md, "Nothing lost"). The callbacks
            // are called in place, not through a guard taking a closure, and the location and subject are made only when a
            // callback throws: per element and per syntax node of every rule, they were a closure, a delegate, a Location
            // and a string each (100 MB in a scan of 16,000 generated files).
            void Failed(Location location, string subject, Exception ex)
            {
                var type = ex.GetType().FullName ?? ex.GetType().Name;
                findings.Add(Finding.Create(ToolRules.RuleFailure, location, $"{ruleName}|{subject}|{type}", ruleName, type, subject, ex.Message));
                notifications.Add(new ToolNotification(supported.IsEmpty ? "EA0001" : supported[0].Id, "error", $"Rule {ruleName} threw {type} while analysing {subject}: {ex.Message}", location, type));
            }

            var context = new RuleContext(rule);
#pragma warning disable CA1031 // Every catch below turns any exception of a rule into EA0001.
            try
            {
                rule.Initialize(context);
            }
            catch (Exception ex)
            {
                Failed(fallback, "its initialisation", ex);
            }

            void Report(Finding finding) => findings.Add(store.Keep(finding));

            var environment = new CallbackEnvironment(model, options, supported, Report);
            foreach (var (type, action) in context.ElementActions)
            {
                foreach (var element in ElementsOf(type))
                {
                    try
                    {
                        action(element, environment);
                    }
                    catch (Exception ex)
                    {
                        Failed(element.Location, element.Key, ex);
                    }
                }
            }

            foreach (var (type, action) in context.SyntaxActions)
            {
                foreach (var node in NodesOf(type))
                {
                    try
                    {
                        action(node, environment);
                    }
                    catch (Exception ex)
                    {
                        Failed(node.GetLocation(), $"{type.Name} at {node.Tree.Source.Path}", ex);
                    }
                }
            }

            foreach (var action in context.ModelActions)
            {
                try
                {
                    action(new ModelContext(model, options, supported, Report));
                }
                catch (Exception ex)
                {
                    Failed(fallback, "the model", ex);
                }
            }
#pragma warning restore CA1031
        }
    }
}
