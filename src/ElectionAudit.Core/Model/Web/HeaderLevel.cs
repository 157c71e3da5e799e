using ElectionAudit.Syntax.Nginx;
using ElectionAudit.Text;

namespace ElectionAudit.Model.Web;

/// <summary>
/// One step of nginx's <c>add_header</c> merge (ngx_http_headers_merge_conf), applied top-down from http to the
/// innermost location: the headers in effect at a level, the inheritance mode in effect, and what got dropped.
/// </summary>
internal sealed class HeaderLevel
{
    private HeaderLevel(ResponseHeaderSet set, string mode, bool hasHeaders)
    {
        Set = set;
        Mode = mode;
        HasHeaders = hasHeaders;
    }

    /// <summary>Above http: no headers, the default mode.</summary>
    public static HeaderLevel Root { get; } = new(ResponseHeaderSet.Empty, "on", false);

    public ResponseHeaderSet Set { get; }

    /// <summary>add_header_inherit in effect: on (default), off or merge; itself inherited the standard way.</summary>
    public string Mode { get; }

    /// <summary>Whether nginx's headers array is non-NULL here (some level up to this one had add_header).</summary>
    public bool HasHeaders { get; }

    /// <summary>The level inside this one whose (include-expanded) directives are <paramref name="directives"/>.</summary>
    public HeaderLevel Enter(IReadOnlyList<NginxDirectiveSyntax> directives, ConfigurationLevel level, Location levelLocation)
    {
        var own = directives
            .Where(d => d.Is("add_header") && d.Arguments.Length >= 1)
            .Select(d => new ResponseHeader(
                d.Arguments[0].Value,
                d.Arguments.Length > 1 ? d.Arguments[1].Value : string.Empty,
                d.Arguments.Length > 2 && d.Arguments[2].Value == "always",
                d,
                d.Arguments[0],
                d.Arguments.Length > 1 ? d.Arguments[1] : d.Arguments[0],
                level,
                levelLocation))
            .ToList();
        var modeDirective = directives.FirstOrDefault(d => d.Is("add_header_inherit") && d.Arguments.Length == 1);
        var mode = modeDirective?.Arguments[0].Value ?? Mode;

        IReadOnlyList<ResponseHeader> headers;
        var dropped = new List<ResponseHeader>(Set.Dropped);
        Location? definedIn;
        if (mode != "off" && HasHeaders)
        {
            if (own.Count == 0)
            {
                return new HeaderLevel(Set, mode, true);
            }

            if (mode == "merge")
            {
                headers = [.. own, .. Set.Headers];
            }
            else
            {
                headers = own;
                dropped.AddRange(Set.Headers);
            }

            definedIn = levelLocation;
        }
        else
        {
            if (mode == "off")
            {
                dropped.AddRange(Set.Headers);
            }

            headers = own;
            definedIn = own.Count > 0 ? levelLocation : null;
        }

        return new HeaderLevel(new ResponseHeaderSet(headers, dropped, definedIn), mode, own.Count > 0);
    }
}
