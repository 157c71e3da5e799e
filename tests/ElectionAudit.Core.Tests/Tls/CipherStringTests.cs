using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Core.Tests.Tls;

public sealed class CipherStringTests
{
    [Fact]
    public void Combined_aliases_intersect_and_keep_the_default_preference_order()
    {
        var expansion = CipherString.Expand("ECDHE+AESGCM");

        expansion.Suites.Select(s => s.Name).ShouldBe(
            ["ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256"]);
        expansion.Diagnostics.ShouldBeEmpty();
        expansion.IsRejected.ShouldBeFalse();
        expansion.AllSuites.First().Name.ShouldBe("TLS_AES_256_GCM_SHA384");
    }

    [Fact]
    public void Kill_is_final_while_minus_allows_a_later_add()
    {
        CipherString.Expand("ALL:!ALL:AES128-SHA").IsRejected.ShouldBeTrue();
        CipherString.Expand("ALL:-ALL:AES128-SHA").Suites.Select(s => s.Name).ShouldBe(["AES128-SHA"]);
    }

    [Fact]
    public void Plus_moves_matching_suites_to_the_end()
    {
        var names = CipherString.Expand("AES128-SHA:AES256-SHA:ECDHE-RSA-AES128-SHA:+kRSA").Suites.Select(s => s.Name);

        names.ShouldBe(["ECDHE-RSA-AES128-SHA", "AES128-SHA", "AES256-SHA"]);
    }

    [Fact]
    public void Strength_sort_orders_by_bits_and_keeps_ties_in_place()
    {
        var names = CipherString.Expand("AES128-SHA:AES256-SHA:NULL-SHA:CAMELLIA256-SHA:@STRENGTH").Suites.Select(s => s.Name);

        names.ShouldBe(["AES256-SHA", "CAMELLIA256-SHA", "AES128-SHA", "NULL-SHA"]);
    }

    [Fact]
    public void Unknown_and_unavailable_names_are_ignored_with_located_warnings()
    {
        const string text = "HIGH:!EXPORT:!RC4:DES-CBC3-SHA:bogus";
        var expansion = CipherString.Expand(text);

        expansion.IsRejected.ShouldBeFalse();
        expansion.Suites.ShouldNotBeEmpty();
        expansion.Diagnostics.Select(d => (d.Kind, d.Span)).ShouldBe(
        [
            (CipherStringDiagnosticKind.UnknownName, new TextSpan(6, 6)),
            (CipherStringDiagnosticKind.UnavailableName, new TextSpan(14, 3)),
            (CipherStringDiagnosticKind.UnavailableName, new TextSpan(18, 12)),
            (CipherStringDiagnosticKind.UnknownName, new TextSpan(31, 5)),
        ]);
        expansion.Diagnostics[2].Message.ShouldBe("'DES-CBC3-SHA' is a suite OpenSSL knows, but OpenSSL 3.0 compiles it only with enable-weak-ssl-ciphers; OpenSSL ignores it.");
    }

    [Fact]
    public void Invalid_character_rejects_the_whole_string()
    {
        var expansion = CipherString.Expand("HIGH:!aNULL\t!MD5");

        expansion.IsRejected.ShouldBeTrue();
        expansion.Suites.ShouldBeEmpty();
        var diagnostic = expansion.Diagnostics.ShouldHaveSingleItem();
        diagnostic.Kind.ShouldBe(CipherStringDiagnosticKind.InvalidCommand);
        diagnostic.Span.ShouldBe(new TextSpan(11, 1));
        diagnostic.Message.ShouldBe("OpenSSL cannot parse the character '\\t' here (a name must follow an operator or '+'); it rejects the whole cipher string.");
    }

    [Fact]
    public void Bad_special_commands_and_empty_results_are_errors()
    {
        var seclevel = CipherString.Expand("HIGH:@SECLEVEL=9");
        seclevel.Diagnostics.ShouldHaveSingleItem().Kind.ShouldBe(CipherStringDiagnosticKind.InvalidSpecialCommand);
        seclevel.Diagnostics[0].Span.ShouldBe(new TextSpan(5, 11));

        var none = CipherString.Expand("RC4:MEDIUM");
        none.IsRejected.ShouldBeTrue();
        none.Diagnostics[^1].Kind.ShouldBe(CipherStringDiagnosticKind.NoCipherMatch);

        CipherString.Expand("HIGH:@SECLEVEL=3").SecurityLevel.ShouldBe(3);
    }

    [Fact]
    public void Contradictory_combination_and_misplaced_default_are_reported()
    {
        var expansion = CipherString.Expand("aECDSA+aRSA:HIGH:DEFAULT");

        expansion.Diagnostics.Select(d => (d.Kind, d.Span)).ShouldBe(
        [
            (CipherStringDiagnosticKind.ContradictoryCombination, new TextSpan(0, 11)),
            (CipherStringDiagnosticKind.MisplacedDefault, new TextSpan(17, 7)),
        ]);
    }

