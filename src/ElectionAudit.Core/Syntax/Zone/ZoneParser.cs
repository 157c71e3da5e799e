using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Zone;

/// <summary>State that persists across <c>$INCLUDE</c>d files while one zone loads, as in BIND's load context.</summary>
internal sealed class ZoneLoadState
{
    /// <summary>Value of the last <c>$TTL</c>, if any.</summary>
    public uint? DefaultTtl { get; set; }

    /// <summary>TTL of the last record with a known TTL (RFC 1035 semantics).</summary>
    public uint? LastTtl { get; set; }

    /// <summary>The zone's class; records that omit the class get it.</summary>
    public DnsClass ZoneClass { get; set; } = DnsClass.IN;

    /// <summary>Records that <c>$GENERATE</c> may still create in this load, to bound the work a hostile file can cause.</summary>
    public int GenerateBudget { get; set; } = ZoneParser.MaxGeneratedRecords;
}

/// <summary>The part of the parser state that belongs to one file: its origin and the last owner named.</summary>
internal sealed class ZoneFileContext(DomainName origin, DomainName? currentOwner)
{
    public DomainName Origin { get; set; } = origin;

    public DomainName? CurrentOwner { get; set; } = currentOwner;
}

/// <summary>Follows an <c>$INCLUDE</c> while parsing; returns diagnostics for the including file (EA0003).</summary>
internal delegate IEnumerable<SyntaxDiagnostic> ZoneIncludeHandler(IncludeDirectiveSyntax include, SourceText includingFile, ZoneFileContext context, ZoneLoadState state);

/// <summary>
/// Parses DNS master files (RFC 1035 §5 with RFC 2308 <c>$TTL</c>, RFC 3597 unknown types and BIND's <c>$GENERATE</c>).
/// Never throws on input text: problems become EA0002 diagnostics at the offending token, and parsing resumes at the
/// next entry.
/// </summary>
public static class ZoneParser
{
    /// <summary>The most records one load may create through <c>$GENERATE</c>.</summary>
    public const int MaxGeneratedRecords = 65536;

    private const string SyntaxRule = "EA0002";

    /// <summary>Parses one file on its own. <c>$INCLUDE</c> directives are recorded, not followed (use <see cref="ZoneFileLoader"/> for that).</summary>
    /// <param name="source">The file.</param>
    /// <param name="origin">The initial origin; the root when not given.</param>
    public static ZoneSyntaxTree Parse(SourceText source, DomainName? origin = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Parse(source, new ZoneFileContext(origin ?? DomainName.Root, null), new ZoneLoadState(), null);
    }

    /// <summary>Parses one file of a load; <paramref name="window"/> is the characters an ASCII file is widened in at a time (the tests make it small).</summary>
    internal static ZoneSyntaxTree Parse(SourceText source, ZoneFileContext context, ZoneLoadState state, ZoneIncludeHandler? includeHandler, int window = ZoneText.DefaultWindow)
    {
        if (BinaryContent.FirstNul(source) is >= 0 and var nul)
        {
            return new ZoneSyntaxTree(source, new ZoneFileSyntax(new TextSpan(0, source.Length), []), context.Origin, [], [BinaryContent.Diagnostic(source, nul, InputFormat.Zone)]);
        }

        using var text = new ZoneText(source, window);
        var tree = new Parser(source, text, context, state, includeHandler).Run();
        if (TemplateActions.FirstOnErrorLine(tree) is not { } action)
        {
            return tree;
        }

        // A template (an Ansible role's db.example.nl.j2) gives one diagnostic at its first action instead of an error per
        // placeholder, and no records: named refuses the file, so no rule judges a zone without the SOA or addresses
        // its placeholders stand for. The DNS model leaves such a file out (DnsModel.Build).
        return new ZoneSyntaxTree(source, new ZoneFileSyntax(new TextSpan(0, source.Length), []), tree.Origin, tree.Comments,
            [TemplateActions.Diagnostic(source, action, "named", "a zone file")]);
    }

