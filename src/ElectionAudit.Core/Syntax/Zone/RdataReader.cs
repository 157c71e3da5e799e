using System.Collections.Immutable;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>Thrown inside the record-data reader; the parser turns it into an EA0002 at <see cref="Span"/>.</summary>
internal sealed class RdataFormatException(TextSpan span, string message) : Exception(message)
{
    public TextSpan Span { get; } = span;
}

/// <summary>
/// Reads the record data of one record from its tokens, following each type's presentation format in its RFC.
/// When <c>spanOverride</c> is set (records produced by <c>$GENERATE</c>), every error points there.
/// </summary>
/// <remarks>
/// A struct: the parser makes one per record and uses it for one call (as a class it was 8% of the bytes a large zone's
/// parse allocated). A ref struct, over the characters the parser has in hand (its window of the file, or a generated
/// record's text): <c>textBase</c> is the offset of their first character, as the tokens count offsets.
/// </remarks>
internal ref struct RdataReader
{
    private readonly ReadOnlySpan<char> _text;
    private readonly int _base;
    private readonly IReadOnlyList<ZoneToken> _tokens;
    private readonly int _first;
    private readonly DomainName _origin;
    private readonly TextSpan _endSpan;
    private readonly TextSpan? _spanOverride;
    private readonly DomainNameCache? _names;
    private readonly SourceText? _file;
    private int _index;

    public RdataReader(ReadOnlySpan<char> text, int textBase, IReadOnlyList<ZoneToken> tokens, int first, DomainName origin, TextSpan endSpan, TextSpan? spanOverride, DomainNameCache? names = null, SourceText? file = null)
    {
        _names = names;
        _file = file;
        _text = text;
        _base = textBase;
        _tokens = tokens;
        _first = first;
        _index = first;
        _origin = origin;
        _endSpan = endSpan;
        _spanOverride = spanOverride;
    }

    private bool AtEnd => _index >= _tokens.Count;

    public RecordData Read(DnsRecordType type)
    {
        // Compared in place: a string of every record's first data token was a third of the reader's allocations.
        if (!AtEnd && _tokens[_index].Kind == ZoneTokenKind.Word && RawSpan(_tokens[_index]) is "\\#")
        {
            return ReadGeneric();
        }

        // RFC 973 retired MD and MF in favour of MX; BIND refuses to load them ("type 'MD': obsolete").
        if (type.Value is 3 or 4)
        {
            throw AtEnd
                ? new RdataFormatException(_spanOverride ?? _endSpan, $"type {type} is obsolete (RFC 973); use MX")
                : Error(_tokens[_index], $"type {type} is obsolete (RFC 973); use MX");
        }

        RecordData data = type.Value switch
        {
            1 => ReadIPv4(),
            28 => ReadIPv6(),
            2 or 5 or 12 or 39 => new NameRecordData(ReadName("target name")),
            6 => new SoaRecordData(ReadName("primary name server"), ReadName("responsible mailbox"), ReadNumber("serial", uint.MaxValue),
                ReadTtlLike("refresh"), ReadTtlLike("retry"), ReadTtlLike("expire"), ReadTtlLike("minimum")),
            15 => new MxRecordData(ReadUInt16("preference"), ReadName("mail exchanger")),
            16 or 99 => ReadText(),
            33 => new SrvRecordData(ReadUInt16("priority"), ReadUInt16("weight"), ReadUInt16("port"), ReadName("target")),
            35 => new NaptrRecordData(ReadUInt16("order"), ReadUInt16("preference"), ReadCharacterString("flags"), ReadCharacterString("services"),
                ReadCharacterString("regular expression"), ReadName("replacement")),
            257 => ReadCaa(),
            52 or 53 => new TlsaRecordData(ReadUInt8("certificate usage"), ReadUInt8("selector"), ReadUInt8("matching type"), ReadHexRest("certificate association data", allowEmpty: false)),
            44 => new SshfpRecordData(ReadUInt8("algorithm"), ReadUInt8("fingerprint type"), ReadHexRest("fingerprint", allowEmpty: false)),
            43 or 59 => new DelegationSignerRecordData(ReadUInt16("key tag"), ReadAlgorithm(), ReadUInt8("digest type"), ReadHexRest("digest", allowEmpty: false)),
            48 or 60 => new DnsKeyRecordData(ReadUInt16("flags"), ReadUInt8("protocol"), ReadAlgorithm(), ReadBase64Rest("public key")),
            46 => ReadRrsig(),
            47 => new NsecRecordData(ReadName("next domain name"), ReadTypeList()),
            50 => ReadNsec3(),
            51 => new Nsec3ParamRecordData(ReadUInt8("hash algorithm"), ReadUInt8("flags"), ReadUInt16("iterations"), ReadSalt()),
            64 or 65 => ReadServiceBinding(),
            63 => ReadZoneDigest(),
            _ => ReadUnparsed(type),
        };

        if (!AtEnd)
        {
            throw Error(_tokens[_index], $"unexpected '{Raw(_tokens[_index])}' after the {type} record data");
        }

        return data;
    }

    /// <summary>The record data text as written: tokens joined by single spaces (adjacent tokens stay joined).</summary>
    /// <param name="text">The characters the tokens are in.</param>
    /// <param name="textBase">The offset of <paramref name="text"/>'s first character.</param>
    /// <param name="tokens">The entry's tokens.</param>
    /// <param name="first">The first token of the record data.</param>
    public static string JoinTokens(ReadOnlySpan<char> text, int textBase, IReadOnlyList<ZoneToken> tokens, int first)
    {
        if (first >= tokens.Count)
        {
            return string.Empty;
        }

        if (first == tokens.Count - 1)
        {
            return new string(text[(tokens[first].Start - textBase)..(tokens[first].End - textBase)]);
        }

        var builder = new StringBuilder();
        for (int i = first; i < tokens.Count; i++)
        {
            if (i > first && tokens[i].Start != tokens[i - 1].End)
            {
                builder.Append(' ');
            }

            builder.Append(text.Slice(tokens[i].Start - textBase, tokens[i].End - tokens[i].Start));
        }

        return builder.ToString();
    }

    /// <summary>Decodes a token's value: quotes removed, escapes resolved, non-ASCII as UTF-8 octets.</summary>
    public static bool TryDecode(ReadOnlySpan<char> value, out string octets, out string? error)
    {
        error = null;
        if (value.IndexOfAny('\\', (char)0x80) < 0 && value.IndexOfAnyInRange((char)0x80, char.MaxValue) < 0)
        {
            // Pooled: the zones of a repository repeat their TXT and CAA texts (one SPF policy, one CA) in every file.
            octets = StringPool.Token(value);
            return true;
        }

        var builder = new StringBuilder(value.Length);
        Span<byte> utf8 = stackalloc byte[4];
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            if (c == '\\')
            {
                if (!DomainName.TryReadEscape(value, ref i, out int octet, out error))
                {
                    octets = string.Empty;
                    return false;
                }

                builder.Append((char)octet);
            }
            else if (c < 0x80)
            {
                builder.Append(c);
            }
            else
            {
                int count = DomainName.EncodeUtf8(value, ref i, utf8);
                for (int k = 0; k < count; k++)
                {
                    builder.Append((char)utf8[k]);
                }
            }
        }

        octets = builder.ToString();
        return true;
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>
    /// The raw text of the tokens from <c>first</c> to the last, concatenated without separators (base64 and hex data may
    /// be split over several tokens), in a pooled buffer rather than a new string per record.
    /// </summary>
    private readonly ref struct CharBuffer
    {
        private readonly char[] _array;
        private readonly int _length;

        public CharBuffer(ReadOnlySpan<char> text, int textBase, IReadOnlyList<ZoneToken> tokens, int first)
        {
            int length = 0;
            for (int i = first; i < tokens.Count; i++)
            {
                length += RawSpan(text, textBase, tokens[i]).Length;
            }

            _array = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(length, 1));
            for (int i = first; i < tokens.Count; i++)
            {
                var raw = RawSpan(text, textBase, tokens[i]);
                raw.CopyTo(_array.AsSpan(_length));
                _length += raw.Length;
            }
        }

        public ReadOnlySpan<char> Chars => _array.AsSpan(0, _length);

        public void Dispose() => System.Buffers.ArrayPool<char>.Shared.Return(_array);
    }

    private static ReadOnlySpan<char> RawSpan(ReadOnlySpan<char> text, int textBase, ZoneToken token) => token.Kind == ZoneTokenKind.QuotedString
        ? text[(token.Start + 1 - textBase)..(Math.Max(token.Start + 1, token.End - 1) - textBase)]
        : text[(token.Start - textBase)..(token.End - textBase)];

    private readonly ReadOnlySpan<char> RawSpan(ZoneToken token) => RawSpan(_text, _base, token);

    private readonly string Raw(ZoneToken token) => new(RawSpan(token));

    private RdataFormatException Error(ZoneToken token, string message) => new(_spanOverride ?? token.Span, message);

    private ZoneToken Take(string what)
    {
        if (AtEnd)
        {
            throw new RdataFormatException(_spanOverride ?? _endSpan, $"missing {what}");
        }

        return _tokens[_index++];
    }

    private DomainName ReadName(string what)
    {
        var token = Take(what);
        var parsed = _names is null ? DomainName.TryParse(Raw(token), _origin, out var name, out var error) : _names.TryParse(RawSpan(token), _origin, out name, out error);
        if (!parsed)
        {
            throw Error(token, $"invalid {what} '{Raw(token)}': {error}");
        }

        return name!;
    }

    private uint ReadNumber(string what, uint max)
    {
        var token = Take(what);
        return ZoneNumbers.TryParseDecimal(RawSpan(token), max, out var value)
            ? (uint)value
            : throw Error(token, $"{what} '{Raw(token)}' is not a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}");
    }

    private ushort ReadUInt16(string what) => (ushort)ReadNumber(what, ushort.MaxValue);

    private byte ReadUInt8(string what) => (byte)ReadNumber(what, byte.MaxValue);

    private uint ReadTtlLike(string what)
    {
        var token = Take(what);
        return ZoneNumbers.TryParseTtl(RawSpan(token), out var value) ? value : throw Error(token, $"{what} '{Raw(token)}' is not a time value");
    }

    private byte ReadAlgorithm()
    {
        var token = Take("algorithm");
        if (ZoneNumbers.TryParseDecimal(RawSpan(token), byte.MaxValue, out var number))
        {
            return (byte)number;
        }

        // RFC 4034 Appendix A.1 mnemonics, which BIND also accepts in place of the number.
        var raw = Raw(token);
        return raw.ToUpperInvariant() switch
        {
            "RSAMD5" => 1,
            "DH" => 2,
            "DSA" => 3,
            "RSASHA1" => 5,
            "DSA-NSEC3-SHA1" or "NSEC3DSA" => 6,
            "RSASHA1-NSEC3-SHA1" or "NSEC3RSASHA1" => 7,
            "RSASHA256" => 8,
            "RSASHA512" => 10,
            "ECC-GOST" => 12,
            "ECDSAP256SHA256" => 13,
            "ECDSAP384SHA384" => 14,
            "ED25519" => 15,
            "ED448" => 16,
            "INDIRECT" => 252,
            "PRIVATEDNS" => 253,
            "PRIVATEOID" => 254,
            _ => throw Error(token, $"unknown DNSSEC algorithm '{raw}'"),
        };
    }

    private string ReadCharacterString(string what, int maxLength = 255)
    {
        var token = Take(what);
        if (!TryDecode(Raw(token), out var octets, out var error))
        {
            throw Error(token, $"invalid {what}: {error}");
        }

        return octets.Length > maxLength ? throw Error(token, $"{what} is longer than {maxLength} octets") : octets;
    }

    private AddressRecordData ReadIPv4()
    {
        var token = Take("IPv4 address");
        Span<byte> bytes = stackalloc byte[4];
        return TryParseIPv4(RawSpan(token), bytes) ? new AddressRecordData(bytes) : throw Error(token, $"'{Raw(token)}' is not an IPv4 address");
    }

    private AddressRecordData ReadIPv6()
    {
        var token = Take("IPv6 address");
        var raw = RawSpan(token);
        Span<byte> bytes = stackalloc byte[16];
        return TryParseIPv6(raw, bytes) ? new AddressRecordData(bytes) : throw Error(token, $"'{raw}' is not an IPv6 address");
    }

    /// <summary>Dotted-quad IPv4 as inet_pton(3) takes it: four decimal parts, no leading zeros; the four bytes go to <paramref name="bytes"/>.</summary>
    internal static bool TryParseIPv4(ReadOnlySpan<char> raw, Span<byte> bytes)
    {
        int part = 0;
        int value = -1;
        int digits = 0;
        foreach (char c in raw)
        {
            if (char.IsAsciiDigit(c))
            {
                if (digits > 0 && value == 0)
                {
                    return false;
                }

                value = (value < 0 ? 0 : value * 10) + (c - '0');
                digits++;
                if (value > 255)
                {
                    return false;
                }
            }
            else if (c == '.' && value >= 0 && part < 3)
            {
                bytes[part++] = (byte)value;
                value = -1;
                digits = 0;
            }
            else
            {
                return false;
            }
        }

        if (part != 3 || value < 0)
        {
            return false;
        }

        bytes[3] = (byte)value;
        return true;
    }

    /// <summary>An IPv6 address without a scope, prefix length or brackets; the sixteen bytes go to <paramref name="bytes"/>.</summary>
    internal static bool TryParseIPv6(ReadOnlySpan<char> raw, Span<byte> bytes) =>
        raw.Contains(':') && !raw.ContainsAny('%', '/', '[')
        && IPAddress.TryParse(raw, out var parsed) && parsed.AddressFamily == AddressFamily.InterNetworkV6
        && parsed.TryWriteBytes(bytes, out int written) && written == 16;

    private TextRecordData ReadText()
    {
        var strings = ImmutableArray.CreateBuilder<string>();
        do
        {
            strings.Add(ReadCharacterString("text string"));
        }
        while (!AtEnd);
        return new TextRecordData(strings.ToImmutable());
    }

    private CaaRecordData ReadCaa()
    {
        byte flags = ReadUInt8("flags");
        var tagToken = Take("tag");
        var tag = StringPool.Token(RawSpan(tagToken));

        // RFC 8659 §4.1: the tag is one or more ASCII letters and digits.
        if (tag.Length == 0 || tag.Length > 255 || !tag.All(char.IsAsciiLetterOrDigit))
        {
            throw Error(tagToken, $"CAA tag '{tag}' must be letters and digits only");
        }

        var value = ReadCharacterString("value", int.MaxValue);
        return new CaaRecordData(flags, tag, value);
    }

    private ImmutableArray<byte> ReadHexRest(string what, bool allowEmpty)
    {
        if (AtEnd)
        {
            return allowEmpty ? [] : throw new RdataFormatException(_spanOverride ?? _endSpan, $"missing {what}");
        }

        var first = _tokens[_index];
        using var buffer = new CharBuffer(_text, _base, _tokens, _index);
        _index = _tokens.Count;
        var hex = buffer.Chars;
        if (hex.Length % 2 != 0 || hex.ContainsAnyExcept(HexDigits))
        {
            throw Error(first, $"{what} is not an even number of hexadecimal digits");
        }

        // Decoded in a pooled buffer: the array the record keeps is the only one made.
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(Math.Max(hex.Length / 2, 1));
        try
        {
            Convert.FromHexString(hex, bytes, out _, out int written);
            return ImmutableArray.Create(bytes, 0, written);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>The base64 data in the tokens left, decoded; when <paramref name="keep"/> is false only checked, and the result is empty.</summary>
    private ImmutableArray<byte> ReadBase64Rest(string what, bool keep = true)
    {
        var first = Take(what);
        using var chars = new CharBuffer(_text, _base, _tokens, _index - 1);
        _index = _tokens.Count;

        // Decoded in a pooled buffer: the array the record keeps is the only one made.
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((chars.Chars.Length * 3 / 4) + 3);
        try
        {
            return Convert.TryFromBase64Chars(chars.Chars, buffer, out int written)
                ? keep ? ImmutableArray.Create(buffer, 0, written) : []
                : throw Error(first, $"{what} is not valid base64");
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The types of an NSEC or NSEC3 bitmap, ascending and without repeats, as the wire form holds them.</summary>
    private ImmutableArray<DnsRecordType> ReadTypeList()
    {
        // Sorted in a buffer on the stack (a type list is short): a sorted set, its nodes and a sequence over them were
        // made for every NSEC record of a signed zone.
        int count = _tokens.Count - _index;
        Span<ushort> values = count <= 128 ? stackalloc ushort[count] : new ushort[count];
        for (int i = 0; i < count; i++)
        {
            var token = _tokens[_index++];
            if (!DnsRecordType.TryParse(RawSpan(token), out var type))
            {
                throw Error(token, $"unknown record type '{Raw(token)}' in the type list");
            }

            values[i] = type.Value;
        }

        values.Sort();
        int distinct = 0;
        for (int i = 0; i < count; i++)
        {
            if (distinct == 0 || values[i] != values[distinct - 1])
            {
                values[distinct++] = values[i];
            }
        }

        var types = new DnsRecordType[distinct];
        for (int i = 0; i < distinct; i++)
        {
            types[i] = new DnsRecordType(values[i]);
        }

        return System.Runtime.InteropServices.ImmutableCollectionsMarshal.AsImmutableArray(types);
    }

    private ImmutableArray<byte> ReadSalt()
    {
        var token = Take("salt");
        var raw = Raw(token);
        if (raw == "-")
        {
            return [];
        }

        return raw.Length % 2 == 0 && raw.Length <= 510 && raw.All(char.IsAsciiHexDigit)
            ? [.. Convert.FromHexString(raw)]
            : throw Error(token, $"salt '{raw}' is not '-' or hexadecimal octets");
    }

    private Nsec3RecordData ReadNsec3()
    {
        byte algorithm = ReadUInt8("hash algorithm");
        byte flags = ReadUInt8("flags");
        ushort iterations = ReadUInt16("iterations");
        var salt = ReadSalt();
        var hashToken = Take("next hashed owner name");
        if (!Base32Hex.TryDecode(Raw(hashToken), out var hash) || hash.Length == 0)
        {
            throw Error(hashToken, $"next hashed owner name '{Raw(hashToken)}' is not unpadded base32hex");
        }

        // RFC 5155 §3.1.7: the next hashed owner name is the hash algorithm's output; SHA-1 (algorithm 1) gives 20
        // octets, and BIND refuses any other length for it ("out of range").
        if (algorithm == 1 && hash.Length != 20)
        {
            throw Error(hashToken, $"next hashed owner name '{Raw(hashToken)}' is {hash.Length} octets; a SHA-1 hash (algorithm 1) is 20");
        }

        return new Nsec3RecordData(algorithm, flags, iterations, salt, [.. hash], ReadTypeList());
    }

    private ZoneDigestRecordData ReadZoneDigest()
    {
        uint serial = ReadNumber("serial", uint.MaxValue);
        byte scheme = ReadUInt8("scheme");
        byte hashAlgorithm = ReadUInt8("hash algorithm");
        var digest = ReadHexRest("digest", allowEmpty: false);

        // Reported at the digest's last token: the length is only known there (BIND says "near eol" on that line).
        var last = _tokens[_index - 1];

        // RFC 8976 §2.2.4: SHA-384 (1) digests are 48 octets, SHA-512 (2) 64; no digest is shorter than 12 octets.
        int? required = hashAlgorithm switch { 1 => 48, 2 => 64, _ => null };
        if ((required is { } length && digest.Length != length) || digest.Length < 12)
        {
            var expected = required is { } exact ? $"{exact} octets for hash algorithm {hashAlgorithm}" : "at least 12 octets";
            throw Error(last, $"digest is {digest.Length} octets; RFC 8976 requires {expected}");
        }

        return new ZoneDigestRecordData(serial, scheme, hashAlgorithm, digest);
    }

    private RrsigRecordData ReadRrsig()
    {
        var typeToken = Take("type covered");
        if (!DnsRecordType.TryParse(RawSpan(typeToken), out var covered))
        {
            throw Error(typeToken, $"unknown record type '{Raw(typeToken)}'");
        }

        byte algorithm = ReadAlgorithm();
        byte labels = ReadUInt8("labels");
        uint originalTtl = ReadTtlLike("original TTL");
        var expiration = ReadTimestamp("signature expiration");
        var inception = ReadTimestamp("signature inception");
        ushort keyTag = ReadUInt16("key tag");
        var signer = ReadName("signer's name");
        if (_file is null)
        {
            return new RrsigRecordData(covered, algorithm, labels, originalTtl, expiration, inception, keyTag, signer, ReadBase64Rest("signature"));
        }

        // A record read from a file decodes its signature from there when asked (see RrsigRecordData); here it is checked.
        int start = _index;
        ReadBase64Rest("signature", keep: false);
        return new RrsigRecordData(covered, algorithm, labels, originalTtl, expiration, inception, keyTag, signer, _file,
            TextSpan.FromBounds(_tokens[start].Start, _tokens[^1].End));
    }

    /// <summary>
    /// The base64 data written in <paramref name="span"/> of <paramref name="file"/>, from the first token of a record's
    /// base64 field to its last, as <see cref="ReadBase64Rest"/> decoded it: the tokens there (outside comments and
    /// parentheses) joined.
    /// </summary>
    internal static ImmutableArray<byte> DecodeBase64(SourceText file, TextSpan span)
    {
        // Tokens are lexed again from the first one, which lies outside quotes, as the parser lexed them; a window as
        // long as the span holds them all, since it is kept from its start.
        using var text = new ZoneText(file, span.Length + 1, span.Start);
        var lexer = new ZoneLexer(text, [], [], span.Start);
        var tokens = new List<ZoneToken>();
        for (var token = lexer.Next(); token.Kind != ZoneTokenKind.EndOfFile && token.Start < span.End; token = lexer.Next())
        {
            if (token.IsValue)
            {
                tokens.Add(token);
            }
        }

        using var chars = new CharBuffer(text.Window, text.Base, tokens, 0);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((chars.Chars.Length * 3 / 4) + 3);
        try
        {
            return Convert.TryFromBase64Chars(chars.Chars, buffer, out int written) ? ImmutableArray.Create(buffer, 0, written) : [];
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// RFC 4034 §3.2: <c>YYYYMMDDHHmmSS</c> in UTC, or a number of seconds since 1970. The wire field holds 32 bits, so a
    /// date outside 1970–2106 wraps modulo 2^32 seconds as it does in BIND's dns_time32_fromtext.
    /// </summary>
    private DateTimeOffset ReadTimestamp(string what)
    {
        var token = Take(what);
        var raw = RawSpan(token);
        if (raw.Length == 14 && DateTimeOffset.TryParseExact(raw, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return DateTimeOffset.FromUnixTimeSeconds(unchecked((uint)date.ToUnixTimeSeconds()));
        }

        if (raw.Length <= 10 && ZoneNumbers.TryParseDecimal(raw, uint.MaxValue, out var seconds))
        {
            return DateTimeOffset.FromUnixTimeSeconds((long)seconds);
        }

        throw Error(token, $"{what} '{Raw(token)}' is neither YYYYMMDDHHmmSS nor a number of seconds");
    }

    private GenericRecordData ReadGeneric()
    {
        var marker = _tokens[_index++];
        var lengthToken = Take("length after \\#");
        if (!ZoneNumbers.TryParseDecimal(Raw(lengthToken), ushort.MaxValue, out var length))
        {
            throw Error(lengthToken, $"generic record data length '{Raw(lengthToken)}' is not a number from 0 to 65535");
        }

        var data = ReadHexRest("generic record data", allowEmpty: true);
        return data.Length != (int)length
            ? throw Error(marker, $"generic record data holds {data.Length} octets but its length says {length}")
            : new GenericRecordData(data);
    }

    /// <summary>Types kept as text still get the checks of their presentation format that BIND makes, so that a record BIND refuses is not taken silently.</summary>
    private UnparsedRecordData ReadUnparsed(DnsRecordType type)
    {
        int count = _tokens.Count - _index;
        var first = AtEnd ? default : _tokens[_index];
        bool valid = type.Value switch
        {
            10 or 42 => true, // NULL and APL may be empty.
            108 => count == 1 && IsEui(Raw(first), 6), // EUI48: six hex pairs joined by hyphens (RFC 7043 §3.2).
            109 => count == 1 && IsEui(Raw(first), 8), // EUI64: eight hex pairs (RFC 7043 §4.2).
            22 => count >= 1 && IsNsap(Raw(first)), // NSAP: "0x" and an even number of hex digits, dots allowed (RFC 1706 §5).
            _ => count >= 1,
        };
        // A type without a presentation format of its own (no mnemonic, or UNSPEC, whose text form BIND never
        // accepted) can only be written in RFC 3597's generic form; named-checkzone 9.18 refuses anything else.
        if (count >= 1 && (!type.IsKnown || type.Value == 103))
        {
            throw Error(first, $"record type {type} has no text format; write its data in the RFC 3597 generic form (\\# length hex)");
        }

        if (!valid)
        {
            throw count == 0 ? new RdataFormatException(_spanOverride ?? _endSpan, $"missing {type} record data") : Error(first, $"invalid {type} record data");
        }

        return new UnparsedRecordData(JoinRest());
    }

    private static bool IsEui(string text, int octets) =>
        text.Length == (octets * 3) - 1 && Enumerable.Range(0, text.Length).All(i => i % 3 == 2 ? text[i] == '-' : char.IsAsciiHexDigit(text[i]));

    private static bool IsNsap(string text)
    {
        if (!text.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var digits = text[2..].Replace(".", string.Empty, StringComparison.Ordinal);
        return digits.Length > 0 && digits.Length % 2 == 0 && digits.All(char.IsAsciiHexDigit);
    }

    private string JoinRest()
    {
        var text = JoinTokens(_text, _base, _tokens, _index);
        _index = _tokens.Count;
        return text;
    }

    private ServiceBindingRecordData ReadServiceBinding()
    {
        ushort priority = ReadUInt16("priority");
        var target = ReadName("target name");
        var parameters = new List<ServiceParameter>();
        var firstTokenOfKey = new Dictionary<ushort, ZoneToken>();
        while (!AtEnd)
        {
            var token = _tokens[_index++];
            var raw = Raw(token);
            int equals = raw.IndexOf('=', StringComparison.Ordinal);
            string keyText = equals < 0 ? raw : raw[..equals];
            string? valueText = equals < 0 ? null : raw[(equals + 1)..];
            int end = token.End;

            // key="value": the lexer splits at the quote, so a quoted string right after "key=" is its value.
            if (equals == raw.Length - 1 && !AtEnd && _tokens[_index].Kind == ZoneTokenKind.QuotedString && _tokens[_index].Start == token.End)
            {
                valueText = Raw(_tokens[_index]);
                end = _tokens[_index++].End;
            }

            if (!TryParseServiceKey(keyText, out var code, out var keyName))
            {
                throw Error(token, $"unknown SvcParam key '{keyText}'");
            }

            if (!firstTokenOfKey.TryAdd(code, token))
            {
                throw Error(token, $"SvcParam key '{keyName}' appears more than once");
            }

            string? value = null;
            if (valueText is not null)
            {
                if (!TryDecode(valueText, out var decoded, out var error))
                {
                    throw Error(token, $"invalid value for '{keyName}': {error}");
                }

                value = decoded;
            }

            ValidateServiceParameter(token, keyName, value);
            parameters.Add(new ServiceParameter(keyName, code, value, TextSpan.FromBounds(token.Start, end)));
        }

        // RFC 9460 §8: every key listed in mandatory must be present, and mandatory must not list itself.
        int mandatoryIndex = parameters.FindIndex(parameter => parameter.KeyCode == 0);
        if (mandatoryIndex >= 0 && parameters[mandatoryIndex].Value is { } list)
        {
            var keys = new SortedDictionary<ushort, string>();
            foreach (var item in list.Split(','))
            {
                if (!TryParseServiceKey(item, out var code, out var keyName) || code == 0 || !firstTokenOfKey.ContainsKey(code) || !keys.TryAdd(code, keyName))
                {
                    throw Error(firstTokenOfKey[0], $"mandatory lists '{item}', which is not another key of this record or appears twice");
                }
            }

            // The wire form holds the keys in ascending order (§7.1), so that is the canonical presentation.
            parameters[mandatoryIndex] = parameters[mandatoryIndex] with { Value = string.Join(',', keys.Values) };
        }

        return new ServiceBindingRecordData(priority, target, [.. parameters.OrderBy(parameter => parameter.KeyCode)]);
    }

    private static readonly string[] ServiceKeyNames = ["mandatory", "alpn", "no-default-alpn", "port", "ipv4hint", "ech", "ipv6hint", "dohpath", "ohttp", "tls-supported-groups"];

    /// <summary>RFC 9460 §14.3.2 registered keys, plus the generic <c>keyNNNNN</c> form (§2.1).</summary>
    private static bool TryParseServiceKey(string text, out ushort code, out string name)
    {
        int index = Array.IndexOf(ServiceKeyNames, text.ToLowerInvariant());
        if (index >= 0)
        {
            code = (ushort)index;
            name = ServiceKeyNames[index];
            return true;
        }

        if (text.Length > 3 && text.StartsWith("key", StringComparison.OrdinalIgnoreCase) && ZoneNumbers.TryParseDecimal(text.AsSpan(3), 65534, out var number))
        {
            code = (ushort)number;
            name = number < (ulong)ServiceKeyNames.Length ? ServiceKeyNames[number] : "key" + number.ToString(CultureInfo.InvariantCulture);
            return true;
        }

        code = 0;
        name = text;
        return false;
    }

    private void ValidateServiceParameter(ZoneToken token, string key, string? value)
    {
        bool valid = key switch
        {
            "no-default-alpn" or "ohttp" => value is null || value.Length == 0,
            "mandatory" => !string.IsNullOrEmpty(value) && value.Split(',').All(item => item.Length > 0),
            "alpn" => !string.IsNullOrEmpty(value) && SplitAlpn(value).All(id => id.Length is > 0 and <= 255),
            "port" => value is not null && ZoneNumbers.TryParseDecimal(value, ushort.MaxValue, out _),
            "ipv4hint" => !string.IsNullOrEmpty(value) && value.Split(',').All(item => TryParseIPv4(item, stackalloc byte[4])),
            "ipv6hint" => !string.IsNullOrEmpty(value) && value.Split(',').All(item => TryParseIPv6(item, stackalloc byte[16])),
            "ech" => value is not null && Convert.TryFromBase64String(value, new byte[value.Length], out _),
            "dohpath" => !string.IsNullOrEmpty(value),
            _ => true,
        };
        if (!valid)
        {
            throw Error(token, $"invalid value for SvcParam '{key}'");
        }
    }

    /// <summary>Splits an alpn value at commas not escaped with a backslash (RFC 9460 Appendix A.1).</summary>
    private static List<string> SplitAlpn(string value)
    {
        var items = new List<string>();
        var current = new StringBuilder();
        for (int i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && i + 1 < value.Length)
            {
                current.Append(value[++i]);
            }
            else if (value[i] == ',')
            {
                items.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(value[i]);
            }
        }

        items.Add(current.ToString());
        return items;
    }
}
