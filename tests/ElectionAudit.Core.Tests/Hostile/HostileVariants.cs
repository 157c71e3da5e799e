using System.Text;

namespace ElectionAudit.Core.Tests.Hostile;

/// <summary>One malformed input derived from a real file: what was done to it, and the bytes.</summary>
/// <param name="Name">What was done, for failure messages (for example "truncated at 120").</param>
/// <param name="Bytes">The file content as it would be read from disk.</param>
/// <param name="IsCertainlyBroken">True when the variant breaks the format's grammar whatever the original held, so the parser must report EA0002.</param>
internal sealed record HostileVariant(string Name, byte[] Bytes, bool IsCertainlyBroken = false);

/// <summary>
/// Derives malformed variants of a file, deterministically: every random choice comes from a generator seeded with the
/// file's path, so a failure names a variant that the next run reproduces exactly.
/// </summary>
internal static class HostileVariants
{
    /// <summary>Above this size a file gets only a few variants: the three signed root zones alone would otherwise dominate the suite's time.</summary>
    public const int LargeFileBytes = 256 * 1024;

    /// <summary>The variants of <paramref name="original"/>; <paramref name="brokenSuffix"/> is text that leaves the file's format unterminated.</summary>
    public static IEnumerable<HostileVariant> For(string path, byte[] original, string brokenSuffix)
    {
        var random = new Random(StableSeed(path));
        bool large = original.Length > LargeFileBytes;

        // Truncation at many points: both ends, and points spread over the file with random jitter, including
        // points inside multi-byte UTF-8 sequences and between CR and LF.
        int cuts = large ? 2 : 8;
        for (int i = 1; i <= cuts; i++)
        {
            int at = Math.Clamp((int)((long)original.Length * i / (cuts + 1)) + random.Next(-7, 8), 0, original.Length);
            yield return new HostileVariant($"truncated at byte {at}", original[..at]);
        }

        yield return new HostileVariant("empty", []);
        yield return new HostileVariant("first byte only", original.Length > 0 ? original[..1] : []);

        // Random byte flips with fixed seeds: a few single-bit flips, then a burst of whole random bytes.
        for (int round = 0; round < (large ? 1 : 3); round++)
        {
            var flipped = (byte[])original.Clone();
            int count = round == 2 ? 64 : 4;
            for (int i = 0; i < count && flipped.Length > 0; i++)
            {
                int at = random.Next(flipped.Length);
                flipped[at] = round == 2 ? (byte)random.Next(256) : (byte)(flipped[at] ^ (1 << random.Next(8)));
            }

            yield return new HostileVariant($"byte flips, round {round}", flipped);
        }

        yield return new HostileVariant("NUL byte in the middle", Insert(original, original.Length / 2, [0]));

        // 0xC3 starts a two-byte sequence that 0x28 does not continue; 0xFF never occurs in UTF-8; a lone continuation byte.
        yield return new HostileVariant("invalid UTF-8", Insert(original, original.Length / 3, [0xC3, 0x28, 0xFF, 0x80]));

        var text = Encoding.UTF8.GetString(original);
        yield return new HostileVariant("UTF-16 with a byte order mark", [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
        if (!large)
        {
            yield return new HostileVariant("UTF-16 without a byte order mark", Encoding.Unicode.GetBytes(text));
            yield return new HostileVariant("UTF-8 byte order mark", [.. Encoding.UTF8.GetPreamble(), .. original]);
            yield return new HostileVariant("CRLF and lone CR line breaks mixed", Encoding.UTF8.GetBytes(MixLineBreaks(text, random)));
        }

        yield return new HostileVariant("unterminated at the end", [.. original, .. Encoding.UTF8.GetBytes(brokenSuffix)], IsCertainlyBroken: true);
    }

    /// <summary>A seed that is the same on every run and platform (string.GetHashCode is randomised per process).</summary>
    public static int StableSeed(string text)
    {
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in text)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash;
        }
    }

    private static byte[] Insert(byte[] original, int at, byte[] inserted) => [.. original[..at], .. inserted, .. original[at..]];

    private static string MixLineBreaks(string text, Random random)
    {
        var builder = new StringBuilder(text.Length + (text.Length / 16));
        foreach (char c in text)
        {
            if (c == '\n')
            {
                builder.Append(random.Next(3) switch { 0 => "\n", 1 => "\r\n", _ => "\r" });
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