    /// <summary>
    /// The record data of the entry starting at <paramref name="entryStart"/> as <see cref="ResourceRecordSyntax.RdataText"/>
    /// gives it, from its first token at <paramref name="rdataStart"/> on: the entry is lexed again exactly as the parser
    /// lexed it (an entry starts outside parentheses), so the tokens and their joining are the parser's own.
    /// </summary>
    internal static string JoinRecordData(string text, int entryStart, int rdataStart)
    {
        var chars = new ZoneText(text);
        var lexer = new ZoneLexer(chars, [], [], entryStart);
        var tokens = new List<ZoneToken>();
        int first = -1;
        for (var token = lexer.Next(); token.IsValue; token = lexer.Next())
        {
            if (token.Start == rdataStart && first < 0)
            {
                first = tokens.Count;
            }

            tokens.Add(token);
        }

        return first < 0 ? string.Empty : RdataReader.JoinTokens(text, 0, tokens, first);
    }

    private sealed class Parser
    {
        private readonly SourceText _source;
        private readonly ZoneText _text;
        private readonly ZoneFileContext _context;
        private readonly ZoneLoadState _state;
        private readonly ZoneIncludeHandler? _includeHandler;
        private readonly DomainName _initialOrigin;
        private readonly List<TextSpan> _commentSpans = [];
        private readonly List<(TextSpan Span, string Message)> _lexerErrors = [];
        private readonly List<SyntaxDiagnostic> _diagnostics = [];
        private readonly List<ZoneToken> _tokens = new(16);
        private readonly Scratch _scratch = Scratch.Rent();
        private readonly List<ZoneEntrySyntax> _entries;
        private readonly List<ZoneComment> _comments;
        private readonly DomainNameCache _names;

        public Parser(SourceText source, ZoneText text, ZoneFileContext context, ZoneLoadState state, ZoneIncludeHandler? includeHandler)
        {
            _source = source;
            _text = text;
            _context = context;
            _state = state;
            _includeHandler = includeHandler;
            _initialOrigin = context.Origin;
            _entries = _scratch.Entries;
            _comments = _scratch.Comments;
            _names = _scratch.Names;
        }

        /// <summary>
        /// The lists and the name cache a parse fills, kept per thread from one file to the next: made anew for each file,
        /// they grew from empty by doubling, and a large zone's grew past 85,000 bytes onto the large object heap, whose
        /// allocations count towards the budget that starts full collections (a signed root zone's were 4.5 of the 22 MB
        /// a corpus scan put there). The tree keeps exact-size copies. A parse that starts while another runs on the
        /// thread (an $INCLUDE) finds none spare and makes its own.
        /// </summary>
        private sealed class Scratch
        {
            [ThreadStatic]
            private static Scratch? t_spare;

            public List<ZoneEntrySyntax> Entries { get; } = [];

            public List<ZoneComment> Comments { get; } = [];

            public DomainNameCache Names { get; } = new();

            public static Scratch Rent()
            {
                var scratch = t_spare ?? new Scratch();
                t_spare = null;
                return scratch;
            }

            public void Return()
            {
                Entries.Clear();
                Comments.Clear();
                Names.Clear();
                t_spare = this;
            }
        }

