using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ElectionAudit.Core.Tests.Support;
using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Core.Tests.Tls;

/// <summary>Certificates are generated here, in memory; no real key or certificate is stored in the repository.</summary>
public sealed class PemCertificateFileTests
{
    private static readonly DateTimeOffset RootStart = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LeafStart = new(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LeafEnd = new(2024, 5, 30, 12, 0, 0, TimeSpan.Zero);

    // A placeholder, not a key: the reader must record the block without decoding it.
    private const string PlaceholderKeyBlock = "-----BEGIN PRIVATE KEY-----\nTk9UIEEgS0VZ\n-----END PRIVATE KEY-----\n";

    [Fact]
    public void Chain_file_yields_each_certificate_with_its_fields_and_span()
    {
        var (leaf, intermediate, _) = CreateChain();
        string leafPem = leaf.ExportCertificatePem() + "\n";
        string text = leafPem + intermediate.ExportCertificatePem() + "\n" + PlaceholderKeyBlock;

        var file = PemCertificateFile.Parse(new SourceText("certs/fullchain.pem", text));

        file.Diagnostics.ShouldBeEmpty();
        file.Certificates.Count.ShouldBe(2);
        var info = file.Certificates[0];
        info.Span.ShouldBe(new TextSpan(0, leafPem.Length - 1));
        file.Certificates[1].Span.Start.ShouldBe(leafPem.Length);
        info.SubjectCommonName.ShouldBe("www.example.org");
        info.Subject.ShouldBe("CN=www.example.org, O=Example County Elections");
        info.IssuerCommonName.ShouldBe("Example Issuing CA");
        info.IssuerOrganization.ShouldBe("Example Trust Services");
        info.DnsNames.ShouldBe(["www.example.org", "example.org", "*.results.example.org"]);
        info.IpAddresses.ShouldBe([IPAddress.Parse("192.0.2.10")]);
        (info.IsSelfIssued, info.IsSelfSigned, info.IsCertificateAuthority).ShouldBe((false, false, false));
        (info.KeyType, info.KeySize, info.CurveName).ShouldBe((CertificateKeyType.Rsa, 2048, (string?)null));
        info.SignatureAlgorithm.ShouldBe("sha256WithRSAEncryption");
        info.SignatureHashAlgorithm.ShouldBe("SHA256");
        info.NotBefore.ShouldBe(LeafStart.UtcDateTime);
        info.NotAfter.ShouldBe(LeafEnd.UtcDateTime);
        info.NotAfter.Kind.ShouldBe(DateTimeKind.Utc);
        info.SerialNumber.ShouldBe("0102030405");
        info.Sha256Fingerprint.ShouldBe(string.Join(':', SHA256.HashData(leaf.RawData).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture))));
        info.OcspUrls.ShouldBe(["http://ocsp.example.net"]);
        info.CaIssuerUrls.ShouldBe(["http://ca.example.net/issuing.cer"]);

        var issuing = file.Certificates[1];
        (issuing.IsCertificateAuthority, issuing.KeyType, issuing.KeySize, issuing.CurveName, issuing.SignatureAlgorithm)
            .ShouldBe((true, CertificateKeyType.Rsa, 3072, (string?)null, "ecdsa-with-SHA384"));

