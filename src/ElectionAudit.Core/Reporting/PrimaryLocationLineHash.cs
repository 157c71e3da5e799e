namespace ElectionAudit.Reporting;

/// <summary>
/// SARIF <c>partialFingerprints.primaryLocationLineHash</c>, computed exactly as GitHub's upload-sarif action computes it
/// (github/codeql-action, <c>src/fingerprints.ts</c>, function <c>hash</c>), so that code scanning follows an alert across
/// commits and the action keeps our value instead of warning about an inconsistent one.
/// </summary>
/// <remarks>
/// The algorithm, as read in that file: characters are UTF-16 code units; spaces and tabs are skipped; CR, LF and CRLF
/// all count as one LF; after the text one character 65535 marks the end, then zeros pad the window. For every line a
/// rolling polynomial hash (base 37, arithmetic modulo 2^64) is taken over the 100 counted characters starting at the
/// line's first counted character. The value is the unsigned hash in lower-case hexadecimal <em>without</em> leading
/// zeros, then <c>:</c> and how many times that hash has occurred so far in the file (1 for the first). The action
/// decodes the file as UTF-8 and keeps a byte order mark as U+FEFF; <see cref="Text.SourceText"/> drops the BOM, so for
/// a file that starts with one the hash of line 1 differs from the action's (later lines are unaffected).
/// </remarks>
public static class PrimaryLocationLineHash
{
    private const int BlockSize = 100;
    private const ulong Base = 37;
    private const int EndOfFile = 65535;

    /// <summary>37^100 modulo 2^64: the weight of the character that leaves the window.</summary>
    private static readonly ulong FirstMod = ComputeFirstMod();

    /// <summary>The hash of every line of <paramref name="text"/>: element i is line i + 1.</summary>
    public static IReadOnlyList<string> Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hashes = new List<string>();
        var window = new int[BlockSize];
        var lineNumbers = new int[BlockSize];
        Array.Fill(lineNumbers, -1);
        var counts = new Dictionary<ulong, int>();
        ulong hash = 0;
        int index = 0;
        int lineNumber = 0;
        bool lineStart = true;
        bool previousWasCarriageReturn = false;

        void Output()
        {
            counts.TryGetValue(hash, out int count);
            counts[hash] = ++count;
            int line = lineNumbers[index];
            while (hashes.Count < line)
            {
                hashes.Add(string.Empty);
            }

            hashes[line - 1] = $"{hash:x}:{count}";
            lineNumbers[index] = -1;
        }

        void Update(int current)
        {
            int leaving = window[index];
            window[index] = current;
            unchecked
            {
                hash = (Base * hash) + (ulong)current - (FirstMod * (ulong)leaving);
            }

            index = (index + 1) % BlockSize;
        }

        void Process(int current)
        {
            if (current is ' ' or '\t' || (previousWasCarriageReturn && current == '\n'))
            {
                previousWasCarriageReturn = false;
                return;
            }

            if (current == '\r')
            {
                current = '\n';
                previousWasCarriageReturn = true;
            }
            else
            {
                previousWasCarriageReturn = false;
            }

            if (lineNumbers[index] != -1)
            {
                Output();
            }

            if (lineStart)
            {
                lineStart = false;
                lineNumber++;
                lineNumbers[index] = lineNumber;
            }

            if (current == '\n')
            {
                lineStart = true;
            }

            Update(current);
        }

        foreach (char c in text)
        {
            Process(c);
        }

        Process(EndOfFile);
        for (int i = 0; i < BlockSize; i++)
        {
            if (lineNumbers[index] != -1)
            {
                Output();
            }

            Update(0);
        }

        return hashes;
    }

    private static ulong ComputeFirstMod()
    {
        ulong value = 1;
        for (int i = 0; i < BlockSize; i++)
        {
            unchecked
            {
                value *= Base;
            }
        }

        return value;
    }
}
