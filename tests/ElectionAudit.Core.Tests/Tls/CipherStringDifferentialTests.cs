using System.Text.RegularExpressions;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Tls;

namespace ElectionAudit.Core.Tests.Tls;

/// <summary>
/// Compares <see cref="CipherString.Expand"/> with <c>openssl ciphers -v</c> of the installed OpenSSL 3.0, suite for
/// suite, in order, with the Kx/Au/Enc/Mac columns, over cipher strings from the corpus, well-known published
/// strings, every alias with every operator, and random combinations from a fixed seed.
/// </summary>
public sealed partial class CipherStringDifferentialTests(ITestOutputHelper output)
{
    private static readonly string[] AliasNames =
    [
        "ALL", "COMPLEMENTOFALL", "COMPLEMENTOFDEFAULT", "kRSA", "kEDH", "kDHE", "DH", "kEECDH", "kECDHE", "ECDH", "kPSK",
        "kRSAPSK", "kECDHEPSK", "kDHEPSK", "kSRP", "kGOST", "aRSA", "aDSS", "DSS", "aNULL", "aECDSA", "ECDSA", "aPSK",
        "aSRP", "aGOST", "EDH", "DHE", "EECDH", "ECDHE", "NULL", "RSA", "ADH", "AECDH", "PSK", "SRP", "3DES", "RC4", "IDEA",
        "SEED", "eNULL", "AES128", "AES256", "AES", "AESGCM", "AESCCM", "AESCCM8", "CAMELLIA128", "CAMELLIA256", "CAMELLIA",
        "CHACHA20", "ARIA", "ARIAGCM", "ARIA128", "ARIA256", "CBC", "MD5", "SHA1", "SHA", "SHA256", "SHA384", "SSLv3",
        "TLSv1", "TLSv1.0", "TLSv1.2", "LOW", "MEDIUM", "HIGH", "FIPS", "EXPORT", "EXP", "DES", "DEFAULT",
    ];

