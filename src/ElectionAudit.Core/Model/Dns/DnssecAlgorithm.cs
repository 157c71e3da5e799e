using System.Globalization;

namespace ElectionAudit.Model.Dns;

/// <summary>What RFC 8624 §3.1 says about signing zones with an algorithm (the IANA registry now carries these values, RFC 9904).</summary>
public enum DnssecSigningStatus
{
    /// <summary>An algorithm number the table does not know.</summary>
    Unknown,

    /// <summary>MUST NOT be used for signing.</summary>
    MustNot,

    /// <summary>NOT RECOMMENDED for signing.</summary>
    NotRecommended,

    /// <summary>MAY be used.</summary>
    May,

    /// <summary>RECOMMENDED.</summary>
    Recommended,

    /// <summary>MUST be implemented (the safe choices).</summary>
    Must,
}

/// <summary>DNSSEC algorithm numbers (IANA "DNS Security Algorithm Numbers") with their RFC 8624 §3.1 signing status.</summary>
public static class DnssecAlgorithm
{
    private static readonly Dictionary<byte, (string Mnemonic, DnssecSigningStatus Status)> Table = new()
    {
        // RFC 8624 §3.1, "Algorithm Implementation Requirements and Usage Guidance for DNSKEY", column "DNSSEC Signing".
        [1] = ("RSAMD5", DnssecSigningStatus.MustNot),
        [3] = ("DSA", DnssecSigningStatus.MustNot),
        [5] = ("RSASHA1", DnssecSigningStatus.NotRecommended),
        [6] = ("DSA-NSEC3-SHA1", DnssecSigningStatus.MustNot),
        [7] = ("RSASHA1-NSEC3-SHA1", DnssecSigningStatus.NotRecommended),
        [8] = ("RSASHA256", DnssecSigningStatus.Must),
        [10] = ("RSASHA512", DnssecSigningStatus.NotRecommended),
        [12] = ("ECC-GOST", DnssecSigningStatus.MustNot),
        [13] = ("ECDSAP256SHA256", DnssecSigningStatus.Must),
        [14] = ("ECDSAP384SHA384", DnssecSigningStatus.May),
        [15] = ("ED25519", DnssecSigningStatus.Recommended),
        [16] = ("ED448", DnssecSigningStatus.May),
    };

    /// <summary>The mnemonic of algorithm <paramref name="number"/>, or its number when unknown.</summary>
    public static string Mnemonic(byte number) => Table.TryGetValue(number, out var entry) ? entry.Mnemonic : number.ToString(CultureInfo.InvariantCulture);

    /// <summary>The RFC 8624 signing status of algorithm <paramref name="number"/>.</summary>
    public static DnssecSigningStatus SigningStatus(byte number) => Table.TryGetValue(number, out var entry) ? entry.Status : DnssecSigningStatus.Unknown;

    /// <summary>Whether the algorithm is an RSA variant, whose key is an RFC 3110 exponent and modulus.</summary>
    public static bool IsRsa(byte number) => number is 1 or 5 or 7 or 8 or 10;
}
