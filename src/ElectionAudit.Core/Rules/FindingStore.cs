using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using ElectionAudit.Text;
using Microsoft.Win32.SafeHandles;

namespace ElectionAudit.Rules;

/// <summary>
/// Where a scan keeps the text of its findings: each finding's message, logical key and related locations are written,
/// the moment a rule reports it, as a UTF-8 record, and the finding keeps only its rule, severity, primary location and
/// the place of its record. The objects a rule built the finding from (the message's parts and arguments, the key's
/// parts, the related locations and the strings made for them) then die young instead of living to the report, and
/// past the first megabyte the records go to a temporary file (unlinked at once), read back a page at a time.
/// </summary>
/// <remarks>
/// <para>
/// A message given as an interpolated string (a rule whose format is <c>{0}</c>) is stored as its parts: each literal the
/// compiler passed (<see cref="FindingMessageHandler"/> marks them) is stored once per scan and referred to by number,
/// each value as its text. Most of a message is the rule's fixed wording, so a record is a fraction of the message.
/// A message made from a format and arguments is stored as the arguments' texts and formatted again with the rule's
/// format when read, which gives the same text when every placeholder of the format is a plain <c>{n}</c>.
/// </para>
/// <para>
/// A finding the store cannot keep exactly is left as it is (<see cref="Keep"/> returns it unchanged): a message
/// formatted when it was reported (an argument whose text could change later), a format whose placeholders carry an
/// alignment or a format string, or a text with a lone surrogate (which UTF-8 cannot hold). Of a message of more than
/// 64 parts, the parts past the 64th are stored as text, literals or not.
/// </para>
/// <para>
/// What a stored finding gives back: <see cref="Finding.Message"/>, <see cref="Finding.LogicalKey"/> and
/// <see cref="Finding.RelatedLocations"/> as before (read from the record each time); <see cref="Finding.MessageArguments"/>
/// as the arguments' texts, and for a message given as an interpolated string, that message's text as the one argument.
/// For writers that write them out at once, <see cref="Finding.MessageSpan"/>, <see cref="Finding.LogicalKeySpan"/> and
/// <see cref="Finding.ReadRelatedLocations"/> give the same text as characters decoded into a per-thread buffer,
/// without a string.
/// </para>
/// </remarks>
internal sealed class FindingStore
{
    // Records are one stream of bytes in pages. The first pages stay in memory, so a small scan never touches the disk;
    // past them, each page is written to a temporary file when it is full and read back through a small cache, so the
    // text of 250,000 findings costs the process a few megabytes, not a hundred. Without a usable temporary folder every
    // page stays in memory.
    private const int PageSize = 64 * 1024;
    private const int ResidentPages = 16;
    private const int CachedPages = 32;

    private const byte NullPart = 0;
    private const byte LiteralPart = 1;
    private const byte TextPart = 2;

    private const byte PartsMessage = 0;
    private const byte ArgumentsMessage = 1;

    private readonly Lock _gate = new();
    private readonly List<byte[]?> _pages = [];
    private long _length;
    private readonly bool _mayUseFile;
    private SafeFileHandle? _file;
    private readonly Dictionary<int, byte[]> _cache = [];
    private readonly Queue<int> _cacheOrder = new();

    // The array of the page last written to the file, which the next page is written into (see Spill). The read cache
    // needs no such thing: the array it evicts is the one it reads the next page into.
    private byte[]? _spare;

    // Guards the two tables below; _gate guards the pages.
    private readonly Lock _tables = new();

    // The interpolated strings' literals (the rules' fixed wording, a few hundred strings), and related locations' paths.
    private readonly Dictionary<string, int> _literalIndex = new(StringComparer.Ordinal);
    private readonly List<string> _literals = [];
    private readonly Dictionary<string, int> _pathIndex = new(StringComparer.Ordinal);
    private readonly List<string> _paths = [];

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>Creates a store; <paramref name="mayUseFile"/> false keeps every page in memory.</summary>
    public FindingStore(bool mayUseFile = true) => _mayUseFile = mayUseFile;

    /// <summary>How many bytes the records take.</summary>
    internal long BytesUsed
    {
        get
        {
            lock (_gate)
            {
                return _length;
            }
        }
    }

    /// <summary>Whether pages have been written to the temporary file.</summary>
    internal bool UsesFile
    {
        get
        {
            lock (_gate)
            {
                return _file is not null;
            }
        }
    }