        public ZoneSyntaxTree Run()
        {
            var lexer = new ZoneLexer(_text, _commentSpans, _lexerErrors);
            while (true)
            {
                int lineStart = lexer.Position;
                _text.Keep(lineStart);
                int errorsBefore = _lexerErrors.Count;
                _tokens.Clear();
                ZoneToken token;
                while ((token = lexer.Next()).IsValue)
                {
                    _tokens.Add(token);
                }

                // The entry's comments are read while its text is in the window.
                foreach (var comment in _commentSpans)
                {
                    // Pooled: every zone of a repository tends to write the same comments ("; serial", "; refresh") on its SOA record.
                    _comments.Add(new ZoneComment(comment, StringPool.Token(_text.Slice(comment.Start, comment.Length))));
                }

                _commentSpans.Clear();
                if (_lexerErrors.Count > errorsBefore)
                {
                    // A broken quote or parenthesis leaves the entry's extent unknown: report it and drop the entry.
                    for (int i = errorsBefore; i < _lexerErrors.Count; i++)
                    {
                        Report(_lexerErrors[i].Span, _lexerErrors[i].Message);
                    }
                }
                else if (_tokens.Count > 0)
                {
                    bool ownerOmitted = lineStart < _text.Length && _text[lineStart] is ' ' or '\t';
                    var span = TextSpan.FromBounds(_tokens[0].Start, Math.Max(_tokens[^1].End, lexer.LastSignificantEnd));
                    ParseEntry(span, ownerOmitted);
                }

                if (token.Kind == ZoneTokenKind.EndOfFile)
                {
                    break;
                }
            }

            var root = new ZoneFileSyntax(new TextSpan(0, _text.Length), ImmutableArray.Create<ZoneEntrySyntax>(CollectionsMarshal.AsSpan(_entries)));
            var tree = new ZoneSyntaxTree(_source, root, _initialOrigin, ImmutableArray.Create<ZoneComment>(CollectionsMarshal.AsSpan(_comments)), [.. _diagnostics]);
            _scratch.Return();
            return tree;
        }

        private string Raw(ZoneToken token) => token.Kind == ZoneTokenKind.QuotedString
            ? _text.ToString(token.Start + 1, Math.Max(0, token.End - token.Start - 2))
            : _text.ToString(token.Start, token.End - token.Start);

        private void Report(TextSpan span, string message) =>
            _diagnostics.Add(new SyntaxDiagnostic(SyntaxRule, _source.GetLocation(span), message));

        private void ParseEntry(TextSpan span, bool ownerOmitted)
        {
            var first = _tokens[0];
            if (!ownerOmitted && first.Kind == ZoneTokenKind.Word && _text[first.Start] == '$')
            {
                ParseDirective(span);
                return;
            }

            ParseRecord(span, ownerOmitted);
        }

        private void ParseDirective(TextSpan span)
        {
            var keyword = _tokens[0];
            var name = Raw(keyword).ToUpperInvariant();
            switch (name)
            {
                case "$ORIGIN":
                    if (!ExpectArguments(keyword, 1, 1, "$ORIGIN takes one domain name"))
                    {
                        return;
                    }

                    if (TryName(_tokens[1], _context.Origin, "origin", out var origin))
                    {
                        _context.Origin = origin;
                        _entries.Add(new OriginDirectiveSyntax(span, origin, _tokens[1].Span));
                    }

                    return;
                case "$TTL":
                    if (!ExpectArguments(keyword, 1, 1, "$TTL takes one TTL value"))
                    {
                        return;
                    }

                    if (!ZoneNumbers.TryParseTtl(Raw(_tokens[1]), out var ttl))
                    {
                        Report(_tokens[1].Span, $"'{Raw(_tokens[1])}' is not a TTL (seconds, or units such as 1h30m)");
                        return;
                    }

                    ttl = LimitTtl(ttl);
                    _state.DefaultTtl = ttl;
                    _entries.Add(new TtlDirectiveSyntax(span, ttl, _tokens[1].Span));
                    return;
                case "$INCLUDE":
                    ParseInclude(span, keyword);
                    return;
                case "$GENERATE":
                    ParseGenerate(span, keyword);
                    return;
                case "$DATE":
                    // BIND's dump-time marker (it adjusts TTLs of a cache dump); it carries nothing an audit reads.
                    ExpectArguments(keyword, 1, 1, "$DATE takes one timestamp");
                    return;
                default:
                    Report(keyword.Span, $"unknown directive '{Raw(keyword)}' (known: $ORIGIN, $TTL, $INCLUDE, $GENERATE)");
                    return;
            }
        }

        private bool ExpectArguments(ZoneToken keyword, int min, int max, string message)
        {
            int count = _tokens.Count - 1;
            if (count < min)
            {
                Report(keyword.Span, message);
                return false;
            }

            if (count > max)
            {
                Report(_tokens[max + 1].Span, $"unexpected '{Raw(_tokens[max + 1])}': {message}");
                return false;
            }

            return true;
        }