    [Fact]
    public void Leading_default_expands_and_suite_b_replaces_the_string()
    {
        CipherString.Expand("DEFAULT").Suites.ShouldAllBe(s => s.IsInDefaultList);
        CipherString.Expand("SUITEB192").Suites.Select(s => s.Name).ShouldBe(["ECDHE-ECDSA-AES256-GCM-SHA384"]);
    }

    [Fact]
    public void Weak_cipher_build_option_brings_back_3des()
    {
        var options = new CipherExpansionOptions { IncludeWeakSslCiphers = true };

        CipherString.Expand("3DES", options).Suites.Select(s => s.Name).ShouldContain("DES-CBC3-SHA");
        CipherString.Expand("RC4", options).IsRejected.ShouldBeTrue();
        CipherString.Expand("RC4", options with { LegacyProviderLoaded = true }).Suites.Count.ShouldBe(10);
    }

    [Fact]
    public void Suite_helpers_classify_suites()
    {
        var rsa = CipherSuiteCatalog.FindByName("AES128-SHA")!;
        rsa.HasForwardSecrecy.ShouldBeFalse();
        rsa.IsAead.ShouldBeFalse();
        rsa.StandardName.ShouldBe("TLS_RSA_WITH_AES_128_CBC_SHA");

        var gcm = CipherSuiteCatalog.FindByStandardName("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")!;
        gcm.Name.ShouldBe("ECDHE-RSA-AES128-GCM-SHA256");
        (gcm.IsAead, gcm.HasForwardSecrecy, gcm.Strength, gcm.StrengthClassName).ShouldBe((true, true, 128, "HIGH"));

        CipherSuiteCatalog.FindByName("ADH-AES128-SHA")!.IsAnonymous.ShouldBeTrue();
        CipherSuiteCatalog.FindByName("NULL-MD5")!.IsNull.ShouldBeTrue();
        CipherSuiteCatalog.FindByName("NULL-MD5")!.UsesMd5.ShouldBeTrue();
        CipherSuiteCatalog.FindByName("RC4-SHA")!.UsesRc4.ShouldBeTrue();
        CipherSuiteCatalog.FindByName("DES-CBC3-SHA")!.UsesTripleDes.ShouldBeTrue();
        CipherSuiteCatalog.FindByName("DES-CBC3-SHA")!.IsAllowedAtSecurityLevel(2).ShouldBeTrue();
        CipherSuiteCatalog.FindByName("DES-CBC3-SHA")!.IsAllowedAtSecurityLevel(3).ShouldBeFalse();
        CipherSuiteCatalog.FindById(0x1302)!.Name.ShouldBe("TLS_AES_256_GCM_SHA384");
        CipherSuiteCatalog.Tls12AndBelow.ShouldAllBe(s => !s.IsExport);
    }

    [Fact]
    public void Tls13_list_keeps_order_and_duplicates_and_trims_blanks()
    {
        var list = Tls13CipherSuites.Parse("TLS_AES_128_CCM_SHA256: TLS_AES_128_GCM_SHA256 :bogus:TLS_AES_128_GCM_SHA256");

        list.Suites.Select(s => s.Name).ShouldBe(["TLS_AES_128_CCM_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256"]);
        list.Diagnostics.ShouldHaveSingleItem().Span.ShouldBe(new TextSpan(48, 5));
        list.IsRejected.ShouldBeFalse();
        Tls13CipherSuites.Parse("").Suites.ShouldBeEmpty();
        Tls13CipherSuites.Parse("").IsRejected.ShouldBeFalse();
        Tls13CipherSuites.Parse("TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384").IsRejected.ShouldBeTrue();
    }

    [Theory]
    [InlineData("TLS_AES_128_CCM_SHA256: TLS_AES_128_GCM_SHA256 ")]
    [InlineData("foo:TLS_AES_128_CCM_8_SHA256")]
    [InlineData("TLS_RSA_WITH_AES_128_CBC_SHA:TLS_CHACHA20_POLY1305_SHA256")]
    [InlineData("TLS_AES_128_GCM_SHA256:TLS_AES_128_GCM_SHA256")]
    [InlineData("")]
    [InlineData("tls_aes_128_gcm_sha256")]
    public void Tls13_list_matches_openssl(string ciphersuites)
    {
        var openssl = ExternalProgram.Require("openssl");
        var (exitCode, stdout, _) = ExternalProgram.Run(openssl, ["ciphers", "-ciphersuites", ciphersuites, "-v", "AES256-SHA"]);
        var parsed = Tls13CipherSuites.Parse(ciphersuites);

        parsed.IsRejected.ShouldBe(exitCode != 0);
        if (exitCode == 0)
        {
            var expansion = CipherString.Expand("AES256-SHA", new CipherExpansionOptions { Tls13Suites = parsed.Suites });
            var expected = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => string.Join(' ', l.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
            expansion.AllSuites.Select(CipherStringDifferentialTests.Describe).ShouldBe(expected);
        }
    }
}
