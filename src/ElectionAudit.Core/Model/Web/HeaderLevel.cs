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
        // One pass, no LINQ: a closure capturing the level, a delegate and an iterator per level added up (4 MB at 4,000
        // generated files), and most levels have no add_header at all.
        List<ResponseHeader>? own = null;
        NginxDirectiveSyntax? modeDirective = null;
        foreach (var d in directives)
        {
            if (d.Is("add_header") && d.Arguments.Length >= 1)
            {
                (own ??= []).Add(new ResponseHeader(
                    d.Arguments[0].Value,
                    d.Arguments.Length > 1 ? d.Arguments[1].Value : string.Empty,
                    d.Arguments.Length > 2 && d.Arguments[2].Value == "always",
                    d,
                    d.Arguments[0],
                    d.Arguments.Length > 1 ? d.Arguments[1] : d.Arguments[0],
                    level,
                    levelLocation));
            }
            else if (modeDirective is null && d.Is("add_header_inherit") && d.Arguments.Length == 1)
            {
                modeDirective = d;
            }
        }

        var mode = modeDirective?.Arguments[0].Value ?? Mode;
        if (own is null && (mode != "off" || !HasHeaders))
        {
            // Nothing changes: the headers are inherited as they are, or (without headers so far) there are none to
            // drop. The set is the same one, which every level below without add_header then shares: sites keep their
            // levels' sets to the end of the scan.
            return mode == Mode ? this : new HeaderLevel(Set, mode, HasHeaders);
        }

        own ??= [];
        IReadOnlyList<ResponseHeader> headers;
        IReadOnlyList<ResponseHeader> dropped = Set.Dropped;
        Location? definedIn;
        if (mode != "off" && HasHeaders)
        {
            if (mode == "merge")
            {
                headers = [.. own, .. Set.Headers];
            }
            else
            {
                headers = own;
                dropped = [.. Set.Dropped, .. Set.Headers];
            }

            definedIn = levelLocation;
        }
        else
        {
            if (mode == "off")
            {
                dropped = [.. Set.Dropped, .. Set.Headers];
            }

            headers = own;
            definedIn = own.Count > 0 ? levelLocation : null;
        }

        return new HeaderLevel(new ResponseHeaderSet(headers, dropped, definedIn), mode, own.Count > 0);
    }
}