        private bool TryName(ZoneToken token, DomainName origin, string what, out DomainName name)
        {
            name = DomainName.Root;
            if (token.Kind != ZoneTokenKind.Word)
            {
                Report(token.Span, $"invalid {what} '{Raw(token)}': a name cannot be a quoted string");
                return false;
            }

            if (!_names.TryParse(_text.Slice(token.Start, token.End - token.Start), origin, out var parsed, out var error))
            {
                Report(token.Span, $"invalid {what} '{Raw(token)}': {error}");
                return false;
            }

            name = parsed!;
            return true;
        }

        private void ParseInclude(TextSpan span, ZoneToken keyword)
        {
            if (!ExpectArguments(keyword, 1, 2, "$INCLUDE takes a file name and an optional origin"))
            {
                return;
            }

            var fileToken = _tokens[1];
            if (!RdataReader.TryDecode(Raw(fileToken), out var fileName, out var error))
            {
                Report(fileToken.Span, $"invalid file name: {error}");
                return;
            }

            DomainName? origin = null;
            TextSpan? originSpan = null;
            if (_tokens.Count == 3)
            {
                if (!TryName(_tokens[2], _context.Origin, "origin", out var parsed))
                {
                    return;
                }

                origin = parsed;
                originSpan = _tokens[2].Span;
            }

            var include = new IncludeDirectiveSyntax(span, fileName, fileToken.Span, origin, originSpan);
            _entries.Add(include);
            if (_includeHandler is not null)
            {
                _diagnostics.AddRange(_includeHandler(include, _source, _context, _state));
            }
        }

        private void ParseRecord(TextSpan span, bool ownerOmitted)
        {
            int index = 0;
            DomainName owner;
            TextSpan? ownerSpan = null;
            if (ownerOmitted)
            {
                if (_context.CurrentOwner is null)
                {
                    Report(_tokens[0].Span, "the record has no owner name and there is no previous owner to inherit");
                    return;
                }

                owner = _context.CurrentOwner;
            }
            else
            {
                if (!TryName(_tokens[0], _context.Origin, "owner name", out owner))
                {
                    return;
                }

                ownerSpan = _tokens[0].Span;
                _context.CurrentOwner = owner;
                index = 1;
            }

            if (!TryReadTtlClassType(ref index, out var ttl, out var ttlSpan, out var recordClass, out var classSpan, out var type, out var typeToken))
            {
                return;
            }

            var record = BuildRecord(span, owner, ownerSpan, ttl, ttlSpan, recordClass, classSpan, type, typeToken.Span, _text.Window, _text.Base, _tokens, index, _context.Origin, null);
            if (record is not null)
            {
                _entries.Add(record);
            }
        }

        /// <summary>Reads <c>[ttl] [class] type</c> in either order of TTL and class, as BIND accepts them.</summary>
        private bool TryReadTtlClassType(ref int index, out uint? ttl, out TextSpan? ttlSpan, out DnsClass? recordClass, out TextSpan? classSpan, out DnsRecordType type, out ZoneToken typeToken)
        {
            ttl = null;
            ttlSpan = null;
            recordClass = null;
            classSpan = null;
            type = default;
            typeToken = default;
            for (int k = 0; k < 2 && index < _tokens.Count; k++)
            {
                var token = _tokens[index];
                var raw = _text.Slice(token.Start, token.End - token.Start);
                if (token.Kind != ZoneTokenKind.Word)
                {
                    break;
                }

                if (ttl is null && ZoneNumbers.TryParseTtl(raw, out var value))
                {
                    ttl = value;
                    ttlSpan = token.Span;
                    index++;
                }
                else if (recordClass is null && DnsClass.TryParse(raw, out var parsedClass))
                {
                    recordClass = parsedClass;
                    classSpan = token.Span;
                    index++;
                }
                else
                {
                    break;
                }
            }

            if (index >= _tokens.Count)
            {
                Report(_tokens[^1].Span, "the record has no type");
                return false;
            }

            typeToken = _tokens[index];
            var typeText = _text.Slice(typeToken.Start, typeToken.End - typeToken.Start);
            if (typeToken.Kind != ZoneTokenKind.Word || !DnsRecordType.TryParse(typeText, out type))
            {
                string message = char.IsAsciiDigit(typeText.Length > 0 ? typeText[0] : ' ') && ttl is null
                    ? $"'{Raw(typeToken)}' is not a valid TTL"
                    : $"unknown record type '{Raw(typeToken)}'";
                Report(typeToken.Span, message);
                return false;
            }

            index++;
            return true;
        }

