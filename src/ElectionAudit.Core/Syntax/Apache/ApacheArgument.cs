using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Apache;

/// <summary>
/// One argument of a directive or section open tag, as httpd's <c>ap_getword_conf</c> splits it: a run of
/// non-whitespace characters, or a single- or double-quoted string in which a backslash escapes the quote
/// character or a backslash.
/// </summary>
/// <param name="Value">The argument with quotes removed and escapes resolved; <c>${VAR}</c> is not substituted here (see <see cref="ApacheConfigurationNode.Arguments"/>).</param>
/// <param name="Span">The raw text in the file, quotes included.</param>
/// <param name="IsQuoted">Whether the argument started with a quote character.</param>
public sealed record ApacheArgument(string Value, TextSpan Span, bool IsQuoted)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}