    /// <summary>The finding with its text written to the store, or the finding itself when the store cannot keep it exactly.</summary>
    public Finding Keep(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        if (!finding.CanBeStored)
        {
            return finding;
        }

        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        // Encoded on the rule's worker (formatting values is most of the work); only the copy is under the lock.
        try
        {
            finding.WriteRecord(this, buffer);
        }
        catch (EncoderFallbackException)
        {
            // A text with a lone surrogate (a value cut in the middle of a pair) has no exact UTF-8 form: kept as reported.
            return finding;
        }

        lock (_gate)
        {
            long place = _length;
            Span<byte> header = stackalloc byte[5];
            Write(header[..WriteVarInt(header, (uint)buffer.WrittenCount)]);
            Write(buffer.WrittenSpan);
            return finding.Stored(this, (ulong)place);
        }
    }

    private void Write(ReadOnlySpan<byte> bytes)
    {
        while (!bytes.IsEmpty)
        {
            int index = (int)(_length / PageSize);
            int at = (int)(_length % PageSize);
            if (index == _pages.Count)
            {
                // Bytes past _length are never read or written to the file, so a spilled page's old bytes need no clearing.
                _pages.Add(_spare ?? new byte[PageSize]);
                _spare = null;
            }

            int count = Math.Min(bytes.Length, PageSize - at);
            bytes[..count].CopyTo(_pages[index].AsSpan(at));
            bytes = bytes[count..];
            _length += count;
            if (at + count == PageSize && index >= ResidentPages)
            {
                Spill(index);
            }
        }
    }

    // Writes a full page past the resident ones to the file, when there is one to be had.
    private void Spill(int index)
    {
        if (_file is null && _mayUseFile)
        {
            _file = CreateFile();
        }

        if (_file is null)
        {
            return;
        }

        RandomAccess.Write(_file, _pages[index], (long)index * PageSize);

        // The array is free once the page is on disk: a scan of any size then writes its records through the resident
        // pages and one more array (it made a new array per page, 210 of them for generated-4000's 13.8 MB of records).
        // Reusing it is safe because a page array is only ever touched under _gate: Keep writes under it, Record holds it
        // while it copies out of the pages, and no page array leaves the lock (Page returns it to Read, which copies from
        // it before Record lets go). Once _pages[index] is null, a read of this page goes to the read cache, whose arrays
        // are its own, filled from the file. A read that copied from a page outside the lock would make this unsafe.
        _spare = _pages[index];
        _pages[index] = null;
    }

