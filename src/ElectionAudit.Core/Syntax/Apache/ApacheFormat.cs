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
    /// The directive names httpd knows: every one Debian's httpd lists with all its bundled modules loaded
    /// (<see cref="ApacheDirectiveNames"/>), and mod_wsgi's, a module of its own package. Compared ignoring case, as httpd
    /// does.
    /// </summary>
    private static readonly HashSet<string> ApacheDirectives = new(
        [.. ApacheDirectiveNames.Directives, "WSGIScriptAlias", "WSGIDaemonProcess", "WSGIProcessGroup", "WSGIApplicationGroup"],
        StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a file is an Apache httpd configuration. Names decide first (<c>httpd.conf</c>, <c>apache2.conf</c>,
    /// <c>.htaccess</c>; a <c>*.conf</c> under an <c>apache2/</c> or <c>httpd/</c> directory, or under <c>sites-available/</c>
    /// and the like when it holds a <c>&lt;VirtualHost</c>); otherwise the content must have an httpd section tag, or
    /// lines that start with a capitalised httpd directive name (<c>ServerTokens</c>, not ld.so.conf's <c>include</c>) at
    /// least as many as the lines that start with another word (not ssh_config's one <c>Include</c> among its own
    /// keywords). In every case no more lines than the httpd ones may end in <c>{</c> or <c>;</c>, the shape of nginx and
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

        Sniffed sniffed;
        bool xml;
        if (source is null)
        {
            var sample = text.AsSpan(0, Math.Min(text!.Length, SniffLength));
            sniffed = Sniff(sample);
            xml = IsXml(sample);
        }
        else
        {
            using var head = source.Head(SniffLength);
            sniffed = Sniff(head.Span);
            xml = IsXml(head.Span);
        }

        if (xml)
        {
            // An XML document (fontconfig's conf.avail/*.conf, a Maven settings.xml): httpd has no "<?" section, and the
            // prose in its comments is full of words that are directive names ("Define aliasing ...").
            return false;
        }

        if (sniffed.BraceLines > sniffed.ApacheLines)
        {
            // An nginx or BIND file, whatever it is called.
            return false;
        }

        if (IsApacheFileName(fileName))
        {
            return true;
        }

        if (ProgramAndDocumentNames.IsProgramOrDocument(fileName))
        {
            // A README quoting a <VirtualHost> is no configuration httpd reads, wherever it is.
            return false;
        }

        bool conf = fileName.EndsWith(".conf", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".load", StringComparison.OrdinalIgnoreCase);
        var directories = segments.Take(segments.Length - 1).ToList();
        if (conf && directories.Any(IsApacheDirectory))
        {
            return true;
        }

        if (conf && sniffed.VirtualHosts > 0 && directories.Any(directory => VirtualHostDirectories.Any(name => directory.Equals(name, StringComparison.OrdinalIgnoreCase))))
        {
            return true;
        }

        return sniffed.SaysApache;
    }

    /// <summary>Whether a file name is one only httpd's files have (<c>httpd.conf</c>, <c>apache2.conf</c>, <c>.htaccess</c>, ...).</summary>
    internal static bool IsApacheFileName(string fileName) => ApacheFileNames.Any(name => fileName.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a folder name is one httpd's configuration lives in (<c>apache2</c>, <c>apache</c>, <c>httpd</c>).</summary>
    internal static bool IsApacheDirectory(string folder) => ApacheDirectories.Any(name => folder.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Whether a file name is a main server configuration's (<c>apache2.conf</c>, <c>httpd.conf</c>).</summary>
    internal static bool IsMainConfigurationFileName(ReadOnlySpan<char> fileName) =>
        fileName.Equals("apache2.conf", StringComparison.OrdinalIgnoreCase) || fileName.Equals("httpd.conf", StringComparison.OrdinalIgnoreCase);

    private static bool IsXml(ReadOnlySpan<char> head) => head.TrimStart().TrimStart('\uFEFF').StartsWith("<?xml", StringComparison.OrdinalIgnoreCase);

    // The section (container) directives httpd lists, so that XML files (a .csproj, a pom.xml) are not taken for Apache
    // configuration because they have tags.
    private static readonly HashSet<string> ApacheSections = new(ApacheDirectiveNames.Sections, StringComparer.OrdinalIgnoreCase);

    // Over the head of a file (at most SniffLength characters). The names are looked up as spans: a string per line
    // of every file that reached this test was most of what sniffing allocated.
    private static Sniffed Sniff(ReadOnlySpan<char> content)
    {
        var sections = ApacheSections.GetAlternateLookup<ReadOnlySpan<char>>();
        var directives = ApacheDirectives.GetAlternateLookup<ReadOnlySpan<char>>();
        var sniffed = default(Sniffed);
        bool continued = false;
        foreach (var rawLine in SpanLines.AtUnicodeBreaks(content))
        {
            var line = rawLine.Trim();
            bool continuation = continued;
            continued = !line.IsEmpty && line[^1] == '\\';
            if (continuation || line.IsEmpty || line[0] == '#')
            {
                continue;
            }

            if (line[^1] is '{' or ';' || (line.Length == 1 && line[0] == '}') || line.StartsWith("};"))
            {
                sniffed.BraceLines++;
                continue;
            }

            int wordEnd = line.IndexOfAny(" \t>");
            var word = wordEnd < 0 ? line : line[..wordEnd];
            var tagName = word.StartsWith("</") ? word[2..] : word.StartsWith('<') ? word[1..] : [];
            // As for directives, a section is written capitalised (<VirtualHost>): dbus's XML <limit> is no <Limit>.
            if (!tagName.IsEmpty && char.IsAsciiLetterUpper(tagName[0]) && sections.Contains(tagName))
            {
                sniffed.Sections++;
                if (tagName.Equals("VirtualHost", StringComparison.OrdinalIgnoreCase) && word[1] != '/')
                {
                    sniffed.VirtualHosts++;
                }
            }
            else if (char.IsAsciiLetterUpper(word.IsEmpty ? ' ' : word[0]) && directives.Contains(word))
            {
                // httpd reads names in any case, but its configurations write them as the manual does, capitalised
                // ("Deny from all", although mod_access_compat declares "deny"). Other formats share the words in lower
                // case: ld.so.conf's and GnuCOBOL's "include", exim's "deny", "user = mail".
                sniffed.Directives++;
            }
            else
            {
                sniffed.OtherLines++;
            }
        }

        return sniffed;
    }

    private record struct Sniffed(int Sections, int Directives, int OtherLines, int BraceLines, int VirtualHosts)
    {
        /// <summary>Lines httpd would read as its own: section tags and directives it has.</summary>
        public readonly int ApacheLines => Sections + Directives;

        /// <summary>
        /// Whether the content alone says httpd: a section tag, or directives httpd has on at least as many lines as
        /// words it does not know (ssh_config's one "Include" among "Host", "SendEnv" and "HashKnownHosts" is not).
        /// </summary>
        public readonly bool SaysApache => Sections > 0 || (Directives > 0 && Directives >= OtherLines);
    }
}
