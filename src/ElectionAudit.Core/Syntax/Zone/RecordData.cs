using System.Buffers.Binary;
using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>
/// The data of a resource record, parsed. <see cref="object.ToString"/> gives the canonical presentation form
/// (names lower-case and absolute, numbers in decimal, binary fields as unbroken upper-case hex or base64),
/// close to what <c>named-checkzone -D</c> prints.
/// </summary>
public abstract class RecordData
{
    private protected static string Quote(string octets)
    {
        var builder = new StringBuilder(octets.Length + 2).Append('"');
        foreach (char octet in octets)
        {
            DomainName.AppendPresentationOctet(builder, octet, inName: false);
        }

        return builder.Append('"').ToString();
    }

    private protected static string Hex(ImmutableArray<byte> bytes) => Convert.ToHexString(bytes.AsSpan());

    private protected static string FormatTypes(ImmutableArray<DnsRecordType> types) => string.Join(' ', types.Select(type => type.Mnemonic));
}

/// <summary>A or AAAA: one address.</summary>
/// <remarks>
/// The address is kept as its bytes, not as an <see cref="IPAddress"/>: a zone holds tens of thousands of address records,
/// and an <see cref="IPAddress"/> each (two objects for IPv6) was a fifth of a large scan's live zone objects, which the
/// collector walks at every collection. <see cref="Address"/> makes an <see cref="IPAddress"/> at each read.
/// </remarks>
public sealed class AddressRecordData : RecordData
{
    // The address in network byte order: an IPv4 address in the low four bytes of _low, an IPv6 address across both.
    private readonly ulong _high;
    private readonly ulong _low;

    /// <summary>Creates the data of an A record (IPv4 address) or AAAA record (IPv6 address, without a scope).</summary>
    public AddressRecordData(IPAddress address)
        : this(Bytes(address))
    {
    }

    internal AddressRecordData(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length == 4)
        {
            _low = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        }
        else if (bytes.Length == 16)
        {
            _high = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            _low = BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
            AddressFamily = AddressFamily.InterNetworkV6;
        }
        else
        {
            throw new ArgumentException("An address is 4 or 16 bytes long.", nameof(bytes));
        }
    }

    /// <summary><see cref="AddressFamily.InterNetwork"/> for an IPv4 address, <see cref="AddressFamily.InterNetworkV6"/> for IPv6.</summary>
    public AddressFamily AddressFamily { get; } = AddressFamily.InterNetwork;

    /// <summary>The address: a new <see cref="IPAddress"/> at each read (compare with <see cref="IPAddress.Equals(object)"/>).</summary>
    public IPAddress Address
    {
        get
        {
            Span<byte> bytes = stackalloc byte[16];
            return new IPAddress(WriteBytes(bytes));
        }
    }

    /// <inheritdoc />
    public override string ToString() => Address.ToString();

    private ReadOnlySpan<byte> WriteBytes(Span<byte> destination)
    {
        if (AddressFamily == AddressFamily.InterNetwork)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
            return destination[..4];
        }

        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        return destination[..16];
    }

    private static ReadOnlySpan<byte> Bytes(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily is not (AddressFamily.InterNetwork or AddressFamily.InterNetworkV6) || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0))
        {
            throw new ArgumentException($"'{address}' is not an IPv4 address or an IPv6 address without a scope.", nameof(address));
        }

        return address.GetAddressBytes();
    }
}

/// <summary>NS, CNAME, DNAME or PTR: one name.</summary>
public sealed class NameRecordData(DomainName target) : RecordData
{
    /// <summary>The name the record points to.</summary>
    public DomainName Target { get; } = target;

    /// <inheritdoc />
    public override string ToString() => Target.ToString();
}

/// <summary>SOA (RFC 1035 §3.3.13).</summary>
public sealed class SoaRecordData(DomainName primaryNameServer, DomainName responsibleMailbox, uint serial, uint refresh, uint retry, uint expire, uint minimum) : RecordData
{
    /// <summary>MNAME: the primary name server.</summary>
    public DomainName PrimaryNameServer { get; } = primaryNameServer;

    /// <summary>RNAME: the mailbox of the person responsible, as a name.</summary>
    public DomainName ResponsibleMailbox { get; } = responsibleMailbox;

    /// <summary>The serial number.</summary>
    public uint Serial { get; } = serial;

    /// <summary>Refresh interval, seconds.</summary>
    public uint Refresh { get; } = refresh;

