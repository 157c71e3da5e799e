using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>The root of a zone file's tree: its entries in source order.</summary>
public sealed class ZoneFileSyntax : SyntaxNode
{
    internal ZoneFileSyntax(TextSpan span, ImmutableArray<ZoneEntrySyntax> entries)
    {
        Span = span;
        Entries = entries;
    }

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <summary>Directives and records, in source order.</summary>
    public ImmutableArray<ZoneEntrySyntax> Entries { get; }

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Entries;

    // By index: a walk of a signed zone's tens of thousands of records through the boxed array's interface was a few per
    // cent of scanning it.
    internal override int IndexedChildCount => Entries.Length;

    internal override SyntaxNode ChildAt(int index) => Entries[index];
}

/// <summary>One entry of a zone file: a directive or a resource record.</summary>
public abstract class ZoneEntrySyntax : SyntaxNode
{
    // Entries have no children but $GENERATE's records; a walk need not ask for an empty list of each record's.
    internal override int IndexedChildCount => 0;
}

/// <summary><c>$ORIGIN name</c>: sets the origin for relative names that follow (RFC 1035 §5.1).</summary>
public sealed class OriginDirectiveSyntax : ZoneEntrySyntax
{
    internal OriginDirectiveSyntax(TextSpan span, DomainName origin, TextSpan nameSpan)
    {
        Span = span;
        Origin = origin;
        NameSpan = nameSpan;
    }

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <summary>The new origin, absolute.</summary>
    public DomainName Origin { get; }

    /// <summary>Where the name is written.</summary>
    public TextSpan NameSpan { get; }
}

/// <summary><c>$TTL ttl</c>: the TTL for records that give none (RFC 2308 §4).</summary>
public sealed class TtlDirectiveSyntax : ZoneEntrySyntax
{
    internal TtlDirectiveSyntax(TextSpan span, uint ttl, TextSpan valueSpan)
    {
        Span = span;
        Ttl = ttl;
        ValueSpan = valueSpan;
    }

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <summary>The TTL in seconds (values above 2^31−1 become 0, as BIND does under RFC 2181 §8).</summary>
    public uint Ttl { get; }

    /// <summary>Where the value is written.</summary>
    public TextSpan ValueSpan { get; }
}

/// <summary><c>$INCLUDE file [origin]</c> (RFC 1035 §5.1).</summary>
public sealed class IncludeDirectiveSyntax : ZoneEntrySyntax
{
    internal IncludeDirectiveSyntax(TextSpan span, string fileName, TextSpan fileNameSpan, DomainName? origin, TextSpan? originSpan)
    {
        Span = span;
        FileName = fileName;
        FileNameSpan = fileNameSpan;
        Origin = origin;
        OriginSpan = originSpan;
    }

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <summary>The file name as written (quotes and escapes removed).</summary>
    public string FileName { get; }

    /// <summary>Where the file name is written.</summary>
    public TextSpan FileNameSpan { get; }

    /// <summary>The origin given for the included file, absolute; null when the current origin applies.</summary>
    public DomainName? Origin { get; }

    /// <summary>Where the origin argument is written.</summary>
    public TextSpan? OriginSpan { get; }

    /// <summary>The file the loader read for this directive (relative to the scan root), or null when it was not followed or not found.</summary>
    public string? ResolvedPath { get; internal set; }
}

/// <summary>
/// BIND's <c>$GENERATE range lhs [ttl] [class] type rhs</c> (BIND 9 ARM, "BIND Primary File Extension: the $GENERATE
/// Directive"): one record per value of the range, with <c>$</c> and <c>${offset,width,base}</c> replaced in
/// <c>lhs</c> and <c>rhs</c>.
/// </summary>
public sealed class GenerateDirectiveSyntax : ZoneEntrySyntax
{
    internal GenerateDirectiveSyntax(TextSpan span, long start, long stop, long step, TextSpan rangeSpan)
    {
        Span = span;
        Start = start;
        Stop = stop;
        Step = step;
        RangeSpan = rangeSpan;
    }

    /// <inheritdoc />
    public override TextSpan Span { get; }

    /// <summary>First value of the range.</summary>
    public long Start { get; }

