using ElectionAudit.Syntax;

namespace ElectionAudit.Model.Web;

/// <summary>
/// What a site does with a request for one path (<see cref="WebSite.HandleRequest"/>): the settings and response
/// headers in effect after the server's own section or location selection, the blocks that contributed, and, where
/// the binder maps paths to files, the file the request reaches.
/// </summary>
/// <param name="Uri">The request path.</param>
/// <param name="Settings">The effective settings for the request.</param>
/// <param name="ResponseHeaders">The effective response headers for the request.</param>
/// <param name="Blocks">
/// The blocks that apply, in the order the server merges them: for nginx the one location it chooses; for Apache every
/// matching <c>&lt;Directory&gt;</c>, <c>&lt;DirectoryMatch&gt;</c>, <c>&lt;Files&gt;</c> and <c>&lt;Location&gt;</c>
/// section, the main server's before the virtual host's within each group. Empty when the server level handles it.
/// </param>
public sealed record WebRequestHandling(string Uri, WebSettings Settings, ResponseHeaderSet ResponseHeaders, IReadOnlyList<WebLocationBlock> Blocks)
{
    /// <summary>The file system path the request maps to as the configuration names it (Apache <c>DocumentRoot</c> or <c>Alias</c> target plus the rest of the path), or null when the binder does not map paths.</summary>
    public string? FilePath { get; init; }

    /// <summary>The <c>Alias</c> / <c>AliasMatch</c> directive that mapped the path, or null when the document root did.</summary>
    public SyntaxNode? Alias { get; init; }

    /// <summary>The scan path of <see cref="FilePath"/> when that file is in the scan (found under the document root's or alias target's folder), else null.</summary>
    public string? FileInScan { get; init; }

    /// <summary>A redirect or rewrite at the server level whose pattern matches this path (Apache <c>RedirectMatch</c>, <c>Redirect</c>, <c>RewriteRule</c>), or null.</summary>
    public WebFixedResponse? MatchingServerResponse { get; init; }

    /// <summary>Whether no client gets the content: access is denied to everyone, or a fixed 4xx response answers it.</summary>
    public bool IsRefused =>
        Settings.DeniesEveryone || Settings.FixedResponse is { Refuses: true, IsConditional: false } || MatchingServerResponse is { Refuses: true };

    /// <summary>Whether the request is refused or limited to some clients (address rules or authentication), or redirected elsewhere.</summary>
    public bool IsProtected => IsRefused || Settings.IsRestricted || MatchingServerResponse is { IsRedirect: true } || Settings.FixedResponse is { IsConditional: false };
}