    /// <summary>Retry interval, seconds.</summary>
    public uint Retry { get; } = retry;

    /// <summary>Expire limit, seconds.</summary>
    public uint Expire { get; } = expire;

    /// <summary>Minimum field: the negative-caching TTL (RFC 2308 §4).</summary>
    public uint Minimum { get; } = minimum;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{PrimaryNameServer} {ResponsibleMailbox} {Serial} {Refresh} {Retry} {Expire} {Minimum}");
}

/// <summary>MX (RFC 1035 §3.3.9).</summary>
public sealed class MxRecordData(ushort preference, DomainName exchange) : RecordData
{
    /// <summary>Preference: lower is preferred.</summary>
    public ushort Preference { get; } = preference;

    /// <summary>The mail exchanger.</summary>
    public DomainName Exchange { get; } = exchange;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Preference} {Exchange}");
}

/// <summary>TXT or SPF: one or more character strings. Each character of a string is one octet (0–255).</summary>
public sealed class TextRecordData(ImmutableArray<string> strings) : RecordData
{
    /// <summary>The character strings, in order, as octet strings.</summary>
    public ImmutableArray<string> Strings { get; } = strings;

    /// <summary>The strings joined without separator, as SPF (RFC 7208 §3.3) and DMARC read them.</summary>
    public string JoinedText => string.Concat(Strings);

    /// <inheritdoc />
    public override string ToString() => string.Join(' ', Strings.Select(Quote));
}

/// <summary>SRV (RFC 2782).</summary>
public sealed class SrvRecordData(ushort priority, ushort weight, ushort port, DomainName target) : RecordData
{
    /// <summary>Priority.</summary>
    public ushort Priority { get; } = priority;

    /// <summary>Weight.</summary>
    public ushort Weight { get; } = weight;

    /// <summary>Port.</summary>
    public ushort Port { get; } = port;

    /// <summary>Target host.</summary>
    public DomainName Target { get; } = target;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Priority} {Weight} {Port} {Target}");
}

/// <summary>NAPTR (RFC 3403 §4.1).</summary>
public sealed class NaptrRecordData(ushort order, ushort preference, string flags, string services, string regularExpression, DomainName replacement) : RecordData
{
    /// <summary>Order.</summary>
    public ushort Order { get; } = order;

    /// <summary>Preference.</summary>
    public ushort Preference { get; } = preference;

    /// <summary>Flags string.</summary>
    public string Flags { get; } = flags;

    /// <summary>Services string.</summary>
    public string Services { get; } = services;

    /// <summary>Substitution expression.</summary>
    public string RegularExpression { get; } = regularExpression;

    /// <summary>Replacement name.</summary>
    public DomainName Replacement { get; } = replacement;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Order} {Preference} {Quote(Flags)} {Quote(Services)} {Quote(RegularExpression)} {Replacement}");
}

/// <summary>CAA (RFC 8659 §4.1).</summary>
public sealed class CaaRecordData(byte flags, string tag, string value) : RecordData
{
    /// <summary>Flags; 128 is the issuer-critical flag.</summary>
    public byte Flags { get; } = flags;

    /// <summary>Property tag as written (for example <c>issue</c>, <c>issuewild</c>, <c>iodef</c>).</summary>
    public string Tag { get; } = tag;

    /// <summary>Property value, as an octet string.</summary>
    public string Value { get; } = value;

    /// <summary>Whether the issuer-critical flag is set.</summary>
    public bool IsCritical => (Flags & 0x80) != 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Flags} {Tag} {Quote(Value)}");
}

/// <summary>TLSA (RFC 6698 §2) or SMIMEA (RFC 8162).</summary>
public sealed class TlsaRecordData(byte usage, byte selector, byte matchingType, ImmutableArray<byte> associationData) : RecordData
{
    /// <summary>Certificate usage.</summary>
    public byte Usage { get; } = usage;

    /// <summary>Selector.</summary>
    public byte Selector { get; } = selector;

    /// <summary>Matching type.</summary>
    public byte MatchingType { get; } = matchingType;

    /// <summary>Certificate association data.</summary>
    public ImmutableArray<byte> AssociationData { get; } = associationData;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Usage} {Selector} {MatchingType} {Hex(AssociationData)}");
}

