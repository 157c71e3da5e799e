using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ElectionAudit.Text;

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

    private static readonly ulong FirstMod = ComputeFirstMod();

    /// <summary>The hash of every line of <paramref name="text"/>, in order (line 1 first).</summary>
    public static IReadOnlyList<string> Compute(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var hasher = Hasher.Take();
        hasher.Add(text);
        hasher.Finish();
        var hashes = new string[hasher.Lines];
        Span<char> scratch = stackalloc char[LineHashes.MaxLength];
        for (int line = 1; line <= hashes.Length; line++)
        {
            hashes[line - 1] = hasher.Has(line) ? new string(hasher.Format(line, scratch)) : string.Empty;
        }

        return hashes;
    }

    /// <summary>
    /// The hashes of <paramref name="source"/>'s lines, kept as numbers and formatted when a line's is asked for, and
    /// computed only as far as the lines asked for (see <see cref="LineHashes"/>). A file kept as bytes is read without
    /// making its string.
    /// </summary>
    internal static LineHashes Compute(SourceText source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var lines = new LineHashes();
        lines.Start(source);
        return lines;
    }

    /// <summary>
    /// The hash and the occurrence count of each line of one file at a time, computed on demand: a line's value depends
    /// only on the text up to 100 counted characters past its start (and its count on the lines before it), so the file
    /// is read only as far as the last line asked for. The SARIF writer keeps one for a report and starts it on each file
    /// with findings; a string per line of every such file was most of what a SARIF report of generated-4000 allocated,
    /// and hashing the rest of a file after its last finding was 84 % of what a SARIF report of the corpus hashed (a
    /// signed zone's findings are near its top).
    /// </summary>
    internal sealed class LineHashes
    {
        // Characters copied out of the source per step; the hashing stops at most this far past the line asked for.
        private const int ChunkLength = 1024;

        private readonly Hasher _hasher = new();
        private SourceText? _source;
        private int _read;
        private bool _finished = true;

        /// <summary>Forgets the previous file and starts on <paramref name="source"/>; nothing is hashed yet.</summary>
        public void Start(SourceText source)
        {
            ArgumentNullException.ThrowIfNull(source);
            _hasher.Reset();
            _source = source;
            _read = 0;
            _finished = false;
        }

        /// <summary>How many characters of the file have been hashed so far.</summary>
        internal int CharactersRead => _read;

        /// <summary>The number of lines of the whole file (hashes it to the end).</summary>
        public int Count
        {
            get
            {
                Reach(int.MaxValue);
                return _hasher.Lines;
            }
        }

        /// <summary>Whether line <paramref name="line"/> (1-based) has a hash.</summary>
        public bool Has(int line)
        {
            if (line < 1)
            {
                return false;
            }

            Reach(line);
            return _hasher.Has(line);
        }

        /// <summary>Line <paramref name="line"/>'s value, <c>hash:count</c> (see the class remarks), or empty when it has none.</summary>
        public string Format(int line)
        {
            Span<char> text = stackalloc char[MaxLength];
            return new string(Format(line, text));
        }

        /// <summary>Line <paramref name="line"/>'s value written into <paramref name="destination"/> (at least <see cref="MaxLength"/> long).</summary>
        public ReadOnlySpan<char> Format(int line, Span<char> destination) => Has(line) ? _hasher.Format(line, destination) : [];

        /// <summary>The longest value: 16 hexadecimal digits, a colon and a count.</summary>
        public const int MaxLength = 16 + 1 + 11;

        // Hashes until line's value is out or the file has ended. Lines come out in order, each once the window has
        // moved 100 counted characters past its start.
        private void Reach(int line)
        {
            if (_finished || _hasher.Lines >= line)
            {
                return;
            }

            ReadOn(line);
        }

        private void ReadOn(int line)
        {
            var source = _source!;
            Span<char> chunk = stackalloc char[ChunkLength];
            while (_hasher.Lines < line)
            {
                if (_read == source.Length)
                {
                    _hasher.Finish();
                    _finished = true;
                    return;
                }

                var span = new TextSpan(_read, Math.Min(chunk.Length, source.Length - _read));
                source.CopyTo(span, chunk);
                _hasher.Add(chunk[..span.Length]);
                _read += span.Length;
            }
        }
    }

    // The rolling hash over the counted characters, fed in chunks; Finish ends the text and pads the window.
    private sealed class Hasher
    {
        private readonly int[] _window = new int[BlockSize];
        private readonly int[] _lineNumbers = new int[BlockSize];
        // One per thread for Compute(string), emptied for each text (its tables keep their room); a LineHashes owns its
        // own, reused the same way for each file it is started on.
        [ThreadStatic]
        private static Hasher? t_hasher;

        private readonly Dictionary<ulong, int> _seen = [];
        private ulong[] _hashes = new ulong[64];
        private int[] _counts = new int[64];
        private int _lines;
        private ulong _hash;
        private int _index;
        private int _lineNumber;
        private bool _lineStart = true;
        private bool _previousWasCarriageReturn;

        public Hasher()
        {
            Reset();
        }

        /// <summary>The number of lines whose hash is out: they come out in order, so lines 1 to this one.</summary>
        public int Lines => _lines;

        /// <summary>This thread's hasher, emptied; it must be finished before the thread takes it again.</summary>
        public static Hasher Take()
        {
            var hasher = t_hasher ??= new Hasher();
            hasher.Reset();
            return hasher;
        }

        /// <summary>Empties the hasher for a new text; its tables keep their room.</summary>
        public void Reset()
        {
            Array.Clear(_window);
            Array.Fill(_lineNumbers, -1);
            _seen.Clear();
            Array.Clear(_counts, 0, _lines); // a line the next text leaves without a hash must read as none
            _lines = 0;
            _hash = 0;
            _index = 0;
            _lineNumber = 0;
            _lineStart = true;
            _previousWasCarriageReturn = false;
        }

        public bool Has(int line) => line >= 1 && line <= _lines && _counts[line - 1] > 0;

        public ReadOnlySpan<char> Format(int line, Span<char> destination)
        {
            _hashes[line - 1].TryFormat(destination, out int length, "x", CultureInfo.InvariantCulture);
            destination[length++] = ':';
            _counts[line - 1].TryFormat(destination[length..], out int digits, provider: CultureInfo.InvariantCulture);
            return destination[..(length + digits)];
        }

        /// <remarks>
        /// The state is kept in locals while a chunk is read: the SARIF writer hashes every character of every file with
        /// a finding, and a call per character that read and wrote the fields was 40 % of a large scan's SARIF report.
        /// </remarks>
        public void Add(ReadOnlySpan<char> text)
        {
            var window = _window;
            var lineNumbers = _lineNumbers;
            ulong hash = _hash;
            int index = _index;
            int lineNumber = _lineNumber;
            bool lineStart = _lineStart;
            bool previousWasCarriageReturn = _previousWasCarriageReturn;
            foreach (char c in text)
            {
                int current = c;
                if (current is ' ' or '\t' || (previousWasCarriageReturn && current == '\n'))
                {
                    previousWasCarriageReturn = false;
                    continue;
                }

                previousWasCarriageReturn = current == '\r';
                if (previousWasCarriageReturn)
                {
                    current = '\n';
                }

                if (lineNumbers[index] != -1)
                {
                    Output(hash, index);
                }

                if (lineStart)
                {
                    lineStart = false;
                    lineNumbers[index] = ++lineNumber;
                }

                lineStart = current == '\n';
                Roll(window, ref hash, ref index, current);
            }

            _hash = hash;
            _index = index;
            _lineNumber = lineNumber;
            _lineStart = lineStart;
            _previousWasCarriageReturn = previousWasCarriageReturn;
        }

        public void Finish()
        {
            Add([(char)EndOfFile]);

            // Zeros pad the window until every line's hash is out (the state is not kept: Reset, which Take and
            // LineHashes.Start call, clears it).
            ulong hash = _hash;
            int index = _index;
            for (int i = 0; i < BlockSize; i++)
            {
                if (_lineNumbers[index] != -1)
                {
                    Output(hash, index);
                }

                Roll(_window, ref hash, ref index, 0);
            }
        }

        // The window at index holds a line's first counted character: that line's hash is now complete.
        private void Output(ulong hash, int index)
        {
            int count = ++CollectionsMarshal.GetValueRefOrAddDefault(_seen, hash, out _);
            int line = _lineNumbers[index];
            if (line > _hashes.Length)
            {
                int size = Math.Max(line, _hashes.Length * 2);
                Array.Resize(ref _hashes, size);
                Array.Resize(ref _counts, size);
            }

            _lines = Math.Max(_lines, line);
            _hashes[line - 1] = hash;
            _counts[line - 1] = count;
            _lineNumbers[index] = -1;
        }

        // The rolling hash's step: current enters the window at index, the character BlockSize places before it leaves.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Roll(int[] window, ref ulong hash, ref int index, int current)
        {
            int leaving = window[index];
            window[index] = current;
            hash = unchecked((Base * hash) + (ulong)current - (FirstMod * (ulong)leaving));
            index = index == BlockSize - 1 ? 0 : index + 1;
        }
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