    /// <summary>Last value of the range (inclusive).</summary>
    public long Stop { get; }

    /// <summary>Step between values.</summary>
    public long Step { get; }

    /// <summary>Where the range is written.</summary>
    public TextSpan RangeSpan { get; }

    /// <summary>The records the directive expands to, in range order. Their spans point into the directive.</summary>
    public ImmutableArray<ResourceRecordSyntax> Records { get; internal set; } = [];

    /// <inheritdoc />
    public override IEnumerable<SyntaxNode> ChildNodes() => Records;

    internal override int IndexedChildCount => Records.Length;

    internal override SyntaxNode ChildAt(int index) => Records[index];
}

/// <summary>Where a record's TTL came from.</summary>
public enum ZoneTtlSource
{
    /// <summary>Written in the record.</summary>
    Explicit,

    /// <summary>From the <c>$TTL</c> directive in effect (RFC 2308 §4).</summary>
    TtlDirective,

    /// <summary>No <c>$TTL</c> yet: the TTL of the previous record (RFC 1035 §5.1 semantics, which BIND applies with a warning).</summary>
    PreviousRecord,

    /// <summary>An SOA record with neither its own TTL nor any before it: the SOA minimum field, as BIND does ("using SOA MINTTL instead").</summary>
    SoaMinimum,

    /// <summary>No TTL could be determined (BIND refuses such a zone: "no TTL specified"); <see cref="ResourceRecordSyntax.Ttl"/> is 0.</summary>
    Missing,
}

/// <summary>One resource record with its effective owner, TTL and class, its typed data, and the spans of its parts.</summary>
public sealed class ResourceRecordSyntax : ZoneEntrySyntax
{
    // A signed zone holds tens of thousands of records, so the fields are kept few and small: the optional spans are
    // stored with a bit saying whether each is written, the TTL source as a byte, and the record-data text (or, for a
    // generated record, its text and directive) behind one reference. The parts' spans lie in the record's span, a few
    // characters from its start (the record data's end a few from its end), so each is kept as two bytes: 112 -> 80
    // bytes a record. A record whose parts do not fit (a very long owner or a span outside the record's) keeps them whole
    // in a WideSpans behind the same reference.
    private const byte HasOwnerSpan = 1;
    private const byte HasTtlSpan = 2;
    private const byte HasClassSpan = 4;

    // Either the file, to join the record data from its text when asked (few readers ask, and a joined copy of every
    // record's data doubled a signed zone's strings), or a GeneratedText for a record made by $GENERATE, or a WideSpans
    // holding one of those. The file, not its text as a string: an ASCII file's SourceText keeps its bytes and makes the
    // string only while a reader holds it.
    private readonly object _text;
    private readonly byte _ttlSource;
    private readonly byte _present;

    // Offsets from Span.Start and lengths; for the record data, its offset and the distance from its end to Span.End.
    private readonly byte _ownerOffset;
    private readonly byte _ownerLength;
    private readonly byte _ttlOffset;
    private readonly byte _ttlLength;
    private readonly byte _classOffset;
    private readonly byte _classLength;
    private readonly byte _typeOffset;
    private readonly byte _typeLength;
    private readonly byte _rdataOffset;
    private readonly byte _rdataGap;

    internal ResourceRecordSyntax(TextSpan span, DomainName owner, TextSpan? ownerSpan, uint ttl, ZoneTtlSource ttlSource, TextSpan? ttlSpan,
        DnsClass recordClass, TextSpan? classSpan, DnsRecordType type, TextSpan typeSpan, TextSpan rdataSpan, string rdataText, RecordData data)
        : this(new GeneratedText(rdataText), span, owner, ownerSpan, ttl, ttlSource, ttlSpan, recordClass, classSpan, type, typeSpan, rdataSpan, data)
    {
    }

