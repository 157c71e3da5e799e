using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Text;

namespace ElectionAudit.Core.Tests.Hostile;

/// <summary>
/// Every corpus and fixture file, damaged in the ways files from strangers are damaged, through every parser that claims
/// it and through the whole engine: nothing may throw, and a variant that is certainly broken must be reported as EA0002.
/// </summary>
/// <remarks>
/// Cost is kept to a few minutes on two cores by sampling, deterministically: every file gets the same fixed list of
/// variants (<see cref="HostileVariants.For"/>), and files over <see cref="HostileVariants.LargeFileBytes"/> get only the
/// cheaper half of it, seeded by the file's path so every run damages the same bytes.
/// </remarks>
public class MalformedInputTests
{
    [Fact]
    public void Corpus_and_fixture_variants_never_throw_and_certainly_broken_ones_report_EA0002()
    {
        // ELECTIONAUDIT_HOSTILE_ONLY=<path prefix> narrows the run while investigating a failure.
        var only = Environment.GetEnvironmentVariable("ELECTIONAUDIT_HOSTILE_ONLY");
        var files = InputFiles().Where(f => only is null || f.Path.StartsWith(only, StringComparison.Ordinal)).ToList();
        files.Count.ShouldBeGreaterThan(only is null ? 200 : 0);
        var failures = new ConcurrentBag<string>();
        int variants = 0;
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
        {
            var formats = HostileFormat.ForPath(file.Path);
            foreach (var variant in HostileVariants.For(file.Path, file.Bytes, formats[0].BrokenSuffix))
            {
                Interlocked.Increment(ref variants);
                var source = SourceText.FromBytes(file.Path, variant.Bytes);
                foreach (var format in formats)
                {
                    try
                    {
                        var clock = Stopwatch.StartNew();
                        var diagnostics = format.Parse(source);
                        if (clock.Elapsed > SlowParse)
                        {
                            failures.Add($"{file.Path} ({variant.Name}) as {format.Name}: took {clock.Elapsed.TotalSeconds:F1} s for {variant.Bytes.Length} bytes");
                        }

                        if (variant.IsCertainlyBroken && format == formats[0] && !diagnostics.Any(d => d.RuleId == "EA0002"))
                        {
                            failures.Add($"{file.Path} ({variant.Name}) as {format.Name}: no EA0002");
                        }
                    }
#pragma warning disable CA1031 // The point of the test: collect every exception instead of stopping at the first.
                    catch (Exception ex)
#pragma warning restore CA1031
                    {
                        failures.Add($"{file.Path} ({variant.Name}) as {format.Name}: {ex.GetType().Name}: {ex.Message}");
                    }
                }

                try
                {
                    var fileSystem = new ByteFileSystem().Add(file.Path, variant.Bytes);
                    new AuditEngine([]).Analyze(fileSystem, [file.Path], maxDegreeOfParallelism: 1);
                }
#pragma warning disable CA1031
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    failures.Add($"{file.Path} ({variant.Name}) in the engine: {ex.GetType().Name}: {ex.Message}");
                }
            }
        });

        failures.Order(StringComparer.Ordinal).Take(30).ShouldBeEmpty($"{failures.Count} of {variants} variants failed");
        variants.ShouldBeGreaterThan(files.Count * 4);
    }

    /// <summary>No corpus file takes more than a few milliseconds to parse, so seconds mean a super-linear path (loaded CI machines included).</summary>
    private static readonly TimeSpan SlowParse = TimeSpan.FromSeconds(5);

    public static TheoryData<string> FormatNames() => [.. HostileFormat.All.Select(f => f.Name)];

    [Theory]
    [MemberData(nameof(FormatNames))]
    public void Ten_thousand_nested_blocks_are_reported_and_do_not_overflow_the_stack(string formatName)
    {
        var format = HostileFormat.All.Single(f => f.Name == formatName);
        if (format.Nest is null)
        {
            return;
        }

        var source = new SourceText("deep.conf", format.Nest(10_000));
        var diagnostics = RunOnSmallStack(() => format.Parse(source));
        diagnostics.ShouldContain(d => d.RuleId == "EA0002");
    }

    [Theory]
    [MemberData(nameof(FormatNames))]
    public void A_hundred_thousand_statements_parse_in_linear_time(string formatName)
    {
        var format = HostileFormat.All.Single(f => f.Name == formatName);
        var text = new StringBuilder().Insert(0, format.Repeat, 100_000).ToString();
        var clock = Stopwatch.StartNew();
        var diagnostics = RunOnSmallStack(() => format.Parse(new SourceText("many.conf", text)));
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), $"{format.Name} took {clock.Elapsed} for 100,000 statements");
        diagnostics.Count.ShouldBeLessThan(100_001);
    }

    [Theory]
    [MemberData(nameof(FormatNames))]
    public void A_ten_megabyte_line_parses_without_throwing(string formatName)
    {
        var format = HostileFormat.All.Single(f => f.Name == formatName);
        var text = "x" + new string('a', 10 * 1024 * 1024) + format.BrokenSuffix;
        var diagnostics = RunOnSmallStack(() => format.Parse(new SourceText("long.conf", text)));
        diagnostics.ShouldContain(d => d.RuleId == "EA0002");
    }

    /// <summary>
    /// Runs on a thread with a 1 MiB stack, smaller than the thread pool's, so a parser that recurses per nesting level
    /// fails here rather than only on the machine with the smallest default stack.
    /// </summary>
    internal static T RunOnSmallStack<T>(Func<T> action)
    {
        T result = default!;
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    result = action();
                }
#pragma warning disable CA1031 // Re-thrown on the test's thread below.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    error = ex;
                }
            },
            maxStackSize: 1024 * 1024);
        thread.Start();
        thread.Join();
        return error is null ? result : throw new InvalidOperationException("The parser threw.", error);
    }

    internal sealed record InputFile(string Path, byte[] Bytes);

    /// <summary>Every corpus file (paths relative to the corpus) and every rule fixture (paths under <c>fixtures/</c>), markup left in.</summary>
    internal static List<InputFile> InputFiles()
    {
        var corpus = CorpusPaths.RequireCorpus();
        var files = Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(corpus, f).Replace('\\', '/'))
            .Where(f => f.Contains('/', StringComparison.Ordinal))
            .Select(f => new InputFile(f, File.ReadAllBytes(Path.Combine(corpus, f))))
            .ToList();
        var fixtures = FixturesDirectory();
        if (fixtures is not null)
        {
            files.AddRange(Directory.EnumerateFiles(fixtures, "*", SearchOption.AllDirectories)
                .Select(f => new InputFile("fixtures/" + Path.GetRelativePath(fixtures, f).Replace('\\', '/'), File.ReadAllBytes(f))));
        }

        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    private static string? FixturesDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "ElectionAudit.Rules.Tests", "Fixtures");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