    private static SafeFileHandle? CreateFile()
    {
        try
        {
            var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"electionaudit-findings-{Guid.NewGuid():N}.tmp");
            var handle = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, FileOptions.DeleteOnClose);
            try
            {
                // Unlinked at once where the system allows it (the data stays reachable through the handle), so nothing is
                // left behind even if the process is killed; elsewhere DeleteOnClose removes it.
                File.Delete(path);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            return handle;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>
    /// The record at <paramref name="place"/>, copied into this thread's scratch buffer (a page in the read cache can be
    /// replaced by another thread's read once the lock is released); valid until the thread reads the next record.
    /// </summary>
    internal ReadOnlySpan<byte> Record(ulong place)
    {
        lock (_gate)
        {
            Span<byte> header = stackalloc byte[5];
            long offset = (long)place;
            int headerLength = (int)Math.Min(header.Length, _length - offset);
            Read(offset, header[..headerLength]);
            int length = (int)ReadVarInt(header, out int at);
            var scratch = t_record is { } existing && existing.Length >= length ? existing : (t_record = new byte[Math.Max(length, 4096)]);
            Read(offset + at, scratch.AsSpan(0, length));
            return scratch.AsSpan(0, length);
        }
    }

    [ThreadStatic]
    private static byte[]? t_record;

    [ThreadStatic]
    private static char[]? t_chars;

    private void Read(long offset, Span<byte> into)
    {
        while (!into.IsEmpty)
        {
            int index = (int)(offset / PageSize);
            int at = (int)(offset % PageSize);
            int count = Math.Min(into.Length, PageSize - at);
            Page(index).AsSpan(at, count).CopyTo(into);
            into = into[count..];
            offset += count;
        }
    }

    private byte[] Page(int index)
    {
        if (_pages[index] is { } resident)
        {
            return resident;
        }

        if (_cache.TryGetValue(index, out var cached))
        {
            return cached;
        }

        // The report reads findings in path order, the rules wrote them rule by rule in element order: a few dozen
        // pages in use at once, read a page at a time.
        byte[] page;
        if (_cache.Count >= CachedPages)
        {
            int oldest = _cacheOrder.Dequeue();
            page = _cache[oldest];
            _cache.Remove(oldest);
        }
        else
        {
            page = new byte[PageSize];
        }

        int read = 0;
        while (read < PageSize)
        {
            int n = RandomAccess.Read(_file!, page.AsSpan(read), ((long)index * PageSize) + read);
            if (n == 0)
            {
                throw new IOException($"The findings' temporary file ended at page {index}.");
            }

            read += n;
        }

        _cache[index] = page;
        _cacheOrder.Enqueue(index);
        return page;
    }

    internal string Literal(int index)
    {
        lock (_tables)
        {
            return _literals[index];
        }
    }

    internal string Path(int index)
    {
        lock (_tables)
        {
            return _paths[index];
        }
    }

    private static int IndexOf(Lock tables, Dictionary<string, int> index, List<string> values, string value)
    {
        lock (tables)
        {
            if (!index.TryGetValue(value, out int at))
            {
                at = values.Count;
                values.Add(value);
                index.Add(value, at);
            }

            return at;
        }
    }

    // --- writing ---

    internal static void WritePartsMessage(FindingStore store, IBufferWriter<byte> output, object?[] parts, ulong literals)
    {
        WriteByte(output, PartsMessage);
        WriteVarInt(output, (uint)parts.Length);
        for (int i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part is null)
            {
                WriteByte(output, NullPart);
            }
            else if (i < 64 && (literals & (1UL << i)) != 0 && part is string literal)
            {
                WriteByte(output, LiteralPart);
                WriteVarInt(output, (uint)IndexOf(store._tables, store._literalIndex, store._literals, literal));
            }
            else
            {
                WriteByte(output, TextPart);
                WriteValue(output, part);
            }
        }
    }

    internal static void WriteArgumentsMessage(IBufferWriter<byte> output, object?[] arguments)
    {
        WriteByte(output, ArgumentsMessage);
        WriteVarInt(output, (uint)arguments.Length);
        foreach (var argument in arguments)
        {
            if (argument is null)
            {
                WriteByte(output, NullPart);
            }
            else
            {
                WriteByte(output, TextPart);
                WriteValue(output, argument);
            }
        }
    }

    /// <summary>Writes a finding's logical key (a string or the parts <see cref="LogicalKeyHandler"/> kept) and related locations.</summary>
    internal static void WriteKeyAndRelated(FindingStore store, IBufferWriter<byte> output, object key, ImmutableArray<RelatedLocation> related)
    {
        WriteKey(output, key);
        WriteVarInt(output, (uint)related.Length);
        foreach (var item in related)
        {
            var location = item.Location;
            WriteVarInt(output, (uint)IndexOf(store._tables, store._pathIndex, store._paths, location.Path));
            WriteVarInt(output, (uint)location.Span.Start);
            WriteVarInt(output, (uint)location.Span.Length);
            WriteVarInt(output, (uint)location.StartLine);
            WriteVarInt(output, (uint)location.StartColumn);
            WriteVarInt(output, (uint)location.EndLine);
            WriteVarInt(output, (uint)location.EndColumn);
            WriteText(output, item.Message);
        }
    }

    // A value's text as the message's text has it (DeferredMessage.Append, with the invariant culture), encoded from this
    // thread's scratch characters: a string made for each value only to be encoded was 6 MB of generated-4000's scan. A
    // string is encoded as it is; a text longer than the scratch grows into a pooled array, given back by Clear.
    private static void WriteValue(IBufferWriter<byte> output, object value)
    {
        if (value is string text)
        {
            WriteText(output, text);
            return;
        }

        var chars = new DefaultInterpolatedStringHandler(0, 1, CultureInfo.InvariantCulture, t_valueChars ??= new char[256]);
        try
        {
            DeferredMessage.Append(ref chars, value);
            WriteText(output, chars.Text);
        }
        finally
        {
            chars.Clear();
        }
    }

    [ThreadStatic]
    private static char[]? t_valueChars;