/// <summary>SSHFP (RFC 4255).</summary>
public sealed class SshfpRecordData(byte algorithm, byte fingerprintType, ImmutableArray<byte> fingerprint) : RecordData
{
    /// <summary>Key algorithm.</summary>
    public byte Algorithm { get; } = algorithm;

    /// <summary>Fingerprint type.</summary>
    public byte FingerprintType { get; } = fingerprintType;

    /// <summary>The fingerprint.</summary>
    public ImmutableArray<byte> Fingerprint { get; } = fingerprint;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Algorithm} {FingerprintType} {Hex(Fingerprint)}");
}

/// <summary>ZONEMD, the message digest over a whole zone (RFC 8976 §2).</summary>
public sealed class ZoneDigestRecordData(uint serial, byte scheme, byte hashAlgorithm, ImmutableArray<byte> digest) : RecordData
{
    /// <summary>The SOA serial of the zone version the digest covers.</summary>
    public uint Serial { get; } = serial;

    /// <summary>Scheme (1: SIMPLE).</summary>
    public byte Scheme { get; } = scheme;

    /// <summary>Hash algorithm (1: SHA-384, 2: SHA-512).</summary>
    public byte HashAlgorithm { get; } = hashAlgorithm;

    /// <summary>The digest.</summary>
    public ImmutableArray<byte> Digest { get; } = digest;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Serial} {Scheme} {HashAlgorithm} {Hex(Digest)}");
}

/// <summary>DS or CDS (RFC 4034 §5, RFC 7344).</summary>
public sealed class DelegationSignerRecordData(ushort keyTag, byte algorithm, byte digestType, ImmutableArray<byte> digest) : RecordData
{
    /// <summary>Key tag of the referenced DNSKEY.</summary>
    public ushort KeyTag { get; } = keyTag;

    /// <summary>DNSSEC algorithm number.</summary>
    public byte Algorithm { get; } = algorithm;

    /// <summary>Digest type number.</summary>
    public byte DigestType { get; } = digestType;

    /// <summary>The digest.</summary>
    public ImmutableArray<byte> Digest { get; } = digest;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{KeyTag} {Algorithm} {DigestType} {Hex(Digest)}");
}

/// <summary>DNSKEY or CDNSKEY (RFC 4034 §2).</summary>
public sealed class DnsKeyRecordData(ushort flags, byte protocol, byte algorithm, ImmutableArray<byte> publicKey) : RecordData
{
    /// <summary>Flags (256 zone key, 257 zone key with the secure entry point bit).</summary>
    public ushort Flags { get; } = flags;

    /// <summary>Protocol (always 3).</summary>
    public byte Protocol { get; } = protocol;

    /// <summary>DNSSEC algorithm number.</summary>
    public byte Algorithm { get; } = algorithm;

    /// <summary>The public key, decoded from base64.</summary>
    public ImmutableArray<byte> PublicKey { get; } = publicKey;

    /// <summary>Whether the secure entry point flag (a key-signing key by convention) is set.</summary>
    public bool IsSecureEntryPoint => (Flags & 1) != 0;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Flags} {Protocol} {Algorithm} {Convert.ToBase64String(PublicKey.AsSpan())}");
}

/// <summary>RRSIG (RFC 4034 §3).</summary>
/// <remarks>
/// A record read from a file keeps where its signature is written, not its bytes, and <see cref="Signature"/> decodes it
/// again at each read: the signatures of a signed zone were the largest part of its record data held to the end of a
/// scan (256 bytes a record for a 2048-bit RSA key), and no rule reads them.
/// </remarks>
public sealed class RrsigRecordData : RecordData
{
    private readonly ImmutableArray<byte> _signature;
    private readonly SourceText? _file;
    private readonly TextSpan _signatureSpan;

    /// <summary>Creates the data of an RRSIG record.</summary>
    public RrsigRecordData(DnsRecordType typeCovered, byte algorithm, byte labels, uint originalTtl, DateTimeOffset expiration, DateTimeOffset inception, ushort keyTag, DomainName signerName, ImmutableArray<byte> signature)
    {
        TypeCovered = typeCovered;
        Algorithm = algorithm;
        Labels = labels;
        OriginalTtl = originalTtl;
        Expiration = expiration;
        Inception = inception;
        KeyTag = keyTag;
        SignerName = signerName;
        _signature = signature;
    }