        private ResourceRecordSyntax? BuildRecord(TextSpan span, DomainName owner, TextSpan? ownerSpan, uint? explicitTtl, TextSpan? ttlSpan, DnsClass? explicitClass, TextSpan? classSpan,
            DnsRecordType type, TextSpan typeSpan, ReadOnlySpan<char> text, int textBase, List<ZoneToken> tokens, int rdataStart, DomainName origin, TextSpan? spanOverride)
        {
            // Meta types are not data (RFC 6895 §3.1); BIND refuses them in zone files.
            if (type.Value is 41 or 249 or 250 or 251 or 252 or 253 or 254 or 255)
            {
                Report(typeSpan, $"{type} is a meta type and cannot appear in a zone file");
                return null;
            }

            var endSpan = spanOverride ?? (rdataStart < tokens.Count ? tokens[^1].Span : typeSpan);
            RecordData data;
            try
            {
                data = new RdataReader(text, textBase, tokens, rdataStart, origin, endSpan, spanOverride, _names, spanOverride is null ? _source : null).Read(type);
            }
            catch (RdataFormatException exception)
            {
                Report(exception.Span, $"{type} record: {exception.Message}");
                return null;
            }

            // TTL resolution as BIND's loader does it (RFC 2308 §4 with RFC 1035 fallback).
            uint ttl;
            ZoneTtlSource source;
            if (explicitTtl is { } given)
            {
                ttl = LimitTtl(given);
                source = ZoneTtlSource.Explicit;
                _state.LastTtl = ttl;
            }
            else if (_state.DefaultTtl is { } defaultTtl)
            {
                ttl = defaultTtl;
                source = ZoneTtlSource.TtlDirective;
            }
            else if (_state.LastTtl is { } lastTtl)
            {
                ttl = lastTtl;
                source = ZoneTtlSource.PreviousRecord;
            }
            else if (data is SoaRecordData soa)
            {
                ttl = LimitTtl(soa.Minimum);
                source = ZoneTtlSource.SoaMinimum;
                _state.LastTtl = ttl;
            }
            else
            {
                ttl = 0;
                source = ZoneTtlSource.Missing;
            }

            var rdataSpan = spanOverride ?? (rdataStart < tokens.Count ? TextSpan.FromBounds(tokens[rdataStart].Start, tokens[^1].End) : new TextSpan(typeSpan.End, 0));
            return spanOverride is null
                ? new ResourceRecordSyntax(_source, span, owner, ownerSpan, ttl, source, ttlSpan, explicitClass ?? _state.ZoneClass, classSpan, type, typeSpan, rdataSpan, data)
                : new ResourceRecordSyntax(span, owner, ownerSpan, ttl, source, ttlSpan, explicitClass ?? _state.ZoneClass, classSpan, type, typeSpan, rdataSpan,
                    RdataReader.JoinTokens(text, textBase, tokens, rdataStart), data);
        }

        /// <summary>RFC 2181 §8: a TTL above 2^31−1 is treated as 0; BIND does so with a warning.</summary>
        private static uint LimitTtl(uint ttl) => ttl > int.MaxValue ? 0 : ttl;