    private static readonly string[] PublishedStrings =
    [
        // Mozilla Server Side TLS v5 intermediate and old.
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES256-SHA256:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA",
        // Mozilla v4 and earlier intermediate / old / modern.
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:DHE-RSA-AES256-SHA256:DHE-RSA-AES256-SHA:ECDHE-ECDSA-DES-CBC3-SHA:ECDHE-RSA-DES-CBC3-SHA:EDH-RSA-DES-CBC3-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:DES-CBC3-SHA:!DSS",
        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256",
        "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256:DHE-DSS-AES128-GCM-SHA256:kEDH+AESGCM:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA384:ECDHE-ECDSA-AES256-SHA384:ECDHE-RSA-AES256-SHA:ECDHE-ECDSA-AES256-SHA:DHE-RSA-AES128-SHA256:DHE-RSA-AES128-SHA:DHE-DSS-AES128-SHA256:DHE-RSA-AES256-SHA256:DHE-DSS-AES256-SHA:DHE-RSA-AES256-SHA:ECDHE-RSA-DES-CBC3-SHA:ECDHE-ECDSA-DES-CBC3-SHA:EDH-RSA-DES-CBC3-SHA:AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA256:AES256-SHA256:AES128-SHA:AES256-SHA:AES:CAMELLIA:DES-CBC3-SHA:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!aECDH:!EDH-DSS-DES-CBC3-SHA:!KRB5-DES-CBC3-SHA",
        // cipherli.st, nginx and Apache defaults, common blog strings.
        "EECDH+AESGCM:EDH+AESGCM", "EECDH+AESGCM:EDH+AESGCM:AES256+EECDH:AES256+EDH", "AES256+EECDH:AES256+EDH:!aNULL",
        "HIGH:!aNULL:!MD5", "DEFAULT:!EXP:!MD5:!RC4:!3DES", "HIGH:MEDIUM:!MD5:!RC4:!3DES", "HIGH:!aNULL:!eNULL:!EXPORT:!DES:!RC4:!MD5:!PSK:!SRP:!CAMELLIA",
        "EECDH+CHACHA20:EECDH+AES128:RSA+AES128:EECDH+AES256:RSA+AES256:EECDH+3DES:RSA+3DES:!MD5",
        "ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:RSA+AESGCM:RSA+AES:!aNULL:!MD5:!DSS",
        "ALL:!ADH:!EXPORT:!SSLv2:RC4+RSA:+HIGH:+MEDIUM:+LOW", "RC4:HIGH:!aNULL:!MD5", "ECDHE-RSA-AES256-SHA384:AES256-SHA256:!RC4:HIGH:!MD5:!aNULL:!EDH:!AESGCM",
        "kEECDH+ECDSA+AES128:kEECDH+ECDSA+AES256:kEECDH+AES128:kEECDH+AES256:kEDH+AES128:kEDH+AES256:DES-CBC3-SHA:+SHA:!aNULL:!eNULL:!LOW:!kECDH:!DSS:!MD5:!RC4:!EXP:!PSK:!SRP:!CAMELLIA:!SEED",
        "TLSv1.2:!aNULL:!eNULL", "TLSv1.2+FIPS:kRSA+FIPS:!eNULL:!aNULL", "FIPS@STRENGTH", "SUITEB128", "SUITEB128ONLY", "SUITEB128C2", "SUITEB192",
        "PROFILE=SYSTEM", "DEFAULT@SECLEVEL=0", "DEFAULT:@SECLEVEL=1", "HIGH:@SECLEVEL=9", "HIGH:@FOO", "HIGH:!", "HIGH\t!aNULL", "HIGH:!aNULL!eNULL",
        "ECDHE+AESGCM", "aECDSA+aRSA", "DHE-RSA-AES128-SHA+HIGH", "HIGH+FIPS", "AES128-SHA+FIPS", "ALL:-ALL:AES128-SHA", "ALL:!ALL:AES128-SHA",
        "AES128-SHA:#", "Aes128-sha", "TLS_AES_128_GCM_SHA256", "DEFAULTX", "DEFAULT!AES128-SHA", "xx:DEFAULT", "", " ", "::", "ALL COMPLEMENTOFALL",
        "ALL,+aRSA", "ALL;-kRSA;+AESGCM", "@STRENGTH", "ALL:@STRENGTH", "COMPLEMENTOFALL:@STRENGTH", "ALL:+SHA1:+SHA256:@STRENGTH", "SSLv3+HIGH",
        "TLSv1+TLSv1.2", "ECDHE-RSA-AES128-GCM-SHA256+TLSv1", "ECDSA+SHA384:RSA+SHA384", "kDHE+aDSS+CAMELLIA", "ADH:AECDH:!AESGCM",
    ];

    [Fact]
    public void Expansion_matches_openssl_ciphers_for_every_test_string()
    {
        var openssl = ExternalProgram.Require("openssl");
        var strings = new List<(string Origin, string CipherString)>();
        var corpus = CorpusPaths.TryFindCorpus();
        if (corpus is not null)
        {
            strings.AddRange(CorpusCipherStrings(corpus).Select(text => ("corpus", text)));
        }
        else if (ExternalProgram.IsCi)
        {
            Assert.Fail("../shared/corpus is missing under CI=true");
        }

        strings.AddRange(PublishedStrings.Select(text => ("published", text)));
        foreach (var alias in AliasNames)
        {
            strings.Add(("alias", alias));
            strings.Add(("alias", $"ALL:COMPLEMENTOFALL:-{alias}"));
            strings.Add(("alias", $"ALL:!{alias}"));
            strings.Add(("alias", $"ALL:+{alias}"));
            strings.Add(("alias", $"{alias}:@STRENGTH"));
        }

        strings.AddRange(RandomStrings(seed: 20240601, count: 250).Select(text => ("random", text)));
        strings = strings.DistinctBy(entry => entry.CipherString).ToList();

        int agree = 0, rejected = 0;
        var disagreements = new List<string>();
        foreach (var (origin, cipherString) in strings)
        {
            var (exitCode, stdout, _) = ExternalProgram.Run(openssl, ["ciphers", "-v", "--", cipherString]);
            var expected = exitCode == 0
                ? stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NormaliseLine).ToList()
                : null;
            var expansion = CipherString.Expand(cipherString);
            var actual = expansion.IsRejected ? null : expansion.AllSuites.Select(Describe).ToList();
            if ((expected is null && actual is null) || (expected is not null && actual is not null && expected.SequenceEqual(actual)))
            {
                agree++;
                rejected += expected is null ? 1 : 0;
            }
            else
            {
                disagreements.Add($"[{origin}] '{cipherString}': openssl {(expected is null ? "rejects" : $"{expected.Count} suites")}, ours {(actual is null ? "rejects" : $"{actual.Count} suites")}; first difference: {FirstDifference(expected, actual)}");
            }
        }