    /// <summary>A record read from <paramref name="file"/>, whose <see cref="RdataText"/> is joined from its tokens when asked for.</summary>
    internal ResourceRecordSyntax(SourceText file, TextSpan span, DomainName owner, TextSpan? ownerSpan, uint ttl, ZoneTtlSource ttlSource, TextSpan? ttlSpan,
        DnsClass recordClass, TextSpan? classSpan, DnsRecordType type, TextSpan typeSpan, TextSpan rdataSpan, RecordData data)
        : this((object)file, span, owner, ownerSpan, ttl, ttlSource, ttlSpan, recordClass, classSpan, type, typeSpan, rdataSpan, data)
    {
    }

    private ResourceRecordSyntax(object text, TextSpan span, DomainName owner, TextSpan? ownerSpan, uint ttl, ZoneTtlSource ttlSource, TextSpan? ttlSpan,
        DnsClass recordClass, TextSpan? classSpan, DnsRecordType type, TextSpan typeSpan, TextSpan rdataSpan, RecordData data)
    {
        Span = span;
        Owner = owner;
        Ttl = ttl;
        _ttlSource = (byte)ttlSource;
        Class = recordClass;
        Type = type;
        Data = data;
        _present = (byte)((ownerSpan.HasValue ? HasOwnerSpan : 0) | (ttlSpan.HasValue ? HasTtlSpan : 0) | (classSpan.HasValue ? HasClassSpan : 0));
        var owned = ownerSpan.GetValueOrDefault(new TextSpan(span.Start, 0));
        var ttlPart = ttlSpan.GetValueOrDefault(new TextSpan(span.Start, 0));
        var classPart = classSpan.GetValueOrDefault(new TextSpan(span.Start, 0));
        if (Fits(span, owned) && Fits(span, ttlPart) && Fits(span, classPart) && Fits(span, typeSpan) && Fits(span, new TextSpan(rdataSpan.Start, 0))
            && rdataSpan.End <= span.End && span.End - rdataSpan.End <= byte.MaxValue)
        {
            _text = text;
            (_ownerOffset, _ownerLength) = Pack(span, owned);
            (_ttlOffset, _ttlLength) = Pack(span, ttlPart);
            (_classOffset, _classLength) = Pack(span, classPart);
            (_typeOffset, _typeLength) = Pack(span, typeSpan);
            _rdataOffset = (byte)(rdataSpan.Start - span.Start);
            _rdataGap = (byte)(span.End - rdataSpan.End);
        }
        else
        {
            _text = new WideSpans(text, owned, ttlPart, classPart, typeSpan, rdataSpan);
        }

        static bool Fits(TextSpan span, TextSpan part) => part.Start >= span.Start && part.Start - span.Start <= byte.MaxValue && part.Length <= byte.MaxValue;

        static (byte Offset, byte Length) Pack(TextSpan span, TextSpan part) => ((byte)(part.Start - span.Start), (byte)part.Length);
    }

    /// <summary>The whole record, including continuation lines inside parentheses (for a generated record: its <c>$GENERATE</c> line).</summary>
    public override TextSpan Span { get; }

    /// <summary>The absolute owner name.</summary>
    public DomainName Owner { get; }

    /// <summary>Where the owner is written; null when it is omitted and inherited from the previous record.</summary>
    public TextSpan? OwnerSpan => (_present & HasOwnerSpan) == 0 ? null : _text is WideSpans wide ? wide.Owner : Unpack(_ownerOffset, _ownerLength);

    /// <summary>The effective TTL in seconds.</summary>
    public uint Ttl { get; }

    /// <summary>Where <see cref="Ttl"/> came from.</summary>
    public ZoneTtlSource TtlSource => (ZoneTtlSource)_ttlSource;

    /// <summary>Where the TTL is written, when it is.</summary>
    public TextSpan? TtlSpan => (_present & HasTtlSpan) == 0 ? null : _text is WideSpans wide ? wide.Ttl : Unpack(_ttlOffset, _ttlLength);

    /// <summary>The class (the zone's class, IN unless given, when omitted).</summary>
    public DnsClass Class { get; }

    /// <summary>Where the class is written, when it is.</summary>
    public TextSpan? ClassSpan => (_present & HasClassSpan) == 0 ? null : _text is WideSpans wide ? wide.Class : Unpack(_classOffset, _classLength);

    /// <summary>The record type.</summary>
    public DnsRecordType Type { get; }

