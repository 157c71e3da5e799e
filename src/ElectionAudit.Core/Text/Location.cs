namespace ElectionAudit.Text;

/// <summary>
/// Where something is: a file (path relative to the scan root, forward slashes) and a range given both as
/// offsets and as 1-based lines and UTF-16 columns. The end column is exclusive, as SARIF wants it.
/// </summary>
public sealed record Location : IFormattable
{
    /// <summary>Creates a location. Prefer <see cref="SourceText.GetLocation(TextSpan)"/>.</summary>
    public Location(string path, TextSpan span, int startLine, int startColumn, int endLine, int endColumn)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(startLine, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(startColumn, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(endLine, startLine);
        Path = path;
        Span = span;
        StartLine = startLine;
        StartColumn = startColumn;
        EndLine = endLine;
        EndColumn = endColumn;
    }

    /// <summary>Path relative to the scan root, with forward slashes.</summary>
    public string Path { get; }

    /// <summary>Offsets in the file's text (after any byte order mark).</summary>
    public TextSpan Span { get; }

    /// <summary>1-based first line.</summary>
    public int StartLine { get; }

    /// <summary>1-based first column, in UTF-16 code units.</summary>
    public int StartColumn { get; }

    /// <summary>1-based last line.</summary>
    public int EndLine { get; }

    /// <summary>1-based column just past the end, in UTF-16 code units.</summary>
    public int EndColumn { get; }

    /// <summary>A location covering a whole file when nothing finer is known (line 1, column 1).</summary>
    public static Location ForFile(string path) => new(path, new TextSpan(0, 0), 1, 1, 1, 1);

    /// <inheritdoc />
    public override string ToString() => $"{Path}({StartLine},{StartColumn},{EndLine},{EndColumn})";

    /// <summary>
    /// The location as text: <c>"L"</c> gives the path and first line as a reader looks them up (<c>path:line</c>); no
    /// format (or an empty one) gives <see cref="ToString()"/>. In a finding's message, <c>{location:L}</c> keeps the
    /// location and makes the text when the message is read.
    /// </summary>
    /// <exception cref="FormatException">The format is neither empty nor <c>"L"</c>.</exception>
    public string ToString(string? format, IFormatProvider? formatProvider) => format switch
    {
        null or "" => ToString(),
        "L" => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Path}:{StartLine}"),
        _ => throw new FormatException($"Unknown location format '{format}'; use \"L\" for path:line."),
    };
}
