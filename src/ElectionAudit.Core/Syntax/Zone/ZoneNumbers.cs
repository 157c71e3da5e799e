namespace ElectionAudit.Syntax.Zone;

/// <summary>Number and duration syntax shared by zone files and record data.</summary>
public static class ZoneNumbers
{
    /// <summary>
    /// Parses a TTL: a plain number of seconds, or one or more number-and-unit pairs with the units
    /// <c>w</c>, <c>d</c>, <c>h</c>, <c>m</c>, <c>s</c> in either case (<c>1h30m</c>, <c>1W2D</c>), as BIND accepts them
    /// (BIND 9 ARM, "Zone File" — TTLs "can also be specified with units"). The value must fit 32 bits.
    /// </summary>
    public static bool TryParseTtl(ReadOnlySpan<char> text, out uint seconds)
    {
        seconds = 0;
        if (text.Length == 0 || !char.IsAsciiDigit(text[0]))
        {
            return false;
        }

        ulong total = 0;
        int i = 0;
        bool sawUnit = false;
        while (i < text.Length)
        {
            ulong number = 0;
            int digitsStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                number = (number * 10) + (ulong)(text[i] - '0');
                if (number > uint.MaxValue)
                {
                    return false;
                }

                i++;
            }

            if (i == digitsStart)
            {
                return false;
            }

            if (i == text.Length)
            {
                // A bare number is only valid on its own: named-checkzone 9.18 refuses "$TTL 1h30" with "bad ttl".
                if (sawUnit)
                {
                    return false;
                }

                total = number;
                break;
            }

            ulong multiplier = char.ToLowerInvariant(text[i]) switch
            {
                'w' => 604800,
                'd' => 86400,
                'h' => 3600,
                'm' => 60,
                's' => 1,
                _ => 0,
            };
            if (multiplier == 0)
            {
                return false;
            }

            sawUnit = true;
            total += number * multiplier;
            if (total > uint.MaxValue)
            {
                return false;
            }

            i++;
        }

        seconds = (uint)total;
        return true;
    }

    /// <summary>Parses an unsigned decimal number no greater than <paramref name="max"/> (no sign, no spaces).</summary>
    public static bool TryParseDecimal(ReadOnlySpan<char> text, ulong max, out ulong value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 20)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            ulong next = (value * 10) + (ulong)(c - '0');
            if (next > max || next < value)
            {
                return false;
            }

            value = next;
        }

        return true;
    }
}
