using ElectionAudit.Text;
using ElectionAudit.Tls;

namespace ElectionAudit.Core.Tests.Hostile;

/// <summary>Inputs AFL++ found that crashed or hung a parser (fuzz/README.md), kept so the fix stays.</summary>
public class FuzzRegressionTests
{
    [Fact]
    public void Pem_begin_and_end_lines_sharing_their_dashes_are_an_unmatched_block_not_a_crash()
    {
        // Minimised from the pem harness's first crash: the END marker starts inside the BEGIN line's closing "-----",
        // which made the body's length negative (ArgumentOutOfRangeException).
        const string text = "-----BEGIN CERTIFICATE-----END CERTIFICATE-----\n";
        var file = PemCertificateFile.Parse(new SourceText("cert.pem", text));
        file.Certificates.ShouldBeEmpty();
        file.Diagnostics.Select(d => (d.RuleId, d.Location.StartLine, d.Location.StartColumn, d.Location.EndColumn, d.Message)).ShouldBe(
        [
            ("EA0002", 1, 1, 28, "The PEM block 'CERTIFICATE' has no matching '-----END CERTIFICATE-----' line."),
        ]);
    }
}
