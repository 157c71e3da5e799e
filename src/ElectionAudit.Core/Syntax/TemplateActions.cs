using System.Collections.Immutable;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax;

/// <summary>
/// Finds the template actions that make a file a template rather than configuration: <c>{{ … }}</c> (Jinja2 and
/// Ansible, Go's text/template as consul-template, Helm and buildpacks use it, Mustache, Handlebars) and
/// <c>{% … %}</c> (Jinja2 statements), each opened and closed on one line; and, on a line with a syntax error,
/// autoconf's output variables <c>@name@</c>, which <c>config.status</c> or a package's install script replaces (GNU
/// Autoconf manual, "Setting Output Variables": AC_SUBST "replace[s] instances of @variable@ in input files"; Debian's
/// Bacula ships its default configurations so, as <c>Name = @debian_basename@-dir</c>). Deployment tools and
/// installers render such files into the configuration the server reads; the server itself refuses them.
/// </summary>
internal static class TemplateActions
{
    /// <summary>The logical key of the one diagnostic a template gets instead of its parser's errors.</summary>
    public const string LogicalKey = "template";

    /// <summary>
    /// The first template action, in file order, on a line where the parser reported a syntax error in
    /// <paramref name="tree"/> and outside its comments, or null (always for a tree without errors). Only such lines
    /// count: an action in a quoted value parses, and an unrelated error elsewhere in the file is then the file's own,
    /// not the template's.
    /// </summary>
    /// <param name="tree">The parser's tree, as written.</param>
    /// <param name="region">The part of the tree's source it covers (a file's part of an <c>nginx -T</c> dump); the whole source when null.</param>
    public static TextSpan? FirstOnErrorLine(SyntaxTree tree, TextSpan? region = null)
    {
        if (tree.Diagnostics.IsEmpty || BinaryContent.IsBinary(tree))
        {
            return null;
        }

        var source = tree.Source;
        var bounds = region ?? new TextSpan(0, source.Length);
        var lines = new SortedSet<int>();
        foreach (var diagnostic in tree.Diagnostics)
        {
            if (diagnostic.Location.StartLine >= 1 && diagnostic.Location.StartLine <= source.LineCount)
            {
                lines.Add(diagnostic.Location.StartLine);
            }
        }

        ImmutableArray<TextSpan> comments = default;
        foreach (int line in lines)
        {
            var span = source.GetLineSpan(line);
            var bounded = TextSpan.FromBounds(Math.Max(span.Start, bounds.Start), Math.Min(span.End, bounds.End));
            if (bounded.Length <= 0)
            {
                continue;
            }

            var text = source.ToString(bounded);
            for (int from = 0; FirstOnLine(text, from) is { } found;)
            {
                var action = new TextSpan(bounded.Start + found.Start, found.Length);

                // Asked for only once an action is found: a YAML tree read without its comments scans for them when asked.
                comments = comments.IsDefault ? tree.CommentSpans : comments;
                if (CommentAround(comments, action.Start) is not { } comment)
                {
                    return action;
                }

                // Every action that starts inside the comment is in it: go on after it, if it ends on this line. A comment
                // can run past the line: a named.conf "/* */" over several lines, or an nginx "#" comment, which ends
                // only at a line feed, across a lone carriage return (a line break for the line table).
                from = Math.Max(found.Start + 1, comment.End - bounded.Start);
                if (from >= text.Length)
                {
                    break;
                }
            }
        }

        return null;
    }