    /// <summary>The data of an RRSIG record whose signature, checked as base64, is written in <paramref name="signatureSpan"/> of <paramref name="file"/>.</summary>
    internal RrsigRecordData(DnsRecordType typeCovered, byte algorithm, byte labels, uint originalTtl, DateTimeOffset expiration, DateTimeOffset inception, ushort keyTag, DomainName signerName, SourceText file, TextSpan signatureSpan)
        : this(typeCovered, algorithm, labels, originalTtl, expiration, inception, keyTag, signerName, default(ImmutableArray<byte>))
    {
        _file = file;
        _signatureSpan = signatureSpan;
    }

    /// <summary>The type of the signed RRset.</summary>
    public DnsRecordType TypeCovered { get; }

    /// <summary>DNSSEC algorithm number.</summary>
    public byte Algorithm { get; }

    /// <summary>Label count of the signed owner.</summary>
    public byte Labels { get; }

    /// <summary>Original TTL.</summary>
    public uint OriginalTtl { get; }

    /// <summary>Signature expiration, UTC.</summary>
    public DateTimeOffset Expiration { get; }

    /// <summary>Signature inception, UTC.</summary>
    public DateTimeOffset Inception { get; }

    /// <summary>Key tag of the signing key.</summary>
    public ushort KeyTag { get; }

    /// <summary>Signer's name.</summary>
    public DomainName SignerName { get; }

    /// <summary>The signature.</summary>
    public ImmutableArray<byte> Signature => _file is null ? _signature : RdataReader.DecodeBase64(_file, _signatureSpan);

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{TypeCovered} {Algorithm} {Labels} {OriginalTtl} {Expiration:yyyyMMddHHmmss} {Inception:yyyyMMddHHmmss} {KeyTag} {SignerName} {Convert.ToBase64String(Signature.AsSpan())}");
}

/// <summary>NSEC (RFC 4034 §4).</summary>
public sealed class NsecRecordData(DomainName nextDomainName, ImmutableArray<DnsRecordType> types) : RecordData
{
    /// <summary>The next owner name in canonical order.</summary>
    public DomainName NextDomainName { get; } = nextDomainName;

    /// <summary>Types present at the owner, in ascending order.</summary>
    public ImmutableArray<DnsRecordType> Types { get; } = types;

    /// <inheritdoc />
    public override string ToString() => Types.IsEmpty ? NextDomainName.ToString() : $"{NextDomainName} {FormatTypes(Types)}";
}

/// <summary>NSEC3 (RFC 5155 §3).</summary>
public sealed class Nsec3RecordData(byte hashAlgorithm, byte flags, ushort iterations, ImmutableArray<byte> salt, ImmutableArray<byte> nextHashedOwnerName, ImmutableArray<DnsRecordType> types) : RecordData
{
    /// <summary>Hash algorithm (1 = SHA-1).</summary>
    public byte HashAlgorithm { get; } = hashAlgorithm;

    /// <summary>Flags (1 = opt-out).</summary>
    public byte Flags { get; } = flags;

    /// <summary>Additional hash iterations.</summary>
    public ushort Iterations { get; } = iterations;

    /// <summary>Salt; empty when written as <c>-</c>.</summary>
    public ImmutableArray<byte> Salt { get; } = salt;

    /// <summary>The next hashed owner name, decoded from base32hex.</summary>
    public ImmutableArray<byte> NextHashedOwnerName { get; } = nextHashedOwnerName;

    /// <summary>Types present at the original owner, in ascending order.</summary>
    public ImmutableArray<DnsRecordType> Types { get; } = types;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"{HashAlgorithm} {Flags} {Iterations} {(Salt.IsEmpty ? "-" : Hex(Salt))} {Base32Hex.Encode(NextHashedOwnerName.AsSpan())}");
        return Types.IsEmpty ? text : text + " " + FormatTypes(Types);
    }
}

/// <summary>NSEC3PARAM (RFC 5155 §4).</summary>
public sealed class Nsec3ParamRecordData(byte hashAlgorithm, byte flags, ushort iterations, ImmutableArray<byte> salt) : RecordData
{
    /// <summary>Hash algorithm (1 = SHA-1).</summary>
    public byte HashAlgorithm { get; } = hashAlgorithm;

    /// <summary>Flags.</summary>
    public byte Flags { get; } = flags;

    /// <summary>Additional hash iterations (RFC 9276 recommends 0).</summary>
    public ushort Iterations { get; } = iterations;

