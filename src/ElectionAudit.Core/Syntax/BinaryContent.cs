using ElectionAudit.Text;

namespace ElectionAudit.Syntax;

/// <summary>
/// What a parser makes of a binary file, one whose text holds a NUL character. Every format this tool reads is text in
/// which a NUL has no place, and a scan skips the binaries it finds (it reports one only when a format claims it by its
/// name). A binary can still reach a parser through an include, such as an <c>include conf.d/*;</c> that matches a
/// compiled module or a zone's <c>$INCLUDE</c> of a database file. Such a file gets one EA0002 at its first NUL, the
/// finding a scan gives a binary it finds, and nothing of it is read: its bytes would otherwise be parsed as a cascade
/// of syntax errors whose messages quote them. A file read from disk holds only a binary's head
/// (<see cref="SourceText.BinaryHead"/>), which is all this needs.
/// </summary>
internal static class BinaryContent
{
    /// <summary>The logical key of the one diagnostic a binary gets.</summary>
    public const string LogicalKey = "binary-content";

    /// <summary>The offset of the first NUL in <paramref name="region"/> of <paramref name="source"/> (the whole text when null), or -1.</summary>
    public static int FirstNul(SourceText source, TextSpan? region = null)
    {
        int nul = source.IndexOf('\0');
        if (nul < 0 || region is not { } bounds)
        {
            return nul;
        }

        using var chars = source.Chars(bounds);
        int inRegion = chars.Span.IndexOf('\0');
        return inRegion < 0 ? -1 : bounds.Start + inRegion;
    }

    /// <summary>The diagnostic for a binary given as <paramref name="format"/>'s text, at its NUL at <paramref name="nul"/>.</summary>
    public static SyntaxDiagnostic Diagnostic(SourceText source, int nul, InputFormat format) => new(
        "EA0002",
        source.GetLocation(new TextSpan(nul, 1)),
        $"The file holds a NUL character, so it is binary or UTF-16 without a byte order mark, not {format.Name} text; it was not parsed.",
        LogicalKey);

    /// <summary>Whether <paramref name="tree"/> is what a parser gave a binary.</summary>
    public static bool IsBinary(SyntaxTree tree) => tree.Diagnostics is [{ LogicalKey: LogicalKey }];
}
