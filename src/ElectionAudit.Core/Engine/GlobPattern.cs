namespace ElectionAudit.Engine;

/// <summary>
/// Shell-style glob matching of one path segment, as glob(3) does for include directives:
/// <c>*</c> (any run), <c>?</c> (one character), <c>[abc]</c>, <c>[a-z]</c>, <c>[!x]</c> / <c>[^x]</c>, and <c>\</c> escapes.
/// </summary>
public static class GlobPattern
{
    /// <summary>Whether <paramref name="pattern"/> holds any glob metacharacter.</summary>
    public static bool HasWildcards(string pattern) => pattern.AsSpan().IndexOfAny("*?[") >= 0;

    /// <summary>Whether <paramref name="name"/> (one path segment) matches <paramref name="pattern"/> (one segment), ordinally.</summary>
    public static bool IsMatch(string pattern, string name)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(name);
        return Match(pattern, 0, name, 0);
    }

    private static bool Match(string p, int pi, string s, int si)
    {
        // Iterative with one backtrack point for '*', linear in practice.
        int starP = -1, starS = -1;
        while (si < s.Length)
        {
            if (pi < p.Length)
            {
                char c = p[pi];
                if (c == '*')
                {
                    starP = pi++;
                    starS = si;
                    continue;
                }

                if (c == '?')
                {
                    pi++;
                    si++;
                    continue;
                }

                if (c == '[' && TryMatchClass(p, pi, s[si], out int next, out bool matched))
                {
                    if (matched)
                    {
                        pi = next;
                        si++;
                        continue;
                    }
                }
                else
                {
                    if (c == '\\' && pi + 1 < p.Length)
                    {
                        c = p[++pi];
                    }

                    if (c == s[si])
                    {
                        pi++;
                        si++;
                        continue;
                    }
                }
            }

            if (starP < 0)
            {
                return false;
            }

            pi = starP + 1;
            si = ++starS;
        }

        while (pi < p.Length && p[pi] == '*')
        {
            pi++;
        }

        return pi == p.Length;
    }

    private static bool TryMatchClass(string p, int start, char ch, out int next, out bool matched)
    {
        int i = start + 1;
        bool negate = i < p.Length && (p[i] == '!' || p[i] == '^');
        if (negate)
        {
            i++;
        }

        bool any = false;
        bool first = true;
        while (i < p.Length && (p[i] != ']' || first))
        {
            first = false;
            char low = p[i];
            if (i + 2 < p.Length && p[i + 1] == '-' && p[i + 2] != ']')
            {
                char high = p[i + 2];
                any |= ch >= low && ch <= high;
                i += 3;
            }
            else
            {
                any |= ch == low;
                i++;
            }
        }

        if (i >= p.Length)
        {
            // No closing bracket: '[' is literal.
            next = start;
            matched = false;
            return false;
        }

        next = i + 1;
        matched = any != negate;
        return true;
    }
}