    /// <summary>Salt; empty when written as <c>-</c> (RFC 9276 recommends empty).</summary>
    public ImmutableArray<byte> Salt { get; } = salt;

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{HashAlgorithm} {Flags} {Iterations} {(Salt.IsEmpty ? "-" : Hex(Salt))}");
}

/// <summary>One SvcParam of an SVCB or HTTPS record (RFC 9460 §2.1).</summary>
/// <param name="Key">The key name as registered (<c>alpn</c>, <c>port</c>, …) or <c>keyNNNNN</c>, lower-case.</param>
/// <param name="KeyCode">The numeric key.</param>
/// <param name="Value">The value with quotes and escapes removed (octet string); null when the key has no value.</param>
/// <param name="Span">Where the parameter is written.</param>
public sealed record ServiceParameter(string Key, ushort KeyCode, string? Value, TextSpan Span)
{
    /// <inheritdoc />
    public override string ToString() => Value is null ? Key : Key + "=" + QuoteValue(Value);

    /// <summary>RFC 9460 Appendix A: the value is a character string, quoted only when it holds a blank or a special character.</summary>
    private static string QuoteValue(string value)
    {
        bool quote = value.Length == 0 || value.Any(c => c is ' ' or ';' or '(' or ')' or '"');
        var builder = new StringBuilder(value.Length + 2);
        if (quote)
        {
            builder.Append('"');
        }

        foreach (char octet in value)
        {
            DomainName.AppendPresentationOctet(builder, octet, inName: false);
        }

        return quote ? builder.Append('"').ToString() : builder.ToString();
    }
}

/// <summary>SVCB or HTTPS (RFC 9460).</summary>
public sealed class ServiceBindingRecordData(ushort priority, DomainName target, ImmutableArray<ServiceParameter> parameters) : RecordData
{
    /// <summary>SvcPriority: 0 is alias mode.</summary>
    public ushort Priority { get; } = priority;

    /// <summary>TargetName.</summary>
    public DomainName Target { get; } = target;

    /// <summary>The SvcParams, sorted by key as the wire form holds them.</summary>
    public ImmutableArray<ServiceParameter> Parameters { get; } = parameters;

    /// <summary>Whether this is an alias-mode record (priority 0).</summary>
    public bool IsAliasMode => Priority == 0;

    /// <inheritdoc />
    public override string ToString()
    {
        var text = Priority.ToString(CultureInfo.InvariantCulture) + " " + Target;
        return Parameters.IsEmpty ? text : text + " " + string.Join(' ', Parameters);
    }
}

/// <summary>Record data written in the RFC 3597 §5 generic form <c>\# length hex</c>.</summary>
public sealed class GenericRecordData(ImmutableArray<byte> data) : RecordData
{
    /// <summary>The record data in wire form.</summary>
    public ImmutableArray<byte> Data { get; } = data;

    /// <inheritdoc />
    public override string ToString() => Data.IsEmpty ? "\\# 0" : string.Create(CultureInfo.InvariantCulture, $"\\# {Data.Length} {Hex(Data)}");
}

/// <summary>Record data of a type this parser does not interpret: kept as written.</summary>
public sealed class UnparsedRecordData(string text) : RecordData
{
    /// <summary>The record data text, with line breaks, comments and parentheses replaced by single spaces.</summary>
    public string Text { get; } = text;

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>Base32 with the extended hex alphabet, no padding (RFC 4648 §7), as NSEC3 uses it (RFC 5155 §3.3).</summary>
internal static class Base32Hex
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUV";

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var builder = new StringBuilder(((data.Length * 8) + 4) / 5);
        int buffer = 0;
        int bits = 0;
        foreach (byte value in data)
        {
            buffer = (buffer << 8) | value;
            bits += 8;
            while (bits >= 5)
            {
                builder.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            builder.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return builder.ToString();
    }

    public static bool TryDecode(ReadOnlySpan<char> text, out byte[] data)
    {
        data = [];
        var output = new List<byte>((text.Length * 5) / 8);
        int buffer = 0;
        int bits = 0;
        foreach (char c in text)
        {
            int value = Alphabet.IndexOf(char.ToUpperInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return false;
            }

            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                output.Add((byte)(buffer >> (bits - 8)));
                bits -= 8;
            }
        }

        // Leftover bits must be zero padding, and at most 4 of them (a whole unused character is not allowed).
        if (bits >= 5 || (buffer & ((1 << bits) - 1)) != 0)
        {
            return false;
        }

        data = [.. output];
        return true;
    }
}