    // The key's text, encoded part by part without joining the parts into a string (a string per finding, 6 MB of
    // generated-4000's scan). The bytes are those of the joined text: one encoder runs over the parts in turn, so a
    // surrogate pair split between two parts is encoded as the pair, and a lone surrogate throws as WriteText does.
    private static void WriteKey(IBufferWriter<byte> output, object key)
    {
        if (key is string text)
        {
            WriteText(output, text);
            return;
        }

        var parts = (object?[])key;
        int chars = 0;
        foreach (var part in parts)
        {
            chars += LogicalKeyHandler.PartText(part).Length;
        }

        // The length goes first, in one to five bytes by its value: the bytes are encoded after room for the longest
        // length, which is then written and the bytes moved down to meet it.
        const int LongestLength = 5;
        var into = output.GetSpan(LongestLength + Strict.GetMaxByteCount(chars));
        var encoder = t_keyEncoder ??= Strict.GetEncoder();
        encoder.Reset(); // a key that threw part way could have left it holding half a pair; nothing documents that it does not
        int length = 0;
        for (int i = 0; i < parts.Length; i++)
        {
            length += encoder.GetBytes(LogicalKeyHandler.PartText(parts[i]), into[(LongestLength + length)..], flush: i == parts.Length - 1);
        }

        int header = WriteVarInt(into, (uint)length);
        into.Slice(LongestLength, length).CopyTo(into[header..]);
        output.Advance(header + length);
    }

    [ThreadStatic]
    private static Encoder? t_keyEncoder;

    // --- reading ---

    /// <summary>The message of a record, formatted by <paramref name="rule"/> as the finding's own message was.</summary>
    /// <remarks>Made from <see cref="ReadMessageChars"/>, so that a message read as a string and one read as characters cannot differ.</remarks>
    internal string ReadMessage(RuleDescriptor rule, ulong place)
    {
        var message = ReadMessageChars(rule, place);
        return message.IsEmpty ? string.Empty : new string(message);
    }

    /// <summary>
    /// The message of a record, formatted by <paramref name="rule"/> as the finding's own message was, as characters in this
    /// thread's scratch (or the rule's own format, or a string made by the fallback): valid until the thread next reads a
    /// stored finding's text (see <see cref="Finding.MessageSpan"/>). A report writes each message once, so making it a
    /// string first only fed the collector.
    /// </summary>
    /// <remarks>
    /// The format is expanded here rather than by <see cref="string.Format(IFormatProvider, string, object[])"/>: a record
    /// keeps arguments only for a format whose placeholders are all plain <c>{n}</c> (<see cref="RuleDescriptor.HasPlainPlaceholders"/>),
    /// and every argument is text, so formatting is copying: literal text, <c>{{</c> and <c>}}</c> as one brace, each
    /// <c>{n}</c> as argument n's text, a null argument as nothing; a format without a placeholder is the message as it
    /// stands (see <see cref="RuleDescriptor.HasPlaceholders"/>). The format was parsed when the finding was made (a
    /// malformed one, or one naming more arguments than there are, threw in the rule), so it is well formed here.
    /// </remarks>
    internal ReadOnlySpan<char> ReadMessageChars(RuleDescriptor rule, ulong place)
    {
        var reader = new Reader(this, Record(place));
        byte kind = reader.Byte();
        int count = (int)reader.VarInt();
        if (kind == PartsMessage)
        {
            if (rule.IsWholeMessage)
            {
                int whole = reader.AppendParts(count, 0);
                return t_chars.AsSpan(0, whole);
            }

            if (!rule.HasPlaceholders)
            {
                // As RuleDescriptor.FormatMessage gives it: a format without a placeholder is the message as it stands.
                return rule.MessageFormat;
            }

            int length = reader.AppendParts(count, 0);
            if (!rule.HasPlainPlaceholders)
            {
                return rule.FormatWholeMessage(new string(t_chars!, 0, length));
            }

            // A format that adds wording around the message (EA5012's "{0} Record a ... contact"): expanded after it.
            ReadOnlySpan<int> message = [0, length];
            int end = Reader.Expand(rule.MessageFormat, message, length);
            return t_chars.AsSpan(length, end - length);
        }

        if (count == 0 || !rule.HasPlaceholders)
        {
            // As RuleDescriptor.FormatMessage gives it: the format itself, braces and all, when there are no arguments or
            // nowhere to put them.
            return rule.MessageFormat;
        }

        if (!rule.HasPlainPlaceholders)
        {
            return rule.FormatMessage(reader.Arguments(count));
        }

        if (rule.IsWholeMessage)
        {
            // "{0}": the first argument's text is the message (a null one, none).
            int first = reader.AppendPart(0);
            return t_chars.AsSpan(0, first);
        }

        // Each argument's text is decoded into the scratch once, then the format is expanded after them.
        Span<int> bounds = count <= 16 ? stackalloc int[2 * count] : new int[2 * count];
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            bounds[2 * i] = at;
            at = reader.AppendPart(at);
            bounds[(2 * i) + 1] = at;
        }