    // The comment holding position, found by binary search: the parsers give comments in source order, and a hostile
    // file can hold an action in each of many thousand comments on error lines.
    private static TextSpan? CommentAround(ImmutableArray<TextSpan> comments, int position)
    {
        int low = 0, high = comments.Length - 1, candidate = -1;
        while (low <= high)
        {
            int middle = low + ((high - low) / 2);
            if (comments[middle].Start <= position)
            {
                candidate = middle;
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return candidate >= 0 && position < comments[candidate].End ? comments[candidate] : null;
    }

    // The first action of either kind on a line: a "{{ }}" or "{% %}", or an autoconf substitution.
    private static TextSpan? FirstOnLine(string line, int from)
    {
        var braces = FirstInLine(line, from);
        var substitution = FirstSubstitution(line, from, braces?.Start ?? line.Length);
        return substitution ?? braces;
    }

    /// <summary>
    /// The first autoconf substitution (<c>@</c>, a letter or <c>_</c>, letters, digits and <c>_</c>, <c>@</c>) that starts in
    /// <paramref name="line"/> from <paramref name="from"/> and before <paramref name="before"/>, as a span of it, or null.
    /// </summary>
    internal static TextSpan? FirstSubstitution(string line, int from, int before)
    {
        for (int start = from < line.Length ? line.IndexOf('@', from) : -1; start >= 0 && start < before; start = line.IndexOf('@', start + 1))
        {
            int end = start + 1;
            if (end >= line.Length || !(char.IsAsciiLetter(line[end]) || line[end] == '_'))
            {
                continue;
            }

            while (end < line.Length && (char.IsAsciiLetterOrDigit(line[end]) || line[end] == '_'))
            {
                end++;
            }

            if (end < line.Length && line[end] == '@')
            {
                return TextSpan.FromBounds(start, end + 1);
            }

            // The name ran into something else: no substitution starts inside it, so go on from where it stopped.
            start = end - 1;
        }

        return null;
    }

    /// <summary>The first <c>{{ … }}</c> or <c>{% … %}</c> in <paramref name="line"/> from <paramref name="from"/> on, as a span of it, or null.</summary>
    /// <param name="line">The line.</param>
    /// <param name="from">Where to start looking; at or past the end of the line there is nothing to find.</param>
    /// <param name="statements">Whether <c>{% … %}</c> counts (Jinja2); Go templates write only <c>{{ … }}</c>.</param>
    public static TextSpan? FirstInLine(string line, int from = 0, bool statements = true)
    {
        if (from >= line.Length)
        {
            return null;
        }

        // Whether a "}}" or "%}" may still close an action: once a search fails, no later opening finds one either, so a
        // line of ten thousand "{{" is searched once, not once per opening. An action is looked for within MaxActionLength.
        bool braces = true, percents = statements;
        for (int start = line.IndexOf('{', from); start >= 0 && start + 1 < line.Length; start = line.IndexOf('{', start + 1))
        {
            char kind = line[start + 1];
            if (kind == '{' ? !braces : kind != '%' || !percents)
            {
                continue;
            }

            int searched = Math.Min(line.Length - start - 2, MaxActionLength);
            int close = line.IndexOf(kind == '{' ? "}}" : "%}", start + 2, searched, StringComparison.Ordinal);
            if (close >= 0)
            {
                return TextSpan.FromBounds(start, close + 2);
            }

            if (searched == line.Length - start - 2)
            {
                braces &= kind != '{';
                percents &= kind != '%';
            }
        }

        return null;
    }

    // Template actions are a name or a short expression; a longer stretch between "{{" and "}}" is not one (and a bound
    // keeps a hostile line from being searched to its end from every opening).
    private const int MaxActionLength = 1000;

    /// <summary>Whether <paramref name="tree"/> was not read because it is a template (its one diagnostic says so).</summary>
    public static bool IsTemplate(SyntaxTree tree) => tree.Diagnostics is [{ LogicalKey: LogicalKey }];

    /// <summary>The action's text for a message: whole up to 60 characters, else its first 57 and "...".</summary>
    public static string Excerpt(SourceText source, TextSpan action) =>
        action.Length <= 60 ? source.ToString(action) : source.ToString(new TextSpan(action.Start, 57)) + "...";

    /// <summary>
    /// The diagnostic that replaces a template's syntax errors: it names the action and says what to scan instead.
    /// </summary>
    /// <param name="source">The file.</param>
    /// <param name="action">The first action, from <see cref="FirstOnErrorLine(SyntaxTree, TextSpan?)"/>.</param>
    /// <param name="reader">The program that reads the rendered file, as the message names it ("nginx", "named", "httpd").</param>
    /// <param name="format">What the file is once rendered ("nginx configuration", "a zone file").</param>
    public static SyntaxDiagnostic Diagnostic(SourceText source, TextSpan action, string reader, string format)
    {
        var excerpt = Excerpt(source, action);
        return new(
            "EA0002",
            source.GetLocation(action),
            excerpt.StartsWith('@')
                ? $"The file is a template: {excerpt} is an autoconf substitution, which {reader} does not expand; the file becomes {format} only when configure or the package's installer replaces it, so it was not read. Scan the installed file to have it audited."
                : $"The file is a template: {excerpt} is a template action (Jinja2, Ansible, Go templates), which {reader} does not expand; the file becomes {format} only when a deployment tool renders it, so it was not read. Scan the rendered file to have it audited.",
            LogicalKey);
    }
}