        output.WriteLine($"cipher strings compared with openssl ciphers -v: {strings.Count} ({strings.Count(s => s.Origin == "corpus")} from the corpus); agreement {agree}/{strings.Count}, of which {rejected} rejected by both");
        foreach (var line in disagreements.Take(40))
        {
            output.WriteLine(line);
        }

        strings.Count.ShouldBeGreaterThanOrEqualTo(200);
        disagreements.ShouldBeEmpty();
    }

    [Fact]
    public void Catalog_matches_openssl_for_every_available_suite()
    {
        var openssl = ExternalProgram.Require("openssl");
        var (exitCode, stdout, _) = ExternalProgram.Run(openssl, ["ciphers", "-V", "-stdname", "ALL:COMPLEMENTOFALL"]);
        exitCode.ShouldBe(0);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        int checkedSuites = 0;
        foreach (var line in lines)
        {
            // "0xC0,0x2C - TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 - ECDHE-ECDSA-AES256-GCM-SHA384 TLSv1.2 Kx=ECDH ..."
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            int id = Convert.ToInt32(parts[0][2..4] + parts[0][7..9], 16);
            var suite = CipherSuiteCatalog.FindByName(parts[4]);
            suite.ShouldNotBeNull(parts[4]);
            suite.Id.ShouldBe(id, parts[4]);
            suite.StandardName.ShouldBe(parts[2], parts[4]);
            Describe(suite).ShouldBe(string.Join(' ', parts[4..]), parts[4]);
            checkedSuites++;
        }

        output.WriteLine($"catalog entries checked against openssl ciphers -V: {checkedSuites}");
        checkedSuites.ShouldBe(CipherSuiteCatalog.Tls12AndBelow.Count(s => s.Availability == CipherSuiteAvailability.Default) + CipherSuiteCatalog.Tls13Default.Count);
    }

    [Fact]
    public void Security_level_filter_matches_openssl_ciphers_s()
    {
        // `openssl ciphers -s` keeps what SSL_get1_supported_ciphers allows: the security level (2 in Debian's build,
        // or @SECLEVEL) and, because the command sets no PSK callback and no SRP user, no PSK or SRP suites.
        var openssl = ExternalProgram.Require("openssl");
        string[] cipherStrings = ["ALL:COMPLEMENTOFALL", "ALL:COMPLEMENTOFALL:@SECLEVEL=0", "ALL:COMPLEMENTOFALL:@SECLEVEL=1", "ALL:@SECLEVEL=3", "ALL:@SECLEVEL=4", "ALL:@SECLEVEL=5", "DEFAULT", "HIGH:!aNULL:!MD5"];
        foreach (var cipherString in cipherStrings)
        {
            var (_, stdout, _) = ExternalProgram.Run(openssl, ["ciphers", "-s", "-v", "--", cipherString]);
            var expected = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(NormaliseLine).ToList();
            var expansion = CipherString.Expand(cipherString);
            int level = expansion.SecurityLevel ?? 2;
            var actual = expansion.Tls13Suites.Where(s => s.IsAllowedAtSecurityLevel(level))
                .Concat(expansion.Suites.Where(s => s.IsAllowedAtSecurityLevel(level) && !s.UsesPsk && !s.UsesSrp))
                .Select(Describe).ToList();
            actual.ShouldBe(expected, cipherString);
        }
    }

    internal static string Describe(CipherSuite suite) =>
        $"{suite.Name} {suite.VersionLabel} Kx={suite.KeyExchangeLabel} Au={suite.AuthenticationLabel} Enc={suite.EncryptionLabel} Mac={suite.MacLabel}";

    private static string NormaliseLine(string line) => string.Join(' ', line.Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static string FirstDifference(List<string>? expected, List<string>? actual)
    {
        if (expected is null || actual is null)
        {
            return expected is null ? $"ours starts {actual?.FirstOrDefault()}" : $"openssl starts {expected.FirstOrDefault()}";
        }

        for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
        {
            string? e = i < expected.Count ? expected[i] : null;
            string? a = i < actual.Count ? actual[i] : null;
            if (e != a)
            {
                return $"#{i}: openssl '{e}' vs ours '{a}'";
            }
        }

        return "none";
    }

    /// <summary>The arguments of nginx <c>ssl_ciphers</c> and Apache <c>SSLCipherSuite</c> in the corpus, templates left out.</summary>
    private static IEnumerable<string> CorpusCipherStrings(string corpus)
    {
        foreach (var file in Directory.EnumerateFiles(corpus, "*", SearchOption.AllDirectories))
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (IOException)
            {
                continue;
            }

            foreach (Match match in NginxCiphers().Matches(text))
            {
                yield return match.Groups["value"].Value;
            }

            foreach (Match match in ApacheCipherSuite().Matches(text))
            {
                yield return match.Groups["value"].Value;
            }
        }
    }

    private static IEnumerable<string> RandomStrings(int seed, int count)
    {
        var random = new Random(seed);
        string[] suiteNames = [.. CipherSuiteCatalog.Tls12AndBelow.Select(s => s.Name), "NOT-A-SUITE", "TLS_AES_256_GCM_SHA384"];
        string[] operators = ["", "", "", "!", "-", "+"];
        string[] separators = [":", ":", ":", ",", " ", ";"];
        for (int i = 0; i < count; i++)
        {
            var builder = new System.Text.StringBuilder();
            if (random.Next(8) == 0)
            {
                builder.Append("DEFAULT:");
            }

            int elements = random.Next(1, 7);
            for (int e = 0; e < elements; e++)
            {
                if (e > 0)
                {
                    builder.Append(separators[random.Next(separators.Length)]);
                }

                if (random.Next(12) == 0)
                {
                    builder.Append(random.Next(2) == 0 ? "@STRENGTH" : $"@SECLEVEL={random.Next(6)}");
                    continue;
                }

                builder.Append(operators[random.Next(operators.Length)]);
                int parts = random.Next(4) == 0 ? random.Next(2, 4) : 1;
                for (int p = 0; p < parts; p++)
                {
                    if (p > 0)
                    {
                        builder.Append('+');
                    }

                    builder.Append(random.Next(5) == 0 ? suiteNames[random.Next(suiteNames.Length)] : AliasNames[random.Next(AliasNames.Length)]);
                }
            }

            yield return builder.ToString();
        }
    }

    [GeneratedRegex(@"^[ \t]*ssl_ciphers[ \t]+(?<quote>['""]?)(?<value>[^'""$;{}\r\n]+)\k<quote>[ \t]*;", RegexOptions.Multiline)]
    private static partial Regex NginxCiphers();

    [GeneratedRegex(@"^[ \t]*SSLCipherSuite[ \t]+(?:(?:SSL|TLSv1\.3)[ \t]+)?(?<quote>""?)(?<value>[^""$\r\n]+?)\k<quote>[ \t]*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex ApacheCipherSuite();
}
