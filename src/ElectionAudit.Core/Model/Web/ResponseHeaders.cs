using ElectionAudit.Syntax;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>The configuration level a directive is written at.</summary>
public enum ConfigurationLevel
{
    /// <summary>The <c>http</c> block (for a configuration fragment without one, its main context; for Apache, the main server configuration).</summary>
    Http,

    /// <summary>A <c>server</c> block (Apache: a <c>&lt;VirtualHost&gt;</c>).</summary>
    Server,

    /// <summary>A <c>location</c> block (at any depth; Apache: <c>&lt;Location&gt;</c>, <c>&lt;LocationMatch&gt;</c>).</summary>
    Location,

    /// <summary>An <c>if</c> block inside a location (Apache: <c>&lt;If&gt;</c>, <c>&lt;ElseIf&gt;</c>, <c>&lt;Else&gt;</c>).</summary>
    If,

    /// <summary>An Apache <c>&lt;Directory&gt;</c> or <c>&lt;DirectoryMatch&gt;</c> section.</summary>
    Directory,

    /// <summary>An Apache <c>&lt;Files&gt;</c> or <c>&lt;FilesMatch&gt;</c> section.</summary>
    Files,
}

/// <summary>One response header a configuration adds (nginx <c>add_header name value [always];</c>).</summary>
public sealed class ResponseHeader
{
    // The name's and the value's location, or the argument to make each from when it is first read (see NodeLocation):
    // every add_header of every level has a header, and rules read the value's location only to report it.
    private object? _nameLocation;
    private object? _valueLocation;
    private Location? _location;

    /// <summary>Creates a header.</summary>
    public ResponseHeader(string name, string value, bool always, SyntaxNode directive, Location nameLocation, Location valueLocation, ConfigurationLevel level, Location levelLocation)
        : this(name, value, always, directive, (object)nameLocation, valueLocation, level, levelLocation)
    {
    }

    /// <summary>Creates a header whose name and value locations are those of the arguments <paramref name="nameArgument"/> and <paramref name="valueArgument"/>, made when read.</summary>
    internal ResponseHeader(string name, string value, bool always, SyntaxNode directive, SyntaxNode nameArgument, SyntaxNode valueArgument, ConfigurationLevel level, Location levelLocation)
        : this(name, value, always, directive, (object)nameArgument, valueArgument, level, levelLocation)
    {
    }

    private ResponseHeader(string name, string value, bool always, SyntaxNode directive, object nameLocation, object valueLocation, ConfigurationLevel level, Location levelLocation)
    {
        Name = name;
        Value = value;
        IsAlways = always;
        Directive = directive;
        _nameLocation = nameLocation;
        _valueLocation = valueLocation;
        Level = level;
        LevelLocation = levelLocation;
    }

    /// <summary>The header name as written (compare case-insensitively).</summary>
    public string Name { get; }

    /// <summary>The value as nginx sees it (quotes removed; variables kept as text). Empty means "add nothing".</summary>
    public string Value { get; }

    /// <summary>
    /// Whether <c>always</c> is given, so the header is sent with every response code; without it nginx adds it only to
    /// 200, 201, 204, 206, 301, 302, 303, 304, 307 and 308 responses (ngx_http_headers_module).
    /// </summary>
    public bool IsAlways { get; }

    /// <summary>Whether the value is empty: nginx adds no header, but the directive still stops inheritance.</summary>
    public bool IsEmpty => Value.Length == 0;

    /// <summary>The directive (in whichever file an include brought it from).</summary>
    public SyntaxNode Directive { get; }

    /// <summary>The directive's location.</summary>
    /// <remarks>Made once: a header dropped on the way to many blocks is reported, and named in the message, at each.</remarks>
    public Location Location => _location ??= Directive.GetLocation();

    /// <summary>The header name argument.</summary>
    public Location NameLocation => NodeLocation.Read(ref _nameLocation);

    /// <summary>The value argument (the name's location when the directive has no value).</summary>
    public Location ValueLocation => NodeLocation.Read(ref _valueLocation);

    /// <summary>The level the directive is written at.</summary>
    public ConfigurationLevel Level { get; }

    /// <summary>The block (<c>http</c>, <c>server</c>, <c>location</c> or <c>if</c> directive) it is written in.</summary>
    public Location LevelLocation { get; }

    /// <summary>
    /// Whether the value holds a variable the server fills in for each request, so <see cref="Value"/> is not the text
    /// that is sent: in nginx a <c>$name</c>, <c>${name}</c> or <c>$1</c> (ngx_http_headers_module takes a complex
    /// value); in Apache httpd a mod_headers format specifier such as <c>%{NAME}e</c> or <c>%D</c> (<c>%%</c> is a
    /// percent sign), or a variable of an <c>expr=</c> value. Rules that judge what a header says leave such a value
    /// alone; it still counts as the header being set.
    /// </summary>
    public bool ValueHasVariables => Directive is Syntax.Nginx.NginxDirectiveSyntax ? HasNginxVariable(Value) : HasApacheFormatSpecifier(Value);