    /// <summary>Where the type is written.</summary>
    public TextSpan TypeSpan => _text is WideSpans wide ? wide.Type : Unpack(_typeOffset, _typeLength);

    /// <summary>The record data, from its first to its last token.</summary>
    public TextSpan RdataSpan => _text is WideSpans wide ? wide.Rdata : TextSpan.FromBounds(Span.Start + _rdataOffset, Span.End - _rdataGap);

    /// <summary>The record data as written, with line breaks, comments and parentheses replaced by single spaces.</summary>
    public string RdataText => Text is GeneratedText generated ? generated.RdataText : ZoneParser.JoinRecordData(((SourceText)Text).ToString(Span), 0, RdataSpan.Start - Span.Start);

    /// <summary>The parsed record data.</summary>
    public RecordData Data { get; }

    /// <summary>The <c>$GENERATE</c> directive this record came from, if any.</summary>
    public GenerateDirectiveSyntax? Generator
    {
        get => (Text as GeneratedText)?.Directive;
        internal set => ((GeneratedText)Text).Directive = value;
    }

    // The file or the GeneratedText, from under a WideSpans when there is one.
    private object Text => _text is WideSpans wide ? wide.Text : _text;

    /// <summary>The record in canonical presentation form: <c>owner TTL class type rdata</c>.</summary>
    public override string ToString() => $"{Owner} {Ttl} {Class} {Type} {Data}";

    private TextSpan Unpack(byte offset, byte length) => new(Span.Start + offset, length);

    /// <summary>The spans of a record whose parts are too far into it, or too long, for a byte each; and its text.</summary>
    private sealed record WideSpans(object Text, TextSpan Owner, TextSpan Ttl, TextSpan Class, TextSpan Type, TextSpan Rdata);

    /// <summary>What a generated record has that a record read from the file does not: its data text, and its directive.</summary>
    private sealed class GeneratedText(string rdataText)
    {
        public string RdataText { get; } = rdataText;

        public GenerateDirectiveSyntax? Directive { get; set; }
    }
}

/// <summary>A <c>;</c> comment, kept as trivia so that inline suppression comments can be found.</summary>
/// <param name="Span">From the <c>;</c> to the end of the line (line break excluded).</param>
/// <param name="Text">The comment text, including the <c>;</c>.</param>
public sealed record ZoneComment(TextSpan Span, string Text);

/// <summary>The syntax tree of one zone file.</summary>
public sealed class ZoneSyntaxTree : SyntaxTree
{
    internal ZoneSyntaxTree(SourceText source, ZoneFileSyntax root, DomainName origin, ImmutableArray<ZoneComment> comments, ImmutableArray<SyntaxDiagnostic> diagnostics)
        : base(source, root, diagnostics)
    {
        Origin = origin;
        Comments = comments;
        // A plain loop: a per-entry sequence allocated an array for every record of a large zone.
        var records = ImmutableArray.CreateBuilder<ResourceRecordSyntax>(root.Entries.Length);
        foreach (var entry in root.Entries)
        {
            if (entry is ResourceRecordSyntax record)
            {
                records.Add(record);
            }
            else if (entry is GenerateDirectiveSyntax generate)
            {
                records.AddRange(generate.Records);
            }
        }

        // Without a copy when every entry is a record (a root zone's file has no directives).
        Records = records.DrainToImmutable();
    }

    /// <inheritdoc />
    public override InputFormat Format => InputFormat.Zone;

    /// <summary>The root node.</summary>
    public new ZoneFileSyntax Root => (ZoneFileSyntax)base.Root;

    /// <summary>The origin the file was read with (before any <c>$ORIGIN</c>).</summary>
    public DomainName Origin { get; }

    /// <summary>The records of this file (generated ones included), in source order; records of included files are not here (see <see cref="ZoneFileLoader"/>).</summary>
    public ImmutableArray<ResourceRecordSyntax> Records { get; }

    /// <summary>The comments, in source order.</summary>
    public ImmutableArray<ZoneComment> Comments { get; }

    /// <inheritdoc />
    public override ImmutableArray<TextSpan> CommentSpans => [.. Comments.Select(c => c.Span)];
}
