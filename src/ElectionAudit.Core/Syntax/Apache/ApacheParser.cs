using System.Collections.Immutable;
using System.Runtime.InteropServices;
using System.Text;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Apache;

/// <summary>
/// The reader behind <see cref="ApacheSyntaxTree.Parse(SourceText)"/>. It follows httpd 2.4:
/// <c>ap_cfg_getline</c> (util.c) joins continued lines and trims blanks, <c>ap_build_config_sub</c> (config.c)
/// skips comment lines and builds the section tree, <c>ap_getword_conf</c> (util.c) splits words.
/// Logical lines are copied once into a reusable buffer with a map back to source offsets, so the work is linear.
/// </summary>
internal sealed class ApacheParser
{
    /// <summary>
    /// httpd itself has no nesting limit; a limit here keeps a hostile file from exhausting the stack of
    /// recursive consumers. Real configurations nest a handful of levels.
    /// </summary>
    internal const int MaxSectionDepth = 256;

    private readonly SourceText _source;
    private readonly string _text;
    private readonly ImmutableArray<SyntaxDiagnostic>.Builder _diagnostics = ImmutableArray.CreateBuilder<SyntaxDiagnostic>();
    private readonly ImmutableArray<ApacheComment>.Builder _comments = ImmutableArray.CreateBuilder<ApacheComment>();
    private readonly ImmutableArray<ApacheStatementSyntax>.Builder _rootChildren = ImmutableArray.CreateBuilder<ApacheStatementSyntax>();
    private readonly List<(ApacheSectionSyntax Section, ImmutableArray<ApacheStatementSyntax>.Builder Children)> _open = [];
    private readonly StringBuilder _scratch = new();
    private readonly List<ApacheArgument> _words = [];
    private char[] _line = new char[256];
    private int[] _map = new int[256];
    private int _length;

    private ApacheParser(SourceText source)
    {
        _source = source;
        _text = source.Text;
    }

    internal readonly record struct Result(ApacheFileSyntax Root, ImmutableArray<SyntaxDiagnostic> Diagnostics, ImmutableArray<ApacheComment> Comments);

    public static Result Parse(SourceText source)
    {
        var parser = new ApacheParser(source);
        return parser.Run();
    }

    private Result Run()
    {
        int position = 0;
        while (position < _text.Length)
        {
            position = ReadLogicalLine(position);
            ProcessLine();
        }

        // ap_build_config: every section still open at the end of the file is reported ("<X> was not closed.").
        for (int i = _open.Count - 1; i >= 0; i--)
        {
            var (section, children) = _open[i];
            section.Children = children.ToImmutable();
            Report(section.NameSpan, $"<{section.Name}> was not closed.");
        }

        _open.Clear();
        var root = new ApacheFileSyntax(_rootChildren.ToImmutable(), _text.Length);
        return new Result(root, _diagnostics.ToImmutable(), _comments.ToImmutable());
    }

    /// <summary>
    /// Reads physical lines up to a line feed; a backslash right before the line feed (or before CR LF) continues the
    /// line, as <c>ap_cfg_getline</c> does. Only LF ends a line, as with <c>fgets</c>; a CR is a blank.
    /// </summary>
    private int ReadLogicalLine(int position)
    {
        _length = 0;
        while (true)
        {
            int lineFeed = _text.IndexOf('\n', position);
            int end = lineFeed < 0 ? _text.Length : lineFeed;
            int contentEnd = end;
            bool continued = false;
            if (lineFeed >= 0)
            {
                int last = end;
                if (last > position && _text[last - 1] == '\r')
                {
                    last--;
                }

                if (last > position && _text[last - 1] == '\\')
                {
                    continued = true;
                    contentEnd = last - 1;
                }
            }

            Append(position, contentEnd);
            position = lineFeed < 0 ? _text.Length : lineFeed + 1;
            if (!continued || position >= _text.Length)
            {
                return position;
            }
        }
    }

    private void Append(int start, int end)
    {
        int count = end - start;
        if (_length + count > _line.Length)
        {
            int size = Math.Max(_line.Length * 2, _length + count);
            Array.Resize(ref _line, size);
            Array.Resize(ref _map, size);
        }

        _text.CopyTo(start, _line, _length, count);
        for (int i = 0; i < count; i++)
        {
            _map[_length + i] = start + i;
        }

        _length += count;
    }

