using System.Formats.Asn1;
using System.Numerics;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>
/// Diffie-Hellman parameters read from a PEM file (nginx <c>ssl_dhparam</c>): the prime's size and whether it is one
/// of the RFC 7919 finite-field groups (ffdhe2048 ... ffdhe8192) or a self-generated group.
/// </summary>
public sealed class DhParameters
{
    private static readonly (string Name, int Bits, int Offset)[] Rfc7919Groups =
    [
        // RFC 7919 Appendix A: p = 2^b - 2^(b-64) + {[2^(b-130) e] + X} * 2^64 - 1, with these X.
        ("ffdhe2048", 2048, 560316),
        ("ffdhe3072", 3072, 2625351),
        ("ffdhe4096", 4096, 5736041),
        ("ffdhe6144", 6144, 15705020),
        ("ffdhe8192", 8192, 10965728),
    ];

    // One prime per group, computed on first need: only a parsed prime of the group's size is compared with it, so a scan
    // with a 2048-bit dhparam file does not pay for the 8192-bit series (computing all five was a tenth of a samples/ scan).
    private static readonly Lazy<BigInteger>[] KnownPrimes = [.. Rfc7919Groups.Select(g => new Lazy<BigInteger>(() => ComputePrime(g.Bits, g.Offset)))];

    private DhParameters(BigInteger prime, BigInteger generator, TextSpan span)
    {
        Prime = prime;
        Generator = generator;
        Span = span;
        PrimeBits = (int)prime.GetBitLength();
        int group = Array.FindIndex(Rfc7919Groups, g => g.Bits == PrimeBits);
        KnownGroup = group >= 0 && KnownPrimes[group].Value == prime ? Rfc7919Groups[group].Name : null;
    }

    /// <summary>The prime p.</summary>
    public BigInteger Prime { get; }

    /// <summary>The generator g.</summary>
    public BigInteger Generator { get; }

    /// <summary>The size of the prime in bits: the group's strength as Mozilla and internet.nl measure it.</summary>
    public int PrimeBits { get; }

    /// <summary>The RFC 7919 group name (<c>ffdhe2048</c> ...) when the prime is one of them; null for a self-generated group.</summary>
    public string? KnownGroup { get; }

    /// <summary>The PEM block in its file.</summary>
    public TextSpan Span { get; }

    /// <summary>
    /// Reads the first <c>DH PARAMETERS</c> (PKCS #3) or <c>X9.42 DH PARAMETERS</c> block of a PEM text; null when there
    /// is none or it cannot be decoded. Any other block (a private key included) is skipped without being decoded.
    /// </summary>
    public static DhParameters? Parse(string pemText)
    {
        ArgumentNullException.ThrowIfNull(pemText);
        foreach (var label in new[] { "DH PARAMETERS", "X9.42 DH PARAMETERS" })
        {
            var begin = $"-----BEGIN {label}-----";
            var end = $"-----END {label}-----";
            int start = pemText.IndexOf(begin, StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }

            int bodyStart = start + begin.Length;
            int stop = pemText.IndexOf(end, bodyStart, StringComparison.Ordinal);
            if (stop < 0)
            {
                return null;
            }

            var base64 = new string(pemText.AsSpan(bodyStart, stop - bodyStart).ToArray().Where(c => !char.IsWhiteSpace(c)).ToArray());
            try
            {
                // Both PKCS #3 DHParameter and X9.42 DomainParameters are SEQUENCE { p INTEGER, g INTEGER, ... }.
                var reader = new AsnReader(Convert.FromBase64String(base64), AsnEncodingRules.BER);
                var sequence = reader.ReadSequence();
                var prime = sequence.ReadInteger();
                var generator = sequence.ReadInteger();
                return prime.Sign <= 0 ? null : new DhParameters(prime, generator, TextSpan.FromBounds(start, stop + end.Length));
            }
            catch (Exception ex) when (ex is FormatException or AsnContentException)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The prime of an RFC 7919 group, computed from its definition (for tests and comparisons).</summary>
    public static BigInteger Rfc7919Prime(string groupName)
    {
        var group = Rfc7919Groups.FirstOrDefault(g => g.Name == groupName);
        if (group.Name is null)
        {
            throw new ArgumentException($"'{groupName}' is not an RFC 7919 group.", nameof(groupName));
        }

        return ComputePrime(group.Bits, group.Offset);
    }

    private static BigInteger ComputePrime(int bits, int offset)
    {
        // floor(2^(bits-130) * e), with e summed as 1/k! in fixed point; 64 guard bits absorb the truncation of each term.
        int fractionBits = bits - 130 + 64;
        var scale = BigInteger.One << fractionBits;
        var sum = BigInteger.Zero;
        var term = scale;
        for (int k = 1; !term.IsZero; k++)
        {
            sum += term;
            term /= k;
        }

        var scaledE = sum >> 64;
        return (BigInteger.One << bits) - (BigInteger.One << (bits - 64)) + ((scaledE + offset) << 64) - 1;
    }
}
