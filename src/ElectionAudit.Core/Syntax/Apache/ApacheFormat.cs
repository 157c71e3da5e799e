using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Apache;

/// <summary>Format detection for Apache httpd configuration files: by file name and location first, then by content.</summary>
public static class ApacheFormat
{
    /// <summary>How much of a file content sniffing reads; the tell-tale lines of a configuration come early.</summary>
    private const int SniffLength = 64 * 1024;

    private static readonly string[] ApacheFileNames = ["httpd.conf", "apache2.conf", "apache.conf", ".htaccess", "htaccess"];

    private static readonly string[] ApacheDirectories = ["apache2", "apache", "httpd"];

    private static readonly string[] VirtualHostDirectories = ["sites-available", "sites-enabled", "vhosts.d", "conf.d", "conf-available", "conf-enabled", "mods-available", "mods-enabled"];

    /// <summary>
    /// Directive names that only httpd uses (nginx spells its own in lower case with underscores and ends them with <c>;</c>).
    /// Compared ignoring case, as httpd does.
    /// </summary>
    private static readonly HashSet<string> ApacheDirectives = new(StringComparer.OrdinalIgnoreCase)
    {
        "ServerName", "ServerAlias", "ServerAdmin", "ServerRoot", "ServerTokens", "ServerSignature", "DocumentRoot",
        "LoadModule", "Include", "IncludeOptional", "ErrorLog", "CustomLog", "LogFormat", "LogLevel", "Options",
        "AllowOverride", "Require", "Order", "Allow", "Deny", "DirectoryIndex", "Header", "RequestHeader",
        "RewriteEngine", "RewriteRule", "RewriteCond", "RewriteBase", "Redirect", "RedirectMatch", "Alias", "ScriptAlias",
        "SSLEngine", "SSLProtocol", "SSLCipherSuite", "SSLCertificateFile", "SSLCertificateKeyFile", "SSLCertificateChainFile",
        "ProxyPass", "ProxyPassReverse", "ProxyPreserveHost", "AddType", "AddHandler", "AddOutputFilterByType", "AddDefaultCharset",
        "AddCharset", "ExpiresActive", "ExpiresByType", "ExpiresDefault", "FileETag", "SetEnvIf", "SetEnv", "ErrorDocument",
        "WSGIScriptAlias", "WSGIDaemonProcess", "KeepAlive", "Timeout", "HostnameLookups", "Mutex", "PidFile", "User", "Group",
        "Define", "TraceEnable", "Protocols", "AddEncoding", "AddLanguage", "BrowserMatch", "AuthType", "AuthName", "AuthUserFile",
    };

    /// <summary>
    /// Whether a file is an Apache httpd configuration. Names decide first (<c>httpd.conf</c>, <c>apache2.conf</c>,
    /// <c>.htaccess</c>; a <c>*.conf</c> under an <c>apache2/</c> or <c>httpd/</c> directory, or under <c>sites-available/</c>
    /// and the like when it holds a <c>&lt;VirtualHost</c>); otherwise the content must have httpd section tags or
    /// httpd directives and no more lines than that which end in <c>{</c> or <c>;</c>, the shape of nginx and
    /// <c>named.conf</c>. A file named <c>named.conf</c> or <c>nginx.conf</c> is never claimed.
    /// </summary>
    /// <param name="path">The file's path (any separator); only its segments are looked at.</param>
    /// <param name="text">The content, or the beginning of it.</param>
    public static bool LooksLikeApache(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return LooksLikeApache(path, text, null);
    }

