using System.Text;

namespace ElectionAudit.Syntax.Apache;

/// <summary>
/// The <c>Define</c> / <c>UnDefine</c> state while the configuration is read in file order, and <c>${NAME}</c> substitution.
/// httpd keeps two things (core.c): the list of defined names, which <c>&lt;IfDefine&gt;</c> tests with a case-sensitive
/// compare, and a table of name/value pairs for <c>${NAME}</c>, which APR tables look up ignoring case.
/// A name changed inside a condition the configuration cannot decide becomes uncertain.
/// </summary>
internal sealed class ApacheDefines
{
    private readonly Dictionary<string, bool> _known = new(StringComparer.Ordinal);
    private readonly HashSet<string> _uncertain = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _values = new(StringComparer.OrdinalIgnoreCase);

    public void Define(string name, string? value, bool certain)
    {
        if (certain)
        {
            _known[name] = true;
            _uncertain.Remove(name);
        }
        else
        {
            _uncertain.Add(name);
        }

        // "Define X" without a value makes X defined for <IfDefine> but gives ${X} no value: httpd 2.4 still warns
        // "Config variable ${X} is not defined" (checked with apache2 2.4 -t).
        if (value is not null)
        {
            _values[name] = value;
        }
        else if (certain)
        {
            _values.Remove(name);
        }
    }

    public void Undefine(string name, bool certain)
    {
        if (certain)
        {
            _known[name] = false;
            _uncertain.Remove(name);
            _values.Remove(name);
        }
        else
        {
            _uncertain.Add(name);
        }
    }

    /// <summary>Evaluates the argument of <c>&lt;IfDefine&gt;</c> (<c>NAME</c> or <c>!NAME</c>).</summary>
    public ApacheCondition EvaluateIfDefine(string argument)
    {
        bool negate = argument.StartsWith('!');
        string name = negate ? argument[1..] : argument;
        if (_uncertain.Contains(name) || !_known.TryGetValue(name, out bool defined))
        {
            // Never defined nor undefined by the configuration: "httpd -D NAME" may still define it.
            return ApacheCondition.MayApply;
        }

        return defined != negate ? ApacheCondition.Applies : ApacheCondition.DoesNotApply;
    }

    /// <summary>
    /// The longest argument substitution may make. httpd has no bound: Defines that each double the one before
    /// (<c>Define D1 ${D0}${D0}</c>, …) make a value of gigabytes, and httpd aborts ("Memory allocation failed", checked with
    /// apache2 2.4 -t). Real values are names and paths, far below this.
    /// </summary>
    internal const int MaxSubstitutedLength = 1 << 20;

    /// <summary>
    /// <c>ap_resolve_env</c>: each <c>${NAME}</c> (up to the first <c>}</c>) is replaced by its defined value;
    /// an undefined one is left as written, and a <c>$</c> without <c>{…}</c> is literal. False (with the value as written)
    /// when the result would be longer than <see cref="MaxSubstitutedLength"/>.
    /// </summary>
    public bool TrySubstitute(string value, out string result)
    {
        result = value;
        int dollar = value.IndexOf("${", StringComparison.Ordinal);
        if (dollar < 0 || _values.Count == 0)
        {
            return true;
        }

        var built = new StringBuilder(value.Length);
        int position = 0;
        while (dollar >= 0)
        {
            int close = value.IndexOf('}', dollar + 2);
            if (close < 0)
            {
                break;
            }

            built.Append(value, position, dollar - position);
            string name = value[(dollar + 2)..close];
            if (_values.TryGetValue(name, out var replacement))
            {
                if ((long)built.Length + replacement.Length + (value.Length - close - 1) > MaxSubstitutedLength)
                {
                    return false;
                }

                built.Append(replacement);
            }
            else
            {
                built.Append(value, dollar, close - dollar + 1);
            }

            position = close + 1;
            dollar = value.IndexOf("${", position, StringComparison.Ordinal);
        }

        built.Append(value, position, value.Length - position);
        result = built.ToString();
        return true;
    }
}
