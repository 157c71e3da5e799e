namespace ElectionAudit.Syntax.Nginx;

/// <summary>
/// Files the nginx packages install next to <c>nginx.conf</c> that configurations include by name, and that hold only
/// parameter lines: <c>mime.types</c> (<c>types</c>), <c>fastcgi_params</c> and <c>fastcgi.conf</c>
/// (<c>fastcgi_param</c>), <c>scgi_params</c>, <c>uwsgi_params</c>, <c>koi-utf</c>, <c>koi-win</c> and <c>win-utf</c>
/// (<c>charset_map</c>), all from the <c>conf/</c> folder of nginx's source; and <c>proxy_params</c>
/// (<c>proxy_set_header</c>), from Debian's nginx-common. None of those directives is one the model reads, so a
/// repository that includes the stock file without holding a copy loses nothing to the scan.
/// </summary>
/// <remarks>
/// Debian's <c>snippets/fastcgi-php.conf</c> (<c>try_files</c>) and <c>snippets/snakeoil.conf</c> (a certificate) are
/// not on the list: what they hold matters to the rules.
/// </remarks>
internal static class NginxStockFiles
{
    private static readonly StockFileNames Files = new(
        ["mime.types", "fastcgi_params", "fastcgi.conf", "scgi_params", "uwsgi_params", "koi-utf", "koi-win", "win-utf", "proxy_params"],
        ["/nginx", "/nginx/conf"]);

    /// <summary>
    /// Whether an include's argument names a stock file where the package puts it: the bare name (nginx resolves it
    /// against the configuration's folder), or an absolute path in an nginx configuration folder
    /// (<c>/etc/nginx/</c>, <c>/usr/local/nginx/conf/</c>, <c>/usr/local/etc/nginx/</c>, ...).
    /// </summary>
    public static bool IsStockInclude(string argument) => Files.IsStockInclude(argument);
}