        private void ParseGenerate(TextSpan span, ZoneToken keyword)
        {
            if (_tokens.Count < 5)
            {
                Report(keyword.Span, "$GENERATE takes a range, an owner, an optional TTL and class, a type and record data");
                return;
            }

            var rangeToken = _tokens[1];
            if (!TryParseRange(Raw(rangeToken), out long start, out long stop, out long step))
            {
                Report(rangeToken.Span, $"invalid $GENERATE range '{Raw(rangeToken)}': expected start-stop[/step] with 0 <= start <= stop < 2^31 and step >= 1");
                return;
            }

            var lhsToken = _tokens[2];
            int index = 3;
            if (!TryReadTtlClassType(ref index, out var ttl, out var ttlSpan, out var recordClass, out var classSpan, out var type, out var typeToken))
            {
                return;
            }

            if (index != _tokens.Count - 1)
            {
                var extra = index >= _tokens.Count ? typeToken : _tokens[index + 1];
                Report(extra.Span, index >= _tokens.Count ? "$GENERATE has no record data" : $"unexpected '{Raw(extra)}' after the $GENERATE record data");
                return;
            }

            var rhsToken = _tokens[index];
            var directive = new GenerateDirectiveSyntax(span, start, stop, step, rangeToken.Span);
            _entries.Add(directive);

            long count = ((stop - start) / step) + 1;
            if (count > _state.GenerateBudget)
            {
                Report(rangeToken.Span, $"$GENERATE range expands to {count} records; only the first {_state.GenerateBudget} are read (limit {MaxGeneratedRecords} per zone)");
                count = _state.GenerateBudget;
            }

            _state.GenerateBudget -= (int)count;
            var records = ImmutableArray.CreateBuilder<ResourceRecordSyntax>((int)count);
            string lhs = Raw(lhsToken);
            string rhs = Raw(rhsToken);
            var rdataErrors = new List<(TextSpan, string)>();
            var rdataComments = new List<TextSpan>();
            var rdataTokens = new List<ZoneToken>();
            for (long i = 0, value = start; i < count; i++, value += step)
            {
                if (!TryExpand(lhs, value, out var owner, out var error) || !TryExpand(rhs, value, out var rdata, out error))
                {
                    Report(error!.Value.OnRhs ? rhsToken.Span : lhsToken.Span, error.Value.Message);
                    break;
                }

                if (!DomainName.TryParse(owner, _context.Origin, out var ownerName, out var nameError))
                {
                    Report(lhsToken.Span, $"$GENERATE owner '{owner}' for {value} is not a valid name: {nameError}");
                    break;
                }

                rdataTokens.Clear();
                rdataErrors.Clear();
                var lexer = new ZoneLexer(new ZoneText(rdata), rdataComments, rdataErrors);
                for (var token = lexer.Next(); token.Kind != ZoneTokenKind.EndOfFile; token = lexer.Next())
                {
                    if (token.IsValue)
                    {
                        rdataTokens.Add(token);
                    }
                }

                if (rdataErrors.Count > 0)
                {
                    Report(rhsToken.Span, $"$GENERATE record data '{rdata}': {rdataErrors[0].Item2}");
                    break;
                }

                var record = BuildRecord(span, ownerName!, lhsToken.Span, ttl, ttlSpan, recordClass, classSpan, type, typeToken.Span, rdata, 0, rdataTokens, 0, _context.Origin, rhsToken.Span);
                if (record is null)
                {
                    break;
                }

                record.Generator = directive;
                records.Add(record);
            }

            directive.Records = records.ToImmutable();
        }

        /// <summary>BIND accepts <c>start-stop</c> or <c>start-stop/step</c>, all non-negative 32-bit signed integers, start &lt;= stop, step &gt;= 1.</summary>
        private static bool TryParseRange(string text, out long start, out long stop, out long step)
        {
            start = stop = 0;
            step = 1;
            int dash = text.IndexOf('-', StringComparison.Ordinal);
            if (dash <= 0)
            {
                return false;
            }

            int slash = text.IndexOf('/', dash);
            var stopText = slash < 0 ? text.AsSpan(dash + 1) : text.AsSpan(dash + 1, slash - dash - 1);
            if (!ZoneNumbers.TryParseDecimal(text.AsSpan(0, dash), int.MaxValue, out var first) || !ZoneNumbers.TryParseDecimal(stopText, int.MaxValue, out var last))
            {
                return false;
            }

            if (slash >= 0)
            {
                if (!ZoneNumbers.TryParseDecimal(text.AsSpan(slash + 1), int.MaxValue, out var stride) || stride < 1)
                {
                    return false;
                }

                step = (long)stride;
            }

            start = (long)first;
            stop = (long)last;
            return start <= stop;
        }

