using System.Collections.Frozen;
using System.Globalization;

namespace ElectionAudit.Syntax.Zone;

/// <summary>A resource record type code with its mnemonic (IANA "Resource Record (RR) TYPEs" registry); unknown codes print as <c>TYPEnnn</c> (RFC 3597 §5).</summary>
/// <param name="Value">The 16-bit type code.</param>
public readonly record struct DnsRecordType(ushort Value)
{
    private static readonly (string Name, ushort Value)[] Registry =
    [
        ("A", 1), ("NS", 2), ("MD", 3), ("MF", 4), ("CNAME", 5), ("SOA", 6), ("MB", 7), ("MG", 8), ("MR", 9), ("NULL", 10),
        ("WKS", 11), ("PTR", 12), ("HINFO", 13), ("MINFO", 14), ("MX", 15), ("TXT", 16), ("RP", 17), ("AFSDB", 18), ("X25", 19),
        ("ISDN", 20), ("RT", 21), ("NSAP", 22), ("NSAP-PTR", 23), ("SIG", 24), ("KEY", 25), ("PX", 26), ("GPOS", 27), ("AAAA", 28),
        ("LOC", 29), ("NXT", 30), ("EID", 31), ("NIMLOC", 32), ("SRV", 33), ("ATMA", 34), ("NAPTR", 35), ("KX", 36), ("CERT", 37),
        ("A6", 38), ("DNAME", 39), ("SINK", 40), ("OPT", 41), ("APL", 42), ("DS", 43), ("SSHFP", 44), ("IPSECKEY", 45), ("RRSIG", 46),
        ("NSEC", 47), ("DNSKEY", 48), ("DHCID", 49), ("NSEC3", 50), ("NSEC3PARAM", 51), ("TLSA", 52), ("SMIMEA", 53), ("HIP", 55),
        ("NINFO", 56), ("RKEY", 57), ("TALINK", 58), ("CDS", 59), ("CDNSKEY", 60), ("OPENPGPKEY", 61), ("CSYNC", 62), ("ZONEMD", 63),
        ("SVCB", 64), ("HTTPS", 65), ("DSYNC", 66), ("HHIT", 67), ("BRID", 68), ("SPF", 99), ("UINFO", 100), ("UID", 101), ("GID", 102),
        ("UNSPEC", 103), ("NID", 104), ("L32", 105), ("L64", 106), ("LP", 107), ("EUI48", 108), ("EUI64", 109), ("NXNAME", 128),
        ("TKEY", 249), ("TSIG", 250), ("IXFR", 251), ("AXFR", 252), ("MAILB", 253), ("MAILA", 254), ("ANY", 255), ("URI", 256),
        ("CAA", 257), ("AVC", 258), ("DOA", 259), ("AMTRELAY", 260), ("RESINFO", 261), ("WALLET", 262), ("CLA", 263), ("IPN", 264),
        ("TA", 32768), ("DLV", 32769),
    ];

    private static readonly FrozenDictionary<string, ushort> ByName = Registry.ToFrozenDictionary(entry => entry.Name, entry => entry.Value, StringComparer.OrdinalIgnoreCase);
    private static readonly FrozenDictionary<ushort, string> ByValue = Registry.ToFrozenDictionary(entry => entry.Value, entry => entry.Name);

    // Fetched once: asking a frozen dictionary for its span lookup is not free, and the zone parser asks once per token.
    private static readonly FrozenDictionary<string, ushort>.AlternateLookup<ReadOnlySpan<char>> ByNameSpan = ByName.GetAlternateLookup<ReadOnlySpan<char>>();

#pragma warning disable CS1591, CA1720 // The well-known types are self-describing and named as in the registry.
    public static DnsRecordType A => new(1);
    public static DnsRecordType NS => new(2);
    public static DnsRecordType CNAME => new(5);
    public static DnsRecordType SOA => new(6);
    public static DnsRecordType PTR => new(12);
    public static DnsRecordType MX => new(15);
    public static DnsRecordType TXT => new(16);
    public static DnsRecordType AAAA => new(28);
    public static DnsRecordType SRV => new(33);
    public static DnsRecordType NAPTR => new(35);
    public static DnsRecordType DNAME => new(39);
    public static DnsRecordType DS => new(43);
    public static DnsRecordType SSHFP => new(44);
    public static DnsRecordType RRSIG => new(46);
    public static DnsRecordType NSEC => new(47);
    public static DnsRecordType DNSKEY => new(48);
    public static DnsRecordType NSEC3 => new(50);
    public static DnsRecordType NSEC3PARAM => new(51);
    public static DnsRecordType TLSA => new(52);
    public static DnsRecordType SMIMEA => new(53);
    public static DnsRecordType CDS => new(59);
    public static DnsRecordType CDNSKEY => new(60);
    public static DnsRecordType SVCB => new(64);
    public static DnsRecordType HTTPS => new(65);
    public static DnsRecordType SPF => new(99);
    public static DnsRecordType CAA => new(257);
#pragma warning restore CS1591, CA1720

    /// <summary>The registry mnemonic, or <c>TYPEnnn</c> for a code without one.</summary>
    public string Mnemonic => ByValue.TryGetValue(Value, out var name) ? name : "TYPE" + Value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Whether the code has a mnemonic in the registry this build knows.</summary>
    public bool IsKnown => ByValue.ContainsKey(Value);

    /// <summary>Parses a mnemonic (case-insensitive) or the RFC 3597 <c>TYPEnnn</c> form.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DnsRecordType type)
    {
        if (ByNameSpan.TryGetValue(text, out var value))
        {
            type = new DnsRecordType(value);
            return true;
        }

        if (text.Length > 4 && text[..4].Equals("TYPE", StringComparison.OrdinalIgnoreCase) && ZoneNumbers.TryParseDecimal(text[4..], ushort.MaxValue, out var code))
        {
            type = new DnsRecordType((ushort)code);
            return true;
        }

        type = default;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Mnemonic;
}

/// <summary>A DNS class (RFC 1035 §3.2.4, RFC 2136 NONE, RFC 3597 <c>CLASSnnn</c>).</summary>
/// <param name="Value">The 16-bit class code.</param>
public readonly record struct DnsClass(ushort Value)
{
    /// <summary>The Internet class.</summary>
    public static DnsClass IN => new(1);

    /// <summary>The Chaos class.</summary>
    public static DnsClass CH => new(3);

    /// <summary>The Hesiod class.</summary>
    public static DnsClass HS => new(4);

    /// <summary>The mnemonic (<c>IN</c>, <c>CH</c>, <c>HS</c>, <c>NONE</c>, <c>ANY</c>) or <c>CLASSnnn</c>.</summary>
    public string Mnemonic => Value switch
    {
        1 => "IN",
        3 => "CH",
        4 => "HS",
        254 => "NONE",
        255 => "ANY",
        _ => "CLASS" + Value.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Parses a class mnemonic as BIND accepts it (<c>IN</c>, <c>CH</c>/<c>CHAOS</c>, <c>HS</c>/<c>HESIOD</c>, <c>NONE</c>, <c>ANY</c>) or <c>CLASSnnn</c>, case-insensitively.</summary>
    public static bool TryParse(ReadOnlySpan<char> text, out DnsClass value)
    {
        ushort? code = text.Length switch
        {
            2 when text.Equals("IN", StringComparison.OrdinalIgnoreCase) => 1,
            2 when text.Equals("CH", StringComparison.OrdinalIgnoreCase) => 3,
            2 when text.Equals("HS", StringComparison.OrdinalIgnoreCase) => 4,
            5 when text.Equals("CHAOS", StringComparison.OrdinalIgnoreCase) => 3,
            6 when text.Equals("HESIOD", StringComparison.OrdinalIgnoreCase) => 4,
            4 when text.Equals("NONE", StringComparison.OrdinalIgnoreCase) => 254,
            3 when text.Equals("ANY", StringComparison.OrdinalIgnoreCase) => 255,
            _ => null,
        };
        if (code is null && text.Length > 5 && text[..5].Equals("CLASS", StringComparison.OrdinalIgnoreCase) && ZoneNumbers.TryParseDecimal(text[5..], ushort.MaxValue, out var number))
        {
            code = (ushort)number;
        }

        value = new DnsClass(code ?? 0);
        return code is not null;
    }

    /// <inheritdoc />
    public override string ToString() => Mnemonic;
}