    private void ProcessLine()
    {
        int start = 0;
        int end = _length;
        while (start < end && IsBlank(_line[start]))
        {
            start++;
        }

        while (end > start && IsBlank(_line[end - 1]))
        {
            end--;
        }

        if (start == end)
        {
            return;
        }

        if (_line[start] == '#')
        {
            _comments.Add(new ApacheComment(new string(_line, start, end - start), SpanOf(start, end)));
            return;
        }

        int position = start;
        var nameWord = ReadWord(ref position, end);
        string word = nameWord.Value;
        if (word.StartsWith("</", StringComparison.Ordinal))
        {
            CloseSection(word, nameWord.Span);
            return;
        }

        // ap_build_config_sub strips one '>' from the end of the first word of any non-closing line.
        bool wordHadBracket = word.Length > 0 && word[^1] == '>';
        string name = wordHadBracket ? word[..^1] : word;
        // The name span leaves out that '>' so that it covers the name alone.
        var nameSpan = wordHadBracket && !nameWord.IsQuoted ? new TextSpan(nameWord.Span.Start, nameWord.Span.Length - 1) : nameWord.Span;
        if (name.StartsWith('<'))
        {
            OpenSection(name[1..], nameSpan, position, end, start);
            return;
        }

        var arguments = ReadWords(position, end);
        AddStatement(new ApacheDirectiveSyntax(name, nameSpan, arguments, SpanOf(start, end)));
    }

    private void OpenSection(string name, TextSpan nameSpan, int restStart, int end, int lineStart)
    {
        // The section handlers in httpd (core.c dirsection, start_ifmod, ...) take the text after the name up to the
        // last '>' as the argument and fail with "<Name> directive missing closing '>'" when there is none.
        // When nothing follows the name, ap_build_config_sub supplies ">" itself, so "<Else>" and "<Directory>" are closed.
        int argumentsEnd = end;
        bool missingBracket = false;
        if (restStart < end)
        {
            int lastBracket = Array.LastIndexOf(_line, '>', end - 1, end - restStart);
            if (lastBracket < 0)
            {
                missingBracket = true;
            }
            else
            {
                argumentsEnd = lastBracket;
            }
        }

        var openTagSpan = SpanOf(lineStart, end);
        if (missingBracket)
        {
            Report(nameSpan, $"<{name}> directive missing closing '>'");
        }

        var arguments = ReadWords(restStart, argumentsEnd);
        if (_open.Count >= MaxSectionDepth)
        {
            Report(nameSpan, $"<{name}> is nested more than {MaxSectionDepth} sections deep; it is read as a plain directive.");
            AddStatement(new ApacheDirectiveSyntax("<" + name, nameSpan, arguments, openTagSpan));
            return;
        }

        var section = new ApacheSectionSyntax(name, nameSpan, arguments, openTagSpan);
        AddStatement(section);
        _open.Add((section, ImmutableArray.CreateBuilder<ApacheStatementSyntax>()));
    }

    private void CloseSection(string word, TextSpan span)
    {
        // Same checks, same order and same messages as ap_build_config_sub.
        if (_open.Count == 0)
        {
            Report(span, $"{word} without matching <{word[2..]} section");
            return;
        }

        string name;
        if (word[^1] != '>')
        {
            Report(span, $"{word}> directive missing closing '>'");
            name = word[2..];
            int match = FindOpen(name);
            if (match >= 0)
            {
                CloseDownTo(match, span);
            }

            return;
        }

        name = word[2..^1];
        var top = _open[^1].Section;
        if (string.Equals(name, top.Name, StringComparison.OrdinalIgnoreCase))
        {
            CloseDownTo(_open.Count - 1, span);
            return;
        }

        Report(span, $"Expected </{top.Name}> but saw {word}");

        // Recovery: when an enclosing section has this name, the sections inside it were left open by mistake
        // (already reported by the message above); close them all. A close tag that matches nothing is dropped.
        int index = FindOpen(name);
        if (index >= 0)
        {
            CloseDownTo(index, span);
        }
    }

