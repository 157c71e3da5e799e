using ElectionAudit.Rules;
using ElectionAudit.Syntax;
using Shouldly;
using Xunit;

namespace ElectionAudit.Core.Tests.Rules;

public class RuleDescriptorNameTests
{
    [Theory]
    [InlineData("Election zone not DNSSEC-signed", "ElectionZoneNotDnssecSigned")]
    [InlineData("Results website without DDoS mitigation", "ResultsWebsiteWithoutDdosMitigation")]
    [InlineData("SHA-1/MD5 certificate signature", "Sha1Md5CertificateSignature")]
    [InlineData("TLS 1.0 or 1.1 enabled", "Tls10Or11Enabled")]
    [InlineData("Weak DH parameters", "WeakDhParameters")]
    [InlineData("mTLS missing", "MtlsMissing")]
    [InlineData("X-Content-Type-Options missing", "XcontentTypeOptionsMissing")]
    [InlineData("Fallback to plan B", "FallbackToPlanb")]
    [InlineData("Backup channel shares a failure domain with the official one", "BackupChannelSharesFailureDomainWithOfficialOne")]
    public void Name_is_one_Pascal_identifier_with_acronyms_folded(string title, string expected)
    {
        var descriptor = new RuleDescriptor(
            "EA9901", title, "Message.", Severity.Warning, "Description.", 5.0, RulePrecision.High,
            [new TraceReference(TraceSource.Other, "test", TraceMapping.Explicit)], [InputFormat.Nginx]);

        descriptor.Name.ShouldBe(expected);
    }
}
