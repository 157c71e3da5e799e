using System.Diagnostics;
using System.Text;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Engine;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Core.Tests.Syntax.Zone;

/// <summary>Robustness, speed and agreement with BIND over the zone files of ../shared/corpus/dns.</summary>
public class ZoneCorpusTests(ITestOutputHelper output)
{
    /// <summary>The corpus files labelled as zones in MANIFEST.tsv, relative to corpus/dns.</summary>
    private static List<string> CorpusZones(string corpus) =>
        [.. File.ReadLines(Path.Combine(corpus, "MANIFEST.tsv")).Skip(1)
            .Select(line => line.Split('\t'))
            .Where(fields => fields.Length >= 5 && fields[4].StartsWith("dns-zone", StringComparison.Ordinal))
            .Select(fields => fields[0]["dns/".Length..])
            .Order(StringComparer.Ordinal)];

    /// <summary>The origin corpus/README.md gives: BIND's checkzone test files use <c>example</c> (the DNS-SD reverse ones 0.0.0.0.in-addr.arpa) unless they name their own; otherwise $ORIGIN, SOA owner or file name.</summary>
    internal static DomainName OriginFor(string path, string text)
    {
        var guessed = ZoneFormat.GuessOrigin(path, text);
        if (path.Contains("/checkzone/zones/", StringComparison.Ordinal) && guessed.IsRoot)
        {
            return DomainName.Parse(path.Contains("dns-sd-reverse", StringComparison.Ordinal) ? "0.0.0.0.in-addr.arpa." : "example.");
        }

        return guessed;
    }

    /// <summary>named's working directory for a corpus file: the checkzone tests run from their test folder, the others from the zone's folder.</summary>
    internal static string WorkingDirectoryFor(string path)
    {
        int zones = path.IndexOf("/checkzone/zones/", StringComparison.Ordinal);
        return zones >= 0 ? path[..(zones + "/checkzone".Length)] : PathUtil.GetDirectory(path);
    }

    [Fact]
    public void Every_corpus_zone_loads_without_an_exception()
    {
        var corpus = CorpusPaths.RequireCorpus();
        var fileSystem = new DiskFileSystem(Path.Combine(corpus, "dns"));
        int files = 0, withSyntaxErrors = 0, withIncludeErrors = 0, records = 0;
        foreach (var path in CorpusZones(corpus))
        {
            var text = fileSystem.TryRead(path)!.Text;
            var loader = new ZoneFileLoader(fileSystem, new ZoneLoadOptions { WorkingDirectory = WorkingDirectoryFor(path) });
            var result = loader.Load(path, OriginFor(path, text));
            files++;
            records += result.Records.Length;
            withSyntaxErrors += result.Diagnostics.Any(d => d.RuleId == "EA0002") ? 1 : 0;
            withIncludeErrors += result.Diagnostics.Any(d => d.RuleId == "EA0003") ? 1 : 0;
        }

        output.WriteLine($"{files} zone files, {records} records; {withSyntaxErrors} files with EA0002, {withIncludeErrors} with EA0003");
        files.ShouldBe(311);
    }

    [Fact]
    public void Signed_root_zones_parse_quickly()
    {
        var corpus = CorpusPaths.RequireCorpus();
        var fileSystem = new DiskFileSystem(Path.Combine(corpus, "dns"));
        var roots = File.ReadLines(Path.Combine(corpus, "MANIFEST.tsv")).Select(line => line.Split('\t'))
            .Where(fields => fields.Length >= 5 && fields[4] == "dns-zone/root-signed" && fields[0].EndsWith("/root.zone", StringComparison.Ordinal))
            .Select(fields => fields[0]["dns/".Length..]).ToList();
        roots.Count.ShouldBe(3);
        foreach (var path in roots)
        {
            var source = fileSystem.TryRead(path)!;
            ZoneParser.Parse(source, DomainName.Root); // warm-up: JIT
            var stopwatch = Stopwatch.StartNew();
            var tree = ZoneParser.Parse(source, DomainName.Root);
            stopwatch.Stop();
            output.WriteLine($"{path}: {source.Text.Length / 1024} KiB, {tree.Records.Length} records, {tree.Diagnostics.Length} diagnostics, {stopwatch.Elapsed.TotalMilliseconds:F0} ms");
            tree.Diagnostics.ShouldBeEmpty();
        }
    }