    /// <summary>Whether this header has the name <paramref name="name"/> (case-insensitive, as HTTP field names are).</summary>
    public bool Is(string name) => string.Equals(Name, name, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public override string ToString() => $"{Name}: {Value}{(IsAlways ? " (always)" : string.Empty)}";

    // nginx's script compiler starts a variable at '$' followed by a name character or '{' (ngx_http_script.c); a '$'
    // before anything else is kept as text.
    private static bool HasNginxVariable(string value)
    {
        for (int i = value.IndexOf('$'); i >= 0 && i < value.Length - 1; i = value.IndexOf('$', i + 1))
        {
            if (char.IsAsciiLetterOrDigit(value[i + 1]) || value[i + 1] is '_' or '{')
            {
                return true;
            }
        }

        return false;
    }

    // mod_headers reads '%' as the start of a format specifier unless it is "%%"; ap_expr strings write variables as
    // %{NAME}, which the same test finds.
    private static bool HasApacheFormatSpecifier(string value)
    {
        for (int i = value.IndexOf('%'); i >= 0 && i < value.Length - 1; i = value.IndexOf('%', i + 1))
        {
            if (value[i + 1] == '%')
            {
                i++;
                continue;
            }

            return true;
        }

        return false;
    }
}

/// <summary>
/// The response headers a request handled at one configuration level really gets from the configuration, with
/// nginx's inheritance applied once, here, for every rule (STYLE.md §6): a level inherits the enclosing level's
/// <c>add_header</c> list if and only if it has no <c>add_header</c> of its own — directives brought in by
/// <c>include</c> count as its own — unless <c>add_header_inherit</c> (1.29.3) says <c>merge</c> (own headers,
/// then the inherited ones) or <c>off</c> (nothing inherited).
/// </summary>
public sealed class ResponseHeaderSet
{
    /// <summary>Creates a set.</summary>
    public ResponseHeaderSet(IReadOnlyList<ResponseHeader> headers, IReadOnlyList<ResponseHeader> dropped, Location? definedIn)
    {
        Headers = headers;
        Dropped = dropped;
        DefinedIn = definedIn;
    }

    /// <summary>An empty set.</summary>
    public static ResponseHeaderSet Empty { get; } = new([], [], null);

    /// <summary>The headers in effect, in the order nginx adds them (empty-valued entries included; see <see cref="ResponseHeader.IsEmpty"/>).</summary>
    public IReadOnlyList<ResponseHeader> Headers { get; }

    /// <summary>
    /// Headers set at an enclosing level that do not reach this level because a level on the way defines its own
    /// <c>add_header</c> (or <c>add_header_inherit off</c>): the classic way a <c>location</c> loses HSTS.
    /// </summary>
    public IReadOnlyList<ResponseHeader> Dropped { get; }

    /// <summary>The block whose own <c>add_header</c> directives start this set, or null when no level sets any.</summary>
    public Location? DefinedIn { get; }

    /// <summary>The headers named <paramref name="name"/> that are in effect (case-insensitive), empty-valued ones excluded.</summary>
    /// <remarks>
    /// The header rules ask every level of every site for a header by name, and most levels have none of it: a query
    /// with a lambda capturing the name made a closure, a delegate and an iterator each time. Loops, and nothing
    /// allocated when nothing matches.
    /// </remarks>
    public IEnumerable<ResponseHeader> GetAll(string name)
    {
        int count = 0;
        foreach (var header in Headers)
        {
            if (header.Is(name) && !header.IsEmpty)
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var all = new ResponseHeader[count];
        int next = 0;
        foreach (var header in Headers)
        {
            if (header.Is(name) && !header.IsEmpty)
            {
                all[next++] = header;
            }
        }

        return all;
    }

    /// <summary>The first header named <paramref name="name"/> in effect, or null.</summary>
    public ResponseHeader? Find(string name) => First(Headers, name);

    /// <summary>A header named <paramref name="name"/> dropped on the way to this level, or null.</summary>
    public ResponseHeader? FindDropped(string name) => First(Dropped, name);

    private static ResponseHeader? First(IReadOnlyList<ResponseHeader> headers, string name)
    {
        for (int i = 0; i < headers.Count; i++)
        {
            if (headers[i].Is(name) && !headers[i].IsEmpty)
            {
                return headers[i];
            }
        }

        return null;
    }
}