        file.PrivateKeys.ShouldHaveSingleItem().ShouldBe(new PemPrivateKeyBlock("PRIVATE KEY", new TextSpan(text.Length - PlaceholderKeyBlock.Length, PlaceholderKeyBlock.Length - 1)));
        file.CheckChainOrder().ShouldBeEmpty();
    }

    [Fact]
    public void Chain_out_of_order_is_reported_at_the_certificate()
    {
        var (leaf, intermediate, root) = CreateChain();
        string text = leaf.ExportCertificatePem() + "\n" + root.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem();

        var problems = PemCertificateFile.Parse(new SourceText("chain.pem", text)).CheckChainOrder();

        problems.Select(p => p.Index).ShouldBe([0, 1]);
        problems[0].Message.ShouldBe("Certificate 1 ('CN=www.example.org, O=Example County Elections') is issued by 'CN=Example Issuing CA, O=Example Trust Services', but the next certificate in the file is 'CN=Example Root CA, O=Example Trust Services'.");
    }

    [Fact]
    public void Self_signed_keys_and_signature_algorithms_are_classified()
    {
        using var rsa1024 = RSA.Create(1024);
        var legacyRequest = new CertificateRequest("CN=legacy.example.org", rsa1024, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var sha1 = legacyRequest.Create(legacyRequest.SubjectName, new Sha1RsaSignatureGenerator(rsa1024), LeafStart, LeafEnd, [9]);
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        using var ec = SelfSigned(new CertificateRequest("CN=ec.example.org", p384, HashAlgorithmName.SHA384));

        var file = PemCertificateFile.Parse(new SourceText("self.pem", sha1.ExportCertificatePem() + "\n" + ec.ExportCertificatePem()));

        var legacy = file.Certificates[0];
        (legacy.IsSelfIssued, legacy.IsSelfSigned, legacy.KeySize, legacy.SignatureAlgorithm, legacy.SignatureHashAlgorithm)
            .ShouldBe((true, true, 1024, "sha1WithRSAEncryption", "SHA1"));
        var curve = file.Certificates[1];
        (curve.IsSelfSigned, curve.KeyType, curve.KeySize, curve.CurveName, curve.SignatureAlgorithm)
            .ShouldBe((true, CertificateKeyType.EllipticCurve, 384, "P-384", "ecdsa-with-SHA384"));
        curve.DnsNames.ShouldBeEmpty();
        CertificateHostNameMatcher.Matches(curve, "EC.example.org.").ShouldBeTrue();
    }

    [Fact]
    public void Malformed_blocks_become_EA0002_at_the_block_and_reading_goes_on()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var good = SelfSigned(new CertificateRequest("CN=ok.example.org", key, HashAlgorithmName.SHA256));
        string badBase64 = "-----BEGIN CERTIFICATE-----\nMIIB%%%notbase64\n-----END CERTIFICATE-----\n";
        string badDer = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        string unterminated = "-----BEGIN CERTIFICATE-----\nMIIB\n";
        string text = badBase64 + badDer + good.ExportCertificatePem() + "\n" + unterminated;

        var file = PemCertificateFile.Parse(new SourceText("broken.pem", text));

        file.Certificates.ShouldHaveSingleItem().SubjectCommonName.ShouldBe("ok.example.org");
        (file.Certificates[0].KeySize, file.Certificates[0].CurveName, file.Certificates[0].SignatureAlgorithm).ShouldBe((256, "P-256", "ecdsa-with-SHA256"));
        file.Certificates[0].Index.ShouldBe(0);
        file.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.EndLine)).ShouldBe([("EA0002", 1, 3), ("EA0002", 4, 6), ("EA0002", 7 + good.ExportCertificatePem().Split('\n').Length, 7 + good.ExportCertificatePem().Split('\n').Length)]);
        file.Diagnostics[0].Message.ShouldBe("Certificate 1 is not valid base64 text.");
        file.Diagnostics[1].Message.ShouldStartWith("Certificate 1 is not a valid DER-encoded X.509 certificate (");
        file.Diagnostics[2].Message.ShouldBe("The PEM block 'CERTIFICATE' has no matching '-----END CERTIFICATE-----' line.");
    }

    [Fact]
    public void Binary_or_empty_input_does_not_throw()
    {
        PemCertificateFile.Parse(new SourceText("empty.pem", "")).Certificates.ShouldBeEmpty();
        var binary = PemCertificateFile.Parse(new SourceText("bin.pem", "\0\u0001-----BEGIN \u00FF\n-----BEGIN X-----\n-----END Y-----"));
        binary.Certificates.ShouldBeEmpty();
        binary.Diagnostics.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("www.example.org", "www.example.org", true)]
    [InlineData("WWW.Example.ORG.", "www.example.org", true)]
    [InlineData("a.results.example.org", "*.results.example.org", true)]
    [InlineData("results.example.org", "*.results.example.org", false)]
    [InlineData("a.b.results.example.org", "*.results.example.org", false)]
    [InlineData("www.example.org", "w*.example.org", false)]
    [InlineData("www.example.org", "www.*.org", false)]
    [InlineData("example.org", "*.org", false)]
    [InlineData("*.example.org", "*.example.org", false)]
    public void Host_name_matching_follows_RFC_6125(string host, string pattern, bool expected) =>
        CertificateHostNameMatcher.MatchesPattern(host, pattern).ShouldBe(expected);

    [Fact]
    public void Host_name_matching_uses_SANs_before_common_name_and_IPs_only_for_IPs()
    {
        var (leaf, _, _) = CreateChain();
        var info = PemCertificateFile.Parse(new SourceText("leaf.pem", leaf.ExportCertificatePem())).Certificates[0];

        CertificateHostNameMatcher.Matches(info, "vote.results.example.org").ShouldBeTrue();
        CertificateHostNameMatcher.Matches(info, "192.0.2.10").ShouldBeTrue();
        CertificateHostNameMatcher.Matches(info, "192.0.2.11").ShouldBeFalse();
        CertificateHostNameMatcher.Matches(info, "mail.example.org").ShouldBeFalse();
    }

    [Fact]
    public void Fields_agree_with_openssl_x509_text()
    {
        var openssl = ExternalProgram.Require("openssl");
        var (leaf, intermediate, _) = CreateChain();
        string directory = Directory.CreateTempSubdirectory("ea-tls-").FullName;
        try
        {
            foreach (var certificate in new[] { leaf, intermediate })
            {
                string path = Path.Combine(directory, "cert.pem");
                string pem = certificate.ExportCertificatePem();
                File.WriteAllText(path, pem);
                var info = PemCertificateFile.Parse(new SourceText("cert.pem", pem)).Certificates.ShouldHaveSingleItem();
                var (exitCode, textOutput, _) = ExternalProgram.Run(openssl, ["x509", "-in", path, "-noout", "-text", "-fingerprint", "-sha256", "-nameopt", "RFC2253"]);
                exitCode.ShouldBe(0);

                textOutput.ShouldContain($"Signature Algorithm: {info.SignatureAlgorithm}");
                textOutput.ShouldContain($"Public-Key: ({info.KeySize} bit)");
                var notAfter = info.NotAfter;
                textOutput.ShouldContain(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Not After : {notAfter:MMM} {notAfter.Day,2} {notAfter:HH:mm:ss yyyy} GMT"));
                textOutput.ShouldContain($"sha256 Fingerprint={info.Sha256Fingerprint}");
                textOutput.ShouldContain($"Subject: CN={info.SubjectCommonName},");
                textOutput.ShouldContain($"Issuer: CN={info.IssuerCommonName},O={info.IssuerOrganization}");
                if (info.CurveName is not null)
                {
                    textOutput.ShouldContain($"NIST CURVE: {info.CurveName}");
                }

                if (info.IsCertificateAuthority)
                {
                    textOutput.ShouldContain("CA:TRUE");
                }
                else
                {
                    textOutput.ShouldContain("DNS:" + string.Join(", DNS:", info.DnsNames) + ", IP Address:" + info.IpAddresses[0]);
                    textOutput.ShouldContain($"OCSP - URI:{info.OcspUrls[0]}");
                    textOutput.ShouldContain($"CA Issuers - URI:{info.CaIssuerUrls[0]}");
                    textOutput.ShouldContain(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Serial Number: {Convert.ToInt64(info.SerialNumber, 16)} (0x{info.SerialNumber.TrimStart('0').ToLowerInvariant()})"));
                }
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void Every_certificate_of_the_ca_certificates_package_reads_as_openssl_x509_shows_it()
    {
        // Real certificates from many issuers and years (Debian's ca-certificates: RSA 2048 to 4096, P-256 and P-384,
        // SHA-1 to SHA-512 signatures): what the TLS rules read must be what OpenSSL reads.
        var openssl = ExternalProgram.Require("openssl");
        const string folder = "/usr/share/ca-certificates";
        if (!Directory.Exists(folder))
        {
            ExternalProgram.IsCi.ShouldBeFalse($"{folder} is missing although openssl is installed");
            Assert.Skip($"{folder} is not here (Debian's ca-certificates package)");
        }

        var files = Directory.EnumerateFiles(folder, "*.crt", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        files.Count.ShouldBeGreaterThan(100);
        var signatureHashes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var info = PemCertificateFile.Parse(new SourceText(file, File.ReadAllText(file))).Certificates.ShouldHaveSingleItem(file);
            var (exitCode, text, errors) = ExternalProgram.Run(openssl, ["x509", "-in", file, "-noout", "-text", "-fingerprint", "-sha256"]);
            exitCode.ShouldBe(0, errors);

            text.ShouldContain($"Signature Algorithm: {info.SignatureAlgorithm}", Case.Sensitive, file);
            text.ShouldContain($"Public-Key: ({info.KeySize} bit)", Case.Sensitive, file);
            text.ShouldContain(OpenSslTime("Not Before", info.NotBefore), Case.Sensitive, file);
            text.ShouldContain(OpenSslTime("Not After ", info.NotAfter), Case.Sensitive, file);
            text.ShouldContain($"sha256 Fingerprint={info.Sha256Fingerprint}", Case.Sensitive, file);
            text.Contains("CA:TRUE", StringComparison.Ordinal).ShouldBe(info.IsCertificateAuthority, file);
            if (info.CurveName is not null)
            {
                text.ShouldContain($"NIST CURVE: {info.CurveName}", Case.Sensitive, file);
            }

            signatureHashes.Add(info.SignatureHashAlgorithm ?? "none");
        }

        // The set is varied enough to mean something: SHA-1, SHA-256 and SHA-384 signatures at least.
        signatureHashes.IsSupersetOf(["SHA1", "SHA256", "SHA384"]).ShouldBeTrue(string.Join(", ", signatureHashes));
    }

    private static string OpenSslTime(string label, DateTime time) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{label}: {time:MMM} {time.Day,2} {time:HH:mm:ss yyyy} GMT");

    private static X509Certificate2 SelfSigned(CertificateRequest request) =>
        request.CreateSelfSigned(LeafStart, LeafEnd);

    /// <summary>Root (ECDSA P-384) → issuing CA (RSA 3072) → leaf (RSA 2048 with SANs and AIA).</summary>
    private static (X509Certificate2 Leaf, X509Certificate2 Intermediate, X509Certificate2 Root) CreateChain()
    {
        using var rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var rootRequest = new CertificateRequest("CN=Example Root CA, O=Example Trust Services", rootKey, HashAlgorithmName.SHA384);
        rootRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var root = rootRequest.CreateSelfSigned(RootStart, RootStart.AddYears(10));

        using var intermediateKey = RSA.Create(3072);
        var intermediateRequest = new CertificateRequest("CN=Example Issuing CA, O=Example Trust Services", intermediateKey, HashAlgorithmName.SHA384, RSASignaturePadding.Pkcs1);
        intermediateRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        using var intermediatePublic = intermediateRequest.Create(root.SubjectName, X509SignatureGenerator.CreateForECDsa(rootKey), RootStart, RootStart.AddYears(5), [7]);
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=www.example.org, O=Example County Elections", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("www.example.org");
        names.AddDnsName("example.org");
        names.AddDnsName("*.results.example.org");
        names.AddIpAddress(IPAddress.Parse("192.0.2.10"));
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension(["http://ocsp.example.net"], ["http://ca.example.net/issuing.cer"]));
        var leaf = leafRequest.Create(intermediate, LeafStart, LeafEnd, [1, 2, 3, 4, 5]);
        return (leaf, intermediate, X509CertificateLoader.LoadCertificate(root.RawData));
    }

    /// <summary>.NET refuses SHA-1 in CertificateRequest; this generator signs with RSA and SHA-1 anyway, to make the legacy certificates election sites still carry.</summary>
    private sealed class Sha1RsaSignatureGenerator(RSA key) : X509SignatureGenerator
    {
        // AlgorithmIdentifier { sha1WithRSAEncryption, NULL } (RFC 3279 §2.2.1).
        private static readonly byte[] Sha1WithRsaIdentifier = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00];

        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) => Sha1WithRsaIdentifier;

        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);

        protected override PublicKey BuildPublicKey() => X509SignatureGenerator.CreateForRSA(key, RSASignaturePadding.Pkcs1).PublicKey;
    }
}