    [Fact]
    public void Records_agree_with_named_checkzone()
    {
        var corpus = CorpusPaths.RequireCorpus();
        var checkzone = ExternalProgram.Require("named-checkzone");
        var root = Path.Combine(corpus, "dns");
        var fileSystem = new DiskFileSystem(root);
        var stopwatch = Stopwatch.StartNew();
        int loaded = 0, agreed = 0, refusedSyntax = 0, refusedSyntaxWeReport = 0, refusedOther = 0, refusedOtherWeReport = 0;
        var disagreements = new List<string>();
        var missedSyntax = new List<string>();
        var otherLineSyntax = new List<string>();
        int sameLineSyntax = 0;
        var extraSyntax = new List<string>();
        var outOfOrder = new List<string>();
        int ordered = 0;
        foreach (var path in CorpusZones(corpus))
        {
            var text = fileSystem.TryRead(path)!.Text;
            var origin = OriginFor(path, text);
            var workingDirectory = WorkingDirectoryFor(path);
            var result = new ZoneFileLoader(fileSystem, new ZoneLoadOptions { WorkingDirectory = workingDirectory }).Load(path, origin);
            bool weReportSyntax = result.Diagnostics.Any(d => d.RuleId is "EA0002" or "EA0003");
            var (exitCode, stdout, stderr) = ExternalProgram.Run(checkzone,
                ["-i", "local", "-D", "-o", "-", "-w", Path.Combine(root, workingDirectory), origin.ToString(), Path.Combine(root, path)], timeoutMilliseconds: 20_000);
            var messages = stdout + stderr;
            if (exitCode != 0)
            {
                if (BindRefusedForSyntax(messages))
                {
                    refusedSyntax++;
                    refusedSyntaxWeReport += weReportSyntax ? 1 : 0;
                    if (!weReportSyntax)
                    {
                        missedSyntax.Add($"{path}: {FirstError(messages)}");
                    }
                    else if (BindErrorLine(messages) is var (bindFile, bindLine))
                    {
                        var first = result.Diagnostics.First(d => d.RuleId is "EA0002" or "EA0003");
                        bool sameLine = bindFile.EndsWith(first.Location.Path, StringComparison.Ordinal) && bindLine == first.Location.StartLine;
                        sameLineSyntax += sameLine ? 1 : 0;
                        if (!sameLine)
                        {
                            otherLineSyntax.Add($"{path}: BIND {bindFile}:{bindLine} / we {first.Location.Path}:{first.Location.StartLine} {first.Message}");
                        }
                    }
                }
                else
                {
                    refusedOther++;
                    refusedOtherWeReport += weReportSyntax ? 1 : 0;
                    if (weReportSyntax)
                    {
                        extraSyntax.Add($"{path}: BIND: {FirstError(messages)} / we: {result.Diagnostics.First(d => d.RuleId is "EA0002" or "EA0003").Message}");
                    }
                }

                continue;
            }

            loaded++;
            if (CanonicalOrderBreak(stdout) is { } orderBreak)
            {
                outOfOrder.Add($"{path}: {orderBreak}");
            }
            else
            {
                ordered++;
            }

            if (weReportSyntax)
            {
                extraSyntax.Add($"{path}: BIND loads it / we: {result.Diagnostics.First().Location} {result.Diagnostics.First().Message}");
                continue;
            }

            var ours = Canonical(result.Records.Where(r => r.Owner.IsSubdomainOf(origin)).Select(r => (r.Owner.ToString(), r.Ttl, r.Class.Mnemonic, r.Type, r.Data)));
            var theirs = BindCanonical(stdout);
            var onlyOurs = Except(ours, theirs);
            var onlyTheirs = Except(theirs, ours);
            if (onlyOurs.Count == 0 && onlyTheirs.Count == 0)
            {
                agreed++;
            }
            else
            {
                disagreements.Add($"{path}: {ours.Count} vs {theirs.Count}; ours only: {string.Join(" | ", onlyOurs.Take(3))}; BIND only: {string.Join(" | ", onlyTheirs.Take(3))}");
            }
        }

        output.WriteLine($"named-checkzone loaded {loaded}; our records agree on {agreed}; disagreements {disagreements.Count}");
        output.WriteLine($"BIND refused for syntax: {refusedSyntax} (we report EA0002/EA0003 on {refusedSyntaxWeReport}); for other reasons: {refusedOther} (we report on {refusedOtherWeReport})");
        output.WriteLine($"of those we report at BIND's file and line: {sameLineSyntax}");
        output.WriteLine($"elapsed {stopwatch.Elapsed.TotalSeconds:F1} s");
        foreach (var line in otherLineSyntax)
        {
            output.WriteLine("OTHER-LINE " + Truncate(line));
        }

        foreach (var line in disagreements)
        {
            output.WriteLine("DISAGREE " + Truncate(line));
        }

        foreach (var line in missedSyntax)
        {
            output.WriteLine("MISSED " + Truncate(line));
        }

        foreach (var line in extraSyntax)
        {
            output.WriteLine("EXTRA " + Truncate(line));
        }

        // crashzone.db holds a raw 0xF2 octet in an owner name, which is not UTF-8: SourceText (shared text layer) decodes it
        // to U+FFFD, so that one owner differs from BIND's \242. Every other loaded zone must agree record for record.
        disagreements.Where(line => !line.StartsWith("isc-projects__bind9/bin/tests/system/checkzone/zones/crashzone.db:", StringComparison.Ordinal))
            .Select(Truncate).ShouldBeEmpty();
        // Where BIND 9.18 loads a file and we report EA0002, it must be one of the bad-eui* test files: BIND's own test
        // suite expects them refused, newer BIND refuses them (corpus/README.md), and RFC 7043 §3.2/§4.2 require exactly
        // six/eight two-digit groups.
        var loadedButReported = extraSyntax.Where(line => line.Contains(": BIND loads it /", StringComparison.Ordinal)).ToList();
        loadedButReported.ShouldAllBe(line => line.Contains("/checkzone/zones/bad-eui", StringComparison.Ordinal));
        agreed.ShouldBe(loaded - 1 - loadedButReported.Count);

        // Every file BIND refuses for its text, we refuse too (EA0002/EA0003); the line agrees on most (printed above:
        // BIND reports some multi-line records at their first line, and its first error may be a warning's line).
        missedSyntax.Select(Truncate).ShouldBeEmpty();

        // BIND dumps a zone's names in DNSSEC canonical order (RFC 4034 §6.1): DomainName.CompareCanonical, which EA7004
        // searches a zone's owners with, must put every loaded zone's owners in the order BIND wrote them.
        output.WriteLine($"owners in BIND's order by DomainName.CompareCanonical: {ordered} of {loaded} zones");
        outOfOrder.Select(Truncate).ShouldBeEmpty();
        ordered.ShouldBe(loaded);
    }

