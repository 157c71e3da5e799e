using System.Text;

namespace ElectionAudit.Testing;

/// <summary>An expected finding marked in a fixture: a rule ID (or null for <c>[|...|]</c>) and a span in the unmarked text.</summary>
/// <param name="RuleId">The rule ID, or null when the markup was <c>[|...|]</c> (the rule's only ID).</param>
/// <param name="Start">Offset of the first character in the unmarked text.</param>
/// <param name="End">Offset just past the last character in the unmarked text.</param>
public sealed record ExpectedSpan(string? RuleId, int Start, int End);

/// <summary>
/// Strips Roslyn-style markup from a fixture: <c>{|EA2001:TLSv1|}</c> marks an expected finding of EA2001 on "TLSv1";
/// <c>[|TLSv1|]</c> marks one of the rule's only ID. Markup may nest and span lines.
/// </summary>
public static class MarkupParser
{
    /// <summary>Returns the text without markup and the marked spans, in order of their start.</summary>
    public static (string Text, IReadOnlyList<ExpectedSpan> Spans) Parse(string marked)
    {
        ArgumentNullException.ThrowIfNull(marked);
        var text = new StringBuilder(marked.Length);
        var spans = new List<ExpectedSpan>();
        var open = new Stack<(string? Id, int Start, char Kind)>();
        int i = 0;
        while (i < marked.Length)
        {
            if (Starts(marked, i, "{|"))
            {
                int colon = marked.IndexOf(':', i + 2);
                if (colon < 0)
                {
                    throw new FormatException($"Markup '{{|' at offset {i} has no ':' after the rule ID.");
                }

                open.Push((marked[(i + 2)..colon], text.Length, '{'));
                i = colon + 1;
            }
            else if (Starts(marked, i, "[|"))
            {
                open.Push((null, text.Length, '['));
                i += 2;
            }
            else if (Starts(marked, i, "|}") && open.Count > 0 && open.Peek().Kind == '{')
            {
                var (id, start, _) = open.Pop();
                spans.Add(new ExpectedSpan(id, start, text.Length));
                i += 2;
            }
            else if (Starts(marked, i, "|]") && open.Count > 0 && open.Peek().Kind == '[')
            {
                var (id, start, _) = open.Pop();
                spans.Add(new ExpectedSpan(id, start, text.Length));
                i += 2;
            }
            else
            {
                text.Append(marked[i]);
                i++;
            }
        }

        if (open.Count > 0)
        {
            throw new FormatException($"Markup opened at offset {open.Peek().Start} of the unmarked text is never closed.");
        }

        return (text.ToString(), spans.OrderBy(s => s.Start).ThenBy(s => s.End).ToList());
    }

    private static bool Starts(string text, int index, string token) => string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
