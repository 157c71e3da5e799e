using System.Security.Cryptography;
using ElectionAudit.Syntax.Zone;

namespace ElectionAudit.Model.Dns;

/// <summary>A DNSKEY record with what DNSSEC rules need from it: key tag, algorithm, key size, and role.</summary>
public sealed class DnssecKey
{
    internal DnssecKey(ResourceRecordSyntax record, DnsKeyRecordData data)
    {
        Record = record;
        Data = data;
        KeyTag = ComputeKeyTag(data);
        KeySize = GetKeySize(data.Algorithm, data.PublicKey.AsSpan());
    }

    /// <summary>The record.</summary>
    public ResourceRecordSyntax Record { get; }

    /// <summary>Its data.</summary>
    public DnsKeyRecordData Data { get; }

    /// <summary>The algorithm number.</summary>
    public byte Algorithm => Data.Algorithm;

    /// <summary>The flags field.</summary>
    public ushort Flags => Data.Flags;

    /// <summary>Whether the Secure Entry Point flag is set (a key-signing key by convention, RFC 4034 §2.1.1).</summary>
    public bool IsKeySigningKey => Data.IsSecureEntryPoint;

    /// <summary>Whether the Zone Key flag is set (RFC 4034 §2.1.1); only zone keys sign zone data.</summary>
    public bool IsZoneKey => (Data.Flags & 0x0100) != 0;

    /// <summary>Whether the REVOKE flag is set (RFC 5011 §3).</summary>
    public bool IsRevoked => (Data.Flags & 0x0080) != 0;

    /// <summary>The key tag (RFC 4034 Appendix B).</summary>
    public ushort KeyTag { get; }

    /// <summary>
    /// The key size in bits, read from the public key: the RSA modulus length (RFC 3110 §2), the curve size for ECDSA
    /// (RFC 6605: P-256, P-384), EdDSA (RFC 8080: Ed25519 256, Ed448 456) and GOST (RFC 5933: 256), the prime length for
    /// DSA (RFC 2536 §2: 512 + 64·T). Null when the key is malformed or the algorithm unknown.
    /// </summary>
    public int? KeySize { get; }

    /// <summary>Computes the key tag of a DNSKEY (RFC 4034 Appendix B; Appendix B.1 for algorithm 1).</summary>
    public static ushort ComputeKeyTag(DnsKeyRecordData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var key = data.PublicKey.AsSpan();
        if (data.Algorithm == 1)
        {
            // RSA/MD5: "the most significant 16 bits of the least significant 24 bits in the public key modulus".
            return key.Length < 3 ? (ushort)0 : (ushort)((key[^3] << 8) | key[^2]);
        }

        // The checksum over the RDATA wire form: flags (2 octets), protocol, algorithm, public key.
        Span<byte> header = [(byte)(data.Flags >> 8), (byte)data.Flags, data.Protocol, data.Algorithm];
        uint accumulator = 0;
        int index = 0;
        foreach (var octet in header)
        {
            accumulator += (index++ & 1) == 0 ? (uint)octet << 8 : octet;
        }

        foreach (var octet in key)
        {
            accumulator += (index++ & 1) == 0 ? (uint)octet << 8 : octet;
        }

        accumulator += (accumulator >> 16) & 0xFFFF;
        return (ushort)(accumulator & 0xFFFF);
    }

    /// <summary>The key size in bits (see <see cref="KeySize"/>), or null.</summary>
    public static int? GetKeySize(byte algorithm, ReadOnlySpan<byte> publicKey)
    {
        if (DnssecAlgorithm.IsRsa(algorithm))
        {
            // RFC 3110 §2: one exponent-length octet, or a zero octet and a two-octet length; then exponent, then modulus.
            if (publicKey.Length < 1)
            {
                return null;
            }

            int exponentLength = publicKey[0];
            int offset = 1;
            if (exponentLength == 0)
            {
                if (publicKey.Length < 3)
                {
                    return null;
                }

                exponentLength = (publicKey[1] << 8) | publicKey[2];
                offset = 3;
            }

            var modulus = publicKey[Math.Min(publicKey.Length, offset + exponentLength)..];
            int start = 0;
            while (start < modulus.Length && modulus[start] == 0)
            {
                start++;
            }

            if (start == modulus.Length || offset + exponentLength >= publicKey.Length)
            {
                return null;
            }

            return ((modulus.Length - start - 1) * 8) + (32 - System.Numerics.BitOperations.LeadingZeroCount((uint)modulus[start]));
        }

        return algorithm switch
        {
            3 or 6 when publicKey.Length > 0 && publicKey[0] <= 8 => 512 + (64 * publicKey[0]),
            12 when publicKey.Length == 64 => 256,
            13 when publicKey.Length == 64 => 256,
            14 when publicKey.Length == 96 => 384,
            15 when publicKey.Length == 32 => 256,
            16 when publicKey.Length == 57 => 456,
            _ => null,
        };
    }

    /// <summary>
    /// The DS digest of this key for owner <paramref name="owner"/> (RFC 4034 §5.1.4: digest over the canonical owner name
    /// and the DNSKEY RDATA), for digest types 1 (SHA-1), 2 (SHA-256, RFC 4509) and 4 (SHA-384, RFC 6605); null for others.
    /// </summary>
    public byte[]? ComputeDsDigest(DomainName owner, byte digestType)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var buffer = new List<byte>(owner.WireLength + 4 + Data.PublicKey.Length);
        foreach (var label in owner.Labels)
        {
            buffer.Add((byte)label.Length);
            foreach (char octet in label)
            {
                buffer.Add((byte)(octet is >= 'A' and <= 'Z' ? octet + 32 : octet));
            }
        }

        buffer.Add(0);
        buffer.AddRange([(byte)(Data.Flags >> 8), (byte)Data.Flags, Data.Protocol, Data.Algorithm]);
        buffer.AddRange(Data.PublicKey);
        var bytes = buffer.ToArray();
        return digestType switch
        {
#pragma warning disable CA5350 // DS digest type 1 is SHA-1 by definition (RFC 4034 §5.1.4); computing it only matches published DS records.
            1 => SHA1.HashData(bytes),
#pragma warning restore CA5350
            2 => SHA256.HashData(bytes),
            4 => SHA384.HashData(bytes),
            _ => null,
        };
    }

    /// <summary>Whether DS record data <paramref name="ds"/> at <paramref name="owner"/> refers to this key: key tag, algorithm, and (for digest types this can compute) the digest.</summary>
    public bool MatchesDs(DomainName owner, DelegationSignerRecordData ds)
    {
        ArgumentNullException.ThrowIfNull(ds);
        if (ds.KeyTag != KeyTag || ds.Algorithm != Algorithm)
        {
            return false;
        }

        var digest = ComputeDsDigest(owner, ds.DigestType);
        return digest is null || ds.Digest.AsSpan().SequenceEqual(digest);
    }
}