    /// <summary>
    /// The first pair of owners in BIND's dump that <see cref="DomainName.CompareCanonical"/> does not put in the dump's
    /// order; null when none. BIND keeps NSEC3 records (and their signatures) in a tree of their own and dumps it after the
    /// zone's other names, so those owners are a second ordered sequence.
    /// </summary>
    private static string? CanonicalOrderBreak(string dump)
    {
        DomainName? previous = null;
        DomainName? previousHashed = null;
        foreach (var line in dump.Split('\n'))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || !uint.TryParse(fields[1], out _))
            {
                continue;
            }

            var owner = DomainName.Parse(fields[0]);
            bool hashed = fields[3] == "NSEC3" || (fields[3] == "RRSIG" && fields.Length > 4 && fields[4] == "NSEC3");
            ref var last = ref hashed ? ref previousHashed : ref previous;
            if (last is not null && owner != last && DomainName.CompareCanonical(last, owner) >= 0)
            {
                return $"{last} then {owner}";
            }

            last = owner;
        }

        return null;
    }

    /// <summary>Types whose record data we compare with BIND's; for the others only owner, TTL, class and type are compared.</summary>
    private static readonly HashSet<string> ComparedTypes = ["A", "AAAA", "NS", "CNAME", "DNAME", "PTR", "MX", "TXT", "SPF", "SOA", "CAA", "DS", "CDS", "DNSKEY", "CDNSKEY", "RRSIG", "NSEC", "NSEC3", "NSEC3PARAM", "SRV", "NAPTR", "TLSA", "SMIMEA", "SSHFP", "SVCB", "HTTPS"];

    /// <summary>Fields before the binary tail that BIND splits into 56-character chunks.</summary>
    private static readonly Dictionary<string, int> BinaryTailAfter = new()
    {
        ["DS"] = 3, ["CDS"] = 3, ["DNSKEY"] = 3, ["CDNSKEY"] = 3, ["RRSIG"] = 8, ["TLSA"] = 3, ["SMIMEA"] = 3, ["SSHFP"] = 2,
    };

    private static string Truncate(string line) => line.Length <= 400 ? line : line[..400] + "...";

    /// <summary>The file and line of BIND's first load error ("dns_rdata_fromtext: FILE:LINE: ..." or "dns_master_load: FILE:LINE: ...").</summary>
    private static (string File, int Line)? BindErrorLine(string messages)
    {
        // The first error about the text (not "CNAME and other data" and the like, which BIND may report first).
        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(messages, @"^(?:dns_rdata_fromtext: |dns_master_load: )?(?<file>/[^:\n]+):(?<line>\d+): (?<message>.*)$", System.Text.RegularExpressions.RegexOptions.Multiline))
        {
            if (BindRefusedForSyntax("dns_rdata_fromtext: " + match.Value))
            {
                return (match.Groups["file"].Value, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    private static string FirstError(string messages) =>
        messages.Split('\n').FirstOrDefault(line => line.Contains("failed", StringComparison.Ordinal) || line.Contains(": error", StringComparison.Ordinal) || line.Contains("dns_master_load", StringComparison.Ordinal) || line.Contains("dns_rdata_fromtext", StringComparison.Ordinal))?.Trim() ?? messages.Trim();

    /// <summary>
    /// BIND's load errors that are about the text of the file rather than what it means. Record-data errors come from
    /// dns_rdata_fromtext; loader errors are matched on their message (after the file and line), never on the path.
    /// </summary>
    internal static bool BindRefusedForSyntax(string messages)
    {
        string[] semantic =
        [
            "CNAME and other data", "check-names", "at top of zone", "has no NS", "no TTL specified", "out of zone", "has no address",
            "singleton", "not at top of zone", "not loaded due to errors", "DS not at", "bad owner name", "class mismatch", "signature has expired",
        ];
        foreach (var line in messages.Split('\n'))
        {
            int near = line.LastIndexOf(": ", StringComparison.Ordinal);
            var message = near < 0 ? line : line[(near + 2)..];
            if (line.Contains("dns_rdata_fromtext:", StringComparison.Ordinal)
                || ((line.Contains("dns_master_load:", StringComparison.Ordinal) || line.Contains("failed:", StringComparison.Ordinal) || line.Contains("$GENERATE", StringComparison.Ordinal))
                    && !semantic.Any(s => message.Contains(s, StringComparison.OrdinalIgnoreCase))
                    && !line.Contains("file not found", StringComparison.Ordinal) is var notMissing
                    && message.Length > 0))
            {
                if (!semantic.Any(s => message.Contains(s, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static List<string> Canonical(IEnumerable<(string Owner, uint Ttl, string Class, DnsRecordType Type, RecordData Data)> records)
    {
        // BIND keeps one TTL per RRset (the first one it reads) and drops duplicate records.
        var rrsetTtl = new Dictionary<string, uint>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (var (owner, ttl, recordClass, type, data) in records)
        {
            // Signatures form one RRset per covered type.
            var covered = data is RrsigRecordData signature ? " " + signature.TypeCovered.Mnemonic : string.Empty;
            var key = $"{owner} {recordClass} {type.Mnemonic}{covered}".ToLowerInvariant();
            if (!rrsetTtl.TryGetValue(key, out var setTtl))
            {
                rrsetTtl[key] = setTtl = ttl;
            }

            var rdata = Normalize(data.ToString() ?? string.Empty);

            // BIND compares record data in wire form, where names inside types it does not downcase (HIP, for one) keep their case.
            var identity = data is UnparsedRecordData unparsed ? unparsed.Text : rdata;
            if (!seen.Add(key + " " + identity))
            {
                continue;
            }

            bool compared = ComparedTypes.Contains(type.Mnemonic) && data is not UnparsedRecordData and not GenericRecordData;
            lines.Add($"{owner.ToLowerInvariant()} {setTtl} {recordClass.ToLowerInvariant()} {type.Mnemonic.ToLowerInvariant()} {(compared ? ServiceBinding(type.Mnemonic, rdata) : "*")}");
        }

        return lines;
    }

    private static List<string> BindCanonical(string dump)
    {
        var lines = new List<string>();
        foreach (var line in dump.Split('\n'))
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 4 || !uint.TryParse(fields[1], out _))
            {
                continue;
            }

            var type = fields[3];
            var rdataFields = fields.Skip(4).ToList();
            if (BinaryTailAfter.TryGetValue(type, out var fixedFields) && rdataFields.Count > fixedFields)
            {
                rdataFields = [.. rdataFields.Take(fixedFields), string.Concat(rdataFields.Skip(fixedFields))];
            }

            bool compared = ComparedTypes.Contains(type) && !(rdataFields.Count > 0 && rdataFields[0] == "\\#");
            lines.Add($"{fields[0].ToLowerInvariant()} {fields[1]} {fields[2].ToLowerInvariant()} {type.ToLowerInvariant()} {(compared ? ServiceBinding(type, Normalize(string.Join(' ', rdataFields))) : "*")}");
        }

        return lines;
    }

    /// <summary>SvcParam values compare without optional quotes; BIND 9.18 prints keys 7 and 8 by number (it predates their names).</summary>
    private static string ServiceBinding(string type, string rdata) => type is "SVCB" or "HTTPS"
        ? rdata.Replace("\"", string.Empty, StringComparison.Ordinal).Replace("key7=", "dohpath=", StringComparison.Ordinal).Replace("key8", "ohttp", StringComparison.Ordinal)
        : rdata;

    private static string Normalize(string rdata)
    {
        var builder = new StringBuilder(rdata.Length);
        bool space = false;
        foreach (char c in rdata)
        {
            if (c is ' ' or '\t')
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }

    private static List<string> Except(List<string> left, List<string> right)
    {
        var counts = right.GroupBy(x => x, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var item in left)
        {
            if (counts.TryGetValue(item, out var count) && count > 0)
            {
                counts[item] = count - 1;
            }
            else
            {
                result.Add(item);
            }
        }

        return result;
    }
}