    /// <summary>
    /// <see cref="LooksLikeApache(string, string)"/> for the scan's snapshot of the file: reads the head that content
    /// sniffing looks at, without the whole file's string, and none of it for a name that is never claimed.
    /// </summary>
    internal static bool LooksLikeApache(string path, SourceText source)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(source);
        return LooksLikeApache(path, null, source);
    }

    // Exactly one of text and source is given.
    private static bool LooksLikeApache(string path, string? text, SourceText? source)
    {
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        string fileName = segments.Length > 0 ? segments[^1] : string.Empty;
        if (fileName.StartsWith("named.conf", StringComparison.OrdinalIgnoreCase) || fileName.Equals("nginx.conf", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        int apacheLines, braceLines, virtualHosts;
        bool xml;
        if (source is null)
        {
            var sample = text.AsSpan(0, Math.Min(text!.Length, SniffLength));
            (apacheLines, braceLines, virtualHosts) = Sniff(sample);
            xml = IsXml(sample);
        }
        else
        {
            using var head = source.Head(SniffLength);
            (apacheLines, braceLines, virtualHosts) = Sniff(head.Span);
            xml = IsXml(head.Span);
        }

        if (xml)
        {
            // An XML document (fontconfig's conf.avail/*.conf, a Maven settings.xml): httpd has no "<?" section, and the
            // prose in its comments is full of words that are directive names ("Define aliasing ...").
            return false;
        }

        if (braceLines > apacheLines)
        {
            // An nginx or BIND file, whatever it is called.
            return false;
        }

        if (IsApacheFileName(fileName))
        {
            return true;
        }

        bool conf = fileName.EndsWith(".conf", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".load", StringComparison.OrdinalIgnoreCase);
        var directories = segments.Take(segments.Length - 1).ToList();
        if (conf && directories.Any(IsApacheDirectory))
        {
            return true;
        }

        if (conf && virtualHosts > 0 && directories.Any(directory => VirtualHostDirectories.Any(name => directory.Equals(name, StringComparison.OrdinalIgnoreCase))))
        {
            return true;
        }

        return apacheLines > 0;
    }

    /// <summary>Whether a file name is one only httpd's files have (<c>httpd.conf</c>, <c>apache2.conf</c>, <c>.htaccess</c>, ...).</summary>
    internal static bool IsApacheFileName(string fileName) => ApacheFileNames.Any(name => fileName.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a folder name is one httpd's configuration lives in (<c>apache2</c>, <c>apache</c>, <c>httpd</c>).</summary>
    internal static bool IsApacheDirectory(string folder) => ApacheDirectories.Any(name => folder.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a file name is a main server configuration's (<c>apache2.conf</c>, <c>httpd.conf</c>).</summary>
    internal static bool IsMainConfigurationFileName(ReadOnlySpan<char> fileName) =>
        fileName.Equals("apache2.conf", StringComparison.OrdinalIgnoreCase) || fileName.Equals("httpd.conf", StringComparison.OrdinalIgnoreCase);

    private static bool IsXml(ReadOnlySpan<char> head) => head.TrimStart().TrimStart('\uFEFF').StartsWith("<?xml", StringComparison.OrdinalIgnoreCase);

    // The section (container) directives of httpd 2.4's core and bundled modules (httpd docs, "Directive Index"), so
    // that XML files (a .csproj, a pom.xml) are not taken for Apache configuration because they have tags.
    private static readonly HashSet<string> ApacheSections = new(StringComparer.OrdinalIgnoreCase)
    {
        "VirtualHost", "Directory", "DirectoryMatch", "Files", "FilesMatch", "Location", "LocationMatch", "IfModule", "IfDefine",
        "IfVersion", "IfFile", "IfSection", "IfDirective", "If", "ElseIf", "Else", "Proxy", "ProxyMatch", "Limit", "LimitExcept",
        "RequireAll", "RequireAny", "RequireNone", "Macro", "AuthnProviderAlias", "AuthzProviderAlias", "MDomain", "MDomainSet",
    };

    // Over the head of a file (at most SniffLength characters). The names are looked up as spans: a string per line
    // of every file that reached this test was most of what sniffing allocated.
    private static (int ApacheLines, int BraceLines, int VirtualHosts) Sniff(ReadOnlySpan<char> content)
    {
        var sections = ApacheSections.GetAlternateLookup<ReadOnlySpan<char>>();
        var directives = ApacheDirectives.GetAlternateLookup<ReadOnlySpan<char>>();
        int apache = 0, braces = 0, virtualHosts = 0;
        foreach (var rawLine in content.EnumerateLines())
        {
            var line = rawLine.Trim();
            if (line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (line[^1] is '{' or ';' || (line.Length == 1 && line[0] == '}') || line.StartsWith("};"))
            {
                braces++;
                continue;
            }

            int wordEnd = line.IndexOfAny(" \t>");
            var word = wordEnd < 0 ? line : line[..wordEnd];
            var tagName = word.StartsWith("</") ? word[2..] : word.StartsWith('<') ? word[1..] : [];
            if (!tagName.IsEmpty && sections.Contains(tagName))
            {
                apache++;
                if (tagName.Equals("VirtualHost", StringComparison.OrdinalIgnoreCase) && word[1] != '/')
                {
                    virtualHosts++;
                }
            }
            else if (directives.Contains(word))
            {
                apache++;
            }
        }

        return (apache, braces, virtualHosts);
    }
}