    private int FindOpen(string name)
    {
        for (int i = _open.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_open[i].Section.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    private void CloseDownTo(int index, TextSpan closeTagSpan)
    {
        for (int i = _open.Count - 1; i >= index; i--)
        {
            var (section, children) = _open[i];
            section.Children = children.ToImmutable();
            if (i == index)
            {
                section.CloseTagSpan = ExtendToLineEnd(closeTagSpan);
            }

            _open.RemoveAt(i);
        }
    }

    /// <summary>The close tag runs to the end of its logical line (httpd ignores anything after <c>&lt;/Name&gt;</c>).</summary>
    private TextSpan ExtendToLineEnd(TextSpan tagSpan)
    {
        int end = _length;
        while (end > 0 && IsBlank(_line[end - 1]))
        {
            end--;
        }

        int lineEnd = end > 0 ? _map[end - 1] + 1 : tagSpan.End;
        return TextSpan.FromBounds(tagSpan.Start, Math.Max(tagSpan.End, lineEnd));
    }

    private void AddStatement(ApacheStatementSyntax statement)
    {
        if (_open.Count == 0)
        {
            _rootChildren.Add(statement);
        }
        else
        {
            statement.Parent = _open[^1].Section;
            _open[^1].Children.Add(statement);
        }
    }

    private ImmutableArray<ApacheArgument> ReadWords(int position, int end)
    {
        _words.Clear();
        while (true)
        {
            while (position < end && IsBlank(_line[position]))
            {
                position++;
            }

            if (position >= end)
            {
                return _words.Count == 0 ? [] : ImmutableArray.Create(CollectionsMarshal.AsSpan(_words));
            }

            _words.Add(ReadWord(ref position, end));
        }
    }

    /// <summary>
    /// One word as <c>ap_getword_conf</c> reads it. A word starting with <c>"</c> or <c>'</c> runs to the matching quote
    /// (or the end of the line), and inside it a backslash escapes the quote or a backslash. Any other word runs to
    /// the next blank, and inside it <c>\\</c> stands for one backslash. Blanks after the word are skipped.
    /// </summary>
    private ApacheArgument ReadWord(ref int position, int end)
    {
        while (position < end && IsBlank(_line[position]))
        {
            position++;
        }

        int start = position;
        char quote = _line[start];
        string value;
        bool quoted = quote is '"' or '\'';
        if (quoted)
        {
            int close = start + 1;
            while (close < end && _line[close] != quote)
            {
                close += _line[close] == '\\' && close + 1 < end && (_line[close + 1] == quote || _line[close + 1] == '\\') ? 2 : 1;
            }

            // A backslash pair may step past the end; clamp so an unterminated quote simply runs to the end of the line.
            close = Math.Min(close, end);
            value = Unescape(start + 1, close, quote);
            position = close < end ? close + 1 : end;
        }
        else
        {
            while (position < end && !IsBlank(_line[position]))
            {
                position++;
            }

            value = Unescape(start, position, '\0');
        }

        var span = SpanOf(start, position);
        while (position < end && IsBlank(_line[position]))
        {
            position++;
        }

        return new ApacheArgument(value, span, quoted);
    }

    /// <summary><c>substring_conf</c>: a backslash before a backslash (or before the quote character of a quoted word) is dropped.</summary>
    private string Unescape(int start, int end, char quote)
    {
        int backslash = Array.IndexOf(_line, '\\', start, end - start);
        if (backslash < 0)
        {
            return StringPool.Token(_line.AsSpan(start, end - start));
        }

        _scratch.Clear();
        for (int i = start; i < end; i++)
        {
            char c = _line[i];
            if (c == '\\' && i + 1 < end && (_line[i + 1] == '\\' || (quote != '\0' && _line[i + 1] == quote)))
            {
                i++;
                c = _line[i];
            }

            _scratch.Append(c);
        }

        return _scratch.ToString();
    }

    /// <summary>The source span from logical-line index <paramref name="start"/> to <paramref name="end"/> (exclusive).</summary>
    private TextSpan SpanOf(int start, int end)
    {
        if (end <= start)
        {
            int at = start < _length ? _map[start] : (_length > 0 ? _map[_length - 1] + 1 : 0);
            return new TextSpan(at, 0);
        }

        return TextSpan.FromBounds(_map[start], _map[end - 1] + 1);
    }

    private void Report(TextSpan span, string message) =>
        _diagnostics.Add(new SyntaxDiagnostic("EA0002", _source.GetLocation(span), message));

    /// <summary>C <c>isspace</c> in the "C" locale, which <c>apr_isspace</c> is.</summary>
    private static bool IsBlank(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