        int messageEnd = Reader.Expand(rule.MessageFormat, bounds, at);
        return t_chars.AsSpan(at, messageEnd - at);
    }

    internal ImmutableArray<object?> ReadArguments(ulong place)
    {
        var reader = new Reader(this, Record(place));
        byte kind = reader.Byte();
        int count = (int)reader.VarInt();
        if (kind == PartsMessage)
        {
            return [reader.PartsText(count)];
        }

        return ImmutableCollectionsMarshal.AsImmutableArray(reader.Arguments(count));
    }

    /// <summary>The logical key of a record.</summary>
    /// <remarks>Made from <see cref="ReadKeyChars"/>, as <see cref="ReadMessage"/> is from <see cref="ReadMessageChars"/>: one decoding of a key.</remarks>
    internal string ReadKey(ulong place) => new(ReadKeyChars(place));

    /// <summary>The logical key of a record as characters in this thread's scratch: valid until the thread next reads a stored finding's text.</summary>
    internal ReadOnlySpan<char> ReadKeyChars(ulong place)
    {
        var reader = new Reader(this, Record(place));
        reader.SkipMessage();
        int end = reader.AppendText(0);
        return t_chars.AsSpan(0, end);
    }

    internal ImmutableArray<RelatedLocation> ReadRelated(ulong place)
    {
        // The last answer on this thread is kept: a loop over finding.RelatedLocations[i] reads the property once per
        // index, and decoding every related location each time made such a loop quadratic.
        if (t_relatedStore == _id && t_relatedPlace == place)
        {
            return t_related;
        }

        var related = DecodeRelated(place);
        (t_relatedStore, t_relatedPlace, t_related) = (_id, place, related);
        return related;
    }

    // Which store the thread's last answer came from, by number (a reference would keep the store alive).
    private static long s_stores;
    private readonly long _id = Interlocked.Increment(ref s_stores);

    [ThreadStatic]
    private static long t_relatedStore;

    [ThreadStatic]
    private static ulong t_relatedPlace;

    [ThreadStatic]
    private static ImmutableArray<RelatedLocation> t_related;

    private ImmutableArray<RelatedLocation> DecodeRelated(ulong place)
    {
        var reader = ReadRelatedLocations(place);
        if (reader.Count == 0)
        {
            return [];
        }

        var related = ImmutableArray.CreateBuilder<RelatedLocation>(reader.Count);
        while (reader.MoveNext())
        {
            var location = new Location(reader.Path, reader.Span, reader.StartLine, reader.StartColumn, reader.EndLine, reader.EndColumn);
            related.Add(new RelatedLocation(location, reader.Message.ToString()));
        }

        return related.MoveToImmutable();
    }

    /// <summary>The related locations of the record at <paramref name="place"/>, one at a time, without an object or string for each.</summary>
    internal RelatedLocationReader ReadRelatedLocations(ulong place)
    {
        var reader = new Reader(this, Record(place));
        reader.SkipMessage();
        reader.SkipText();
        return new RelatedLocationReader(reader);
    }

    /// <summary>
    /// A finding's related locations one at a time, for writers that write each out at once: a stored finding's are read
    /// from its record (the path from the store's table, the message decoded into this thread's scratch characters),
    /// where <see cref="Finding.RelatedLocations"/> makes a location, a related location and a message string for each
    /// (it decodes them with this reader).
    /// </summary>
    /// <remarks>
    /// Reading a stored finding's related locations this way uses the thread's copy of its record and its scratch
    /// characters: each <see cref="Message"/> is valid until the next <see cref="MoveNext"/> (and a message or key read
    /// as characters before is gone after the first move), and the reader itself only until the thread next reads a
    /// stored finding's text (its message, key, arguments or related locations, in any form). Finish with one before
    /// reading anything else.
    /// </remarks>
    internal ref struct RelatedLocationReader
    {
        private readonly ImmutableArray<RelatedLocation> _kept;
        private Reader _record;
        private readonly bool _stored;
        private int _index;
        private int _messageLength;

        /// <summary>Reads the related locations a finding not in a store keeps.</summary>
        internal RelatedLocationReader(ImmutableArray<RelatedLocation> kept)
        {
            _kept = kept;
            Count = kept.Length;
            _index = -1;
            Path = string.Empty;
        }

        internal RelatedLocationReader(Reader record)
        {
            _record = record;
            _stored = true;
            Count = (int)_record.VarInt();
            _index = -1;
            Path = string.Empty;
        }

        /// <summary>How many related locations there are.</summary>
        public int Count { get; }

        /// <summary>The current one's path.</summary>
        public string Path { get; private set; }

        /// <summary>The current one's offsets in its file.</summary>
        public TextSpan Span { get; private set; }

        /// <summary>The current one's first line.</summary>
        public int StartLine { get; private set; }

        /// <summary>The current one's first column.</summary>
        public int StartColumn { get; private set; }

        /// <summary>The current one's last line.</summary>
        public int EndLine { get; private set; }

        /// <summary>The current one's column just past the end.</summary>
        public int EndColumn { get; private set; }

        /// <summary>The current one's message (for a stored finding, the thread's scratch: valid until the next move).</summary>
        public readonly ReadOnlySpan<char> Message => _stored ? t_chars.AsSpan(0, _messageLength) : _kept[_index].Message;

        /// <summary>Moves to the next related location; false after the last.</summary>
        public bool MoveNext()
        {
            if (_index + 1 >= Count)
            {
                return false;
            }

            _index++;
            if (!_stored)
            {
                var location = _kept[_index].Location;
                (Path, Span, StartLine, StartColumn, EndLine, EndColumn) = (location.Path, location.Span, location.StartLine, location.StartColumn, location.EndLine, location.EndColumn);
                return true;
            }

            // As WriteKeyAndRelated wrote them: the path's number, the span, the lines and columns, the message.
            Path = _record.Store.Path((int)_record.VarInt());
            Span = new TextSpan((int)_record.VarInt(), (int)_record.VarInt());
            StartLine = (int)_record.VarInt();
            StartColumn = (int)_record.VarInt();
            EndLine = (int)_record.VarInt();
            EndColumn = (int)_record.VarInt();
            _messageLength = _record.AppendText(0);
            return true;
        }
    }

    internal ref struct Reader(FindingStore store, ReadOnlySpan<byte> record)
    {
        private readonly ReadOnlySpan<byte> _record = record;
        private int _at;

        public readonly FindingStore Store => store;

        public byte Byte() => _record[_at++];

        public uint VarInt()
        {
            uint value = ReadVarInt(_record[_at..], out int length);
            _at += length;
            return value;
        }

        public string Text()
        {
            int length = (int)VarInt();
            var text = Encoding.UTF8.GetString(_record.Slice(_at, length));
            _at += length;
            return text;
        }

        public void SkipText()
        {
            int length = (int)VarInt();
            _at += length;
        }

        public string? Part() => Byte() switch
        {
            NullPart => null,
            LiteralPart => store.Literal((int)VarInt()),
            _ => Text(),
        };

        /// <summary>The next <paramref name="count"/> parts as a format's arguments (text, or null).</summary>
        public object?[] Arguments(int count)
        {
            var arguments = new object?[count];
            for (int i = 0; i < count; i++)
            {
                arguments[i] = Part();
            }

            return arguments;
        }

        /// <summary>The text of <paramref name="count"/> parts, joined in this thread's scratch characters: one string made.</summary>
        public string PartsText(int count)
        {
            int length = AppendParts(count, 0);
            return new string(t_chars!, 0, length);
        }

        /// <summary>Joins the text of the next <paramref name="count"/> parts into the scratch at <paramref name="at"/>; returns where they end.</summary>
        public int AppendParts(int count, int at)
        {
            Room(at);
            for (int i = 0; i < count; i++)
            {
                at = AppendPart(at);
            }

            return at;
        }

        /// <summary>Puts the text of the next part (nothing for a null one) into the scratch at <paramref name="at"/>; returns where it ends.</summary>
        public int AppendPart(int at)
        {
            switch (Byte())
            {
                case NullPart:
                    Room(at);
                    return at;
                case LiteralPart:
                    var literal = store.Literal((int)VarInt());
                    literal.CopyTo(Room(at + literal.Length).AsSpan(at));
                    return at + literal.Length;
                default:
                    return AppendText(at);
            }
        }

        /// <summary>Decodes the next text into the scratch at <paramref name="at"/>; returns where it ends.</summary>
        public int AppendText(int at)
        {
            int bytes = (int)VarInt();
            var chars = Room(at + bytes); // UTF-8 never decodes to more characters than bytes
            at += Encoding.UTF8.GetChars(_record.Slice(_at, bytes), chars.AsSpan(at));
            _at += bytes;
            return at;
        }

        /// <summary>
        /// Expands <paramref name="format"/> (plain <c>{n}</c> placeholders only, well formed) into the scratch at
        /// <paramref name="at"/>, argument n being the scratch's characters from <c>bounds[2n]</c> to <c>bounds[2n + 1]</c>
        /// (all before <paramref name="at"/>); returns where the message ends. For a format with a placeholder, the same
        /// text as <see cref="string.Format(IFormatProvider, string, object[])"/> of the arguments' texts.
        /// </summary>
        public static int Expand(string format, ReadOnlySpan<int> bounds, int at)
        {
            var chars = Room(at);
            int i = 0;
            while (i < format.Length)
            {
                int brace = format.AsSpan(i).IndexOfAny('{', '}');
                int literal = brace < 0 ? format.Length - i : brace;
                chars = Room(at + literal);
                format.CopyTo(i, chars, at, literal);
                at += literal;
                i += literal;
                if (brace < 0)
                {
                    break;
                }

                // "{{" and "}}" are one brace (a lone "}" does not survive the parse the finding's format had).
                if (format[i] == '}' || format[i + 1] == '{')
                {
                    chars = Room(at + 1);
                    chars[at++] = format[i];
                    i += 2;
                    continue;
                }

                int n = 0;
                for (i++; format[i] != '}'; i++)
                {
                    n = (n * 10) + (format[i] - '0');
                }

                i++;
                int start = bounds[2 * n];
                int length = bounds[(2 * n) + 1] - start;
                chars = Room(at + length);
                Array.Copy(chars, start, chars, at, length);
                at += length;
            }

            return at;
        }

        // The thread's scratch characters with room for at least `needed`, keeping what they hold.
        private static char[] Room(int needed)
        {
            var chars = t_chars ??= new char[Math.Max(needed, 1024)];
            if (needed > chars.Length)
            {
                Array.Resize(ref chars, Math.Max(needed, chars.Length * 2));
                t_chars = chars;
            }

            return chars;
        }

        public void SkipMessage()
        {
            _ = Byte();
            int count = (int)VarInt();
            for (int i = 0; i < count; i++)
            {
                switch (Byte())
                {
                    case NullPart:
                        break;
                    case LiteralPart:
                        _ = VarInt();
                        break;
                    default:
                        SkipText();
                        break;
                }
            }
        }
    }

    // --- encoding helpers ---

    private static void WriteByte(IBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static void WriteVarInt(IBufferWriter<byte> output, uint value) => output.Advance(WriteVarInt(output.GetSpan(5), value));

    private static void WriteText(IBufferWriter<byte> output, ReadOnlySpan<char> text)
    {
        int length = Strict.GetByteCount(text);
        WriteVarInt(output, (uint)length);
        output.Advance(Strict.GetBytes(text, output.GetSpan(length)));
    }

    // Throws on a lone surrogate instead of writing U+FFFD for it, so that a record reads back as exactly what was written.
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static int WriteVarInt(Span<byte> into, uint value)
    {
        int at = 0;
        while (value >= 0x80)
        {
            into[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        into[at++] = (byte)value;
        return at;
    }

    private static uint ReadVarInt(ReadOnlySpan<byte> from, out int length)
    {
        uint value = 0;
        int shift = 0;
        length = 0;
        while (true)
        {
            byte b = from[length++];
            value |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return value;
            }

            shift += 7;
        }
    }
}