        /// <summary>
        /// Substitutes the iterator into a <c>$GENERATE</c> template: <c>$</c>, <c>${offset}</c>, <c>${offset,width}</c>,
        /// <c>${offset,width,base}</c> with base d, o, x, X, n or N (nibble labels); <c>$$</c> is a literal <c>$</c> and a
        /// backslash keeps the next character as it is (BIND 9 ARM, "The $GENERATE Directive").
        /// </summary>
        private static bool TryExpand(string template, long value, out string result, out (bool OnRhs, string Message)? error)
        {
            error = null;
            result = template;
            if (!template.Contains('$', StringComparison.Ordinal))
            {
                return true;
            }

            var builder = new StringBuilder(template.Length + 8);
            for (int i = 0; i < template.Length; i++)
            {
                char c = template[i];
                if (c == '\\')
                {
                    builder.Append(c);
                    if (i + 1 < template.Length)
                    {
                        builder.Append(template[++i]);
                    }

                    continue;
                }

                if (c != '$')
                {
                    builder.Append(c);
                    continue;
                }

                if (i + 1 < template.Length && template[i + 1] == '$')
                {
                    builder.Append('$');
                    i++;
                    continue;
                }

                long offset = 0;
                int width = 0;
                char radix = 'd';
                if (i + 1 < template.Length && template[i + 1] == '{')
                {
                    int close = template.IndexOf('}', i + 2);
                    if (close < 0)
                    {
                        error = (false, $"'${{' without a closing '}}' in $GENERATE template '{template}'");
                        return false;
                    }

                    var parts = template[(i + 2)..close].Split(',');
                    if (parts.Length > 3
                        || !long.TryParse(parts[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out offset)
                        || (parts.Length > 1 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out width))
                        || (parts.Length > 2 && (parts[2].Length != 1 || "doxXnN".IndexOf(parts[2][0], StringComparison.Ordinal) < 0))
                        || width > 255)
                    {
                        error = (false, $"invalid $GENERATE modifier '${{{template[(i + 2)..close]}}}': expected ${{offset[,width[,base]]}} with base d, o, x, X, n or N");
                        return false;
                    }

                    if (parts.Length > 2)
                    {
                        radix = parts[2][0];
                    }

                    i = close;
                }

                long number = value + offset;
                if (number > int.MaxValue)
                {
                    error = (false, $"$GENERATE value {number} is out of range");
                    return false;
                }

                // BIND formats the C int with printf, so negative values print as such in decimal and as 32-bit two's complement otherwise.
                uint bits = unchecked((uint)(int)number);
                string digits = radix switch
                {
                    'o' => Convert.ToString(bits, 8),
                    'x' or 'n' => bits.ToString("x", CultureInfo.InvariantCulture),
                    'X' or 'N' => bits.ToString("X", CultureInfo.InvariantCulture),
                    _ => ((int)number).ToString(CultureInfo.InvariantCulture),
                };
                if (radix is 'n' or 'N')
                {
                    AppendNibbles(builder, bits, width, upperCase: radix == 'N');
                }
                else
                {
                    builder.Append(digits.Length < width ? digits.PadLeft(width, '0') : digits);
                }
            }

            result = builder.ToString();
            return true;
        }

        /// <summary>
        /// Nibble mode: hex digits least significant first, each followed by a dot while digits or width remain; the
        /// width counts characters including the dots, so an even width ends with a dot (BIND's master.c nibbles()).
        /// </summary>
        private static void AppendNibbles(StringBuilder builder, uint value, int width, bool upperCase)
        {
            string alphabet = upperCase ? "0123456789ABCDEF" : "0123456789abcdef";
            do
            {
                builder.Append(alphabet[(int)(value & 0xF)]);
                value >>= 4;
                if (width > 0)
                {
                    width--;
                }

                if (width > 0 || value != 0)
                {
                    builder.Append('.');
                    if (width > 0)
                    {
                        width--;
                    }
                }
            }
            while (value != 0 || width > 0);
        }
    }
}
