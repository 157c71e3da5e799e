using System.Collections.Immutable;
using System.Globalization;

namespace ElectionAudit.Suppressions;

/// <summary>The three inline suppression directives.</summary>
public enum SuppressionDirective
{
    /// <summary><c>electionaudit-disable-next-line</c>.</summary>
    DisableNextLine,

    /// <summary><c>electionaudit-disable</c>.</summary>
    Disable,

    /// <summary><c>electionaudit-enable</c>.</summary>
    Enable,
}

/// <summary>
/// An inline suppression comment, read format-neutrally from a comment's text:
/// <c>electionaudit-disable-next-line EA2001[, EA2002] [until=YYYY-MM-DD] [-- justification]</c>,
/// <c>electionaudit-disable …</c> and <c>electionaudit-enable EA2001</c>. The comment marker (<c>#</c>, <c>;</c>,
/// <c>//</c>, <c>/* */</c>) is whatever the format uses; directive and rule IDs are case-insensitive.
/// </summary>
/// <param name="Directive">Which directive.</param>
/// <param name="RuleIds">The rule IDs named, upper-cased, in order, without repeats.</param>
/// <param name="Until">The <c>until=</c> date, when given.</param>
/// <param name="Justification">The text after <c>--</c>, trimmed; null when missing or empty.</param>
public sealed record SuppressionComment(SuppressionDirective Directive, ImmutableArray<string> RuleIds, DateOnly? Until, string? Justification)
{
    private const string Prefix = "electionaudit-";

    /// <summary>
    /// Reads a comment. Returns false when the comment is not a suppression at all (an ordinary comment). Returns true
    /// with <paramref name="error"/> set when it is meant as one but is malformed; <paramref name="comment"/> then holds
    /// what could be read (possibly nothing).
    /// </summary>
    public static bool TryParse(string commentText, out SuppressionComment? comment, out string? error)
    {
        ArgumentNullException.ThrowIfNull(commentText);
        comment = null;
        error = null;
        var text = StripMarkers(commentText.AsSpan());
        if (!text.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int wordEnd = 0;
        while (wordEnd < text.Length && !char.IsWhiteSpace(text[wordEnd]))
        {
            wordEnd++;
        }

        var word = text[..wordEnd];
        SuppressionDirective directive;
        if (word.Equals("electionaudit-disable-next-line", StringComparison.OrdinalIgnoreCase))
        {
            directive = SuppressionDirective.DisableNextLine;
        }
        else if (word.Equals("electionaudit-disable", StringComparison.OrdinalIgnoreCase))
        {
            directive = SuppressionDirective.Disable;
        }
        else if (word.Equals("electionaudit-enable", StringComparison.OrdinalIgnoreCase))
        {
            directive = SuppressionDirective.Enable;
        }
        else if (word.StartsWith("electionaudit-disable", StringComparison.OrdinalIgnoreCase) || word.StartsWith("electionaudit-enable", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{word}' is not a suppression directive; use electionaudit-disable-next-line, electionaudit-disable or electionaudit-enable.";
            return true;
        }
        else
        {
            // Some other "electionaudit-..." word (for example the fixtures' electionaudit-test: line): not a suppression.
            return false;
        }

        var rest = text[wordEnd..];
        string? justification = null;
        int separator = rest.IndexOf("--", StringComparison.Ordinal);
        if (separator >= 0)
        {
            var after = rest[(separator + 2)..].Trim();
            justification = after.IsEmpty ? null : after.ToString();
            rest = rest[..separator];
        }

        var ids = ImmutableArray.CreateBuilder<string>();
        DateOnly? until = null;
        foreach (var range in rest.SplitAny(" \t,"))
        {
            var token = rest[range];
            if (token.IsEmpty)
            {
                continue;
            }

            if (token.StartsWith("until=", StringComparison.OrdinalIgnoreCase))
            {
                if (DateOnly.TryParseExact(token[6..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                {
                    until = date;
                }
                else
                {
                    error ??= $"'{token}' is not a valid expiry; write until=YYYY-MM-DD.";
                }
            }
            else if (IsRuleIdShape(token))
            {
                var id = token.ToString().ToUpperInvariant();
                if (!ids.Contains(id))
                {
                    ids.Add(id);
                }
            }
            else
            {
                error ??= $"'{token}' is not a rule ID (EAnnnn) or until=YYYY-MM-DD; a justification goes after ' -- '.";
            }
        }

        if (ids.Count == 0 && error is null)
        {
            error = $"{word.ToString().ToLowerInvariant()} names no rule; name the rule IDs it is for (for example EA2001).";
        }

        comment = new SuppressionComment(directive, ids.ToImmutable(), until, justification);
        return true;
    }

    /// <summary>
    /// Whether the comment at <paramref name="span"/> of <paramref name="source"/> may be a suppression: false only when
    /// <see cref="TryParse"/> would return false at its first test. Every comment of every file is looked at twice (for
    /// the rules, then to apply the suppressions), and a string made of each only to be refused here was most of what
    /// applying suppressions allocated.
    /// </summary>
    internal static bool MayBeSuppression(Text.SourceText source, Text.TextSpan span)
    {
        using var chars = source.Chars(span);
        return StripMarkers(chars.Span).StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
    }

    private static bool IsRuleIdShape(ReadOnlySpan<char> token) =>
        token.Length == 6 && (token[0] is 'E' or 'e') && (token[1] is 'A' or 'a') && char.IsAsciiDigit(token[2]) && char.IsAsciiDigit(token[3]) && char.IsAsciiDigit(token[4]) && char.IsAsciiDigit(token[5]);

    /// <summary>Removes the comment markers of every supported format and surrounding blanks.</summary>
    private static ReadOnlySpan<char> StripMarkers(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        if (text.StartsWith("/*", StringComparison.Ordinal))
        {
            text = text[2..];
            if (text.EndsWith("*/", StringComparison.Ordinal))
            {
                text = text[..^2];
            }
        }
        else
        {
            // '#', ';' (zone files, possibly doubled as ';;'), '//'.
            text = text.TrimStart("#;/");
        }

        return text.Trim();
    }
}
