using System.Buffers;
using ElectionAudit.Text;

namespace ElectionAudit.Syntax.Nginx;

/// <summary>Recognises nginx configuration files by name and content, for format detection.</summary>
public static class NginxFormat
{
    // Sniffing reads no more than this much of a file: enough for any real configuration's opening lines.
    private const int SniffLength = 64 * 1024;

    // nginx's own core and common module directives (https://nginx.org/en/docs/dirindex.html). Apache's and BIND's
    // configuration languages share none of these in lower case with a ";"-terminated statement.
    private static readonly HashSet<string> KnownDirectives = new(StringComparer.Ordinal)
    {
        "access_log", "add_header", "alias", "allow", "autoindex", "charset", "client_body_buffer_size",
        "client_max_body_size", "default_type", "deny", "error_log", "error_page", "events", "expires",
        "fastcgi_param", "fastcgi_pass", "gzip", "gzip_types", "http", "if", "include", "index",
        "keepalive_timeout", "limit_req", "limit_req_zone", "listen", "location", "log_format", "map",
        "pid", "proxy_pass", "proxy_read_timeout", "proxy_redirect", "proxy_set_header", "resolver", "return",
        "rewrite", "root", "sendfile", "server", "server_name", "server_tokens", "ssl_certificate",
        "ssl_certificate_key", "ssl_ciphers", "ssl_prefer_server_ciphers", "ssl_protocols", "ssl_session_cache",
        "ssl_session_timeout", "ssl_stapling", "stream", "tcp_nopush", "try_files", "types", "upstream", "user",
        "uwsgi_pass", "worker_connections", "worker_processes",
    };

    private static readonly HashSet<string> ContextBlocks = new(StringComparer.Ordinal)
    {
        "http", "server", "events", "location", "upstream", "stream",
    };

    // The known directives nginx takes only with a block ("directive \"if\" has no opening \"{\"" otherwise); "server" is
    // both (a block in http, a simple directive in upstream), and every other known one takes none (ngx_http_core_module
    // and the other modules' directive tables: NGX_CONF_BLOCK).
    private static readonly HashSet<string> BlockDirectives = new(StringComparer.Ordinal)
    {
        "events", "http", "if", "location", "map", "stream", "types", "upstream",
    };

    // Zone types of BIND's named.conf ("type master;" inside a zone block); nginx has no "type" directive.
    private static readonly HashSet<string> NamedZoneTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "master", "slave", "primary", "secondary", "hint", "forward", "stub", "static-stub", "redirect", "mirror", "delegation-only",
    };

    /// <summary>
    /// Whether a file looks like nginx configuration. A name decides for <c>nginx.conf</c>, <c>*.nginx</c>, an
    /// <c>nginx -T</c> dump and a <c>*.conf</c> under a directory named <c>nginx</c>; a <c>*.conf</c> under
    /// <c>sites-*</c>, <c>conf.d</c> or <c>snippets</c> (which Apache layouts use too) needs one nginx directive;
    /// any other file needs nginx content (a <c>server</c>, <c>http</c>, <c>location</c> ... block with nginx directives,
    /// or several nginx directives). Apache files (<c>&lt;VirtualHost&gt;</c> and other section tags, capitalised
    /// directives) and BIND named.conf files (<c>zone "x" { type master; ... }</c>, hyphenated options) are never claimed.
    /// </summary>
    public static bool LooksLikeNginx(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        return LooksLikeNginx(path, text, wordTest: true);
    }

    /// <summary>
    /// <see cref="LooksLikeNginx(string, string)"/> for the scan's snapshot <paramref name="source"/> of the file: the tests
    /// before parsing read the head that is sniffed, not the whole file's string; a file short enough to be sniffed whole is
    /// parsed as that snapshot, and the tree is kept for the loader when the answer is yes.
    /// </summary>
    internal static bool LooksLikeNginx(string path, SourceText source)
    {
        string? sample = null;
        bool namedAsNginx;
        using (var head = source.Head(SniffLength))
        {
            if (Sniff(path, head.Span, wordTest: true, out namedAsNginx) is { } answer)
            {
                return answer;
            }

            if (source.Length > SniffLength)
            {
                sample = head.Span.ToString();
            }
        }

        if (sample is not null)
        {
            return Classify(path, namedAsNginx, ParseForDetection(new SourceText(path, sample)));
        }

        var tree = ParseForDetection(source);
        bool looksLikeNginx = Classify(path, namedAsNginx, tree);
        if (looksLikeNginx)
        {
            NginxDetectionTrees.Remember(tree.OrTemplate());
        }

        return looksLikeNginx;
    }

    /// <summary>The answer without the word test, parsing every file: the tests hold the fast answer to it.</summary>
    internal static bool LooksLikeNginxByParsing(string path, string text) => LooksLikeNginx(path, text, wordTest: false);

    private static bool LooksLikeNginx(string path, string text, bool wordTest)
    {
        var sample = text.AsSpan(0, Math.Min(text.Length, SniffLength));
        return Sniff(path, sample, wordTest, out bool namedAsNginx)
            ?? Classify(path, namedAsNginx, ParseForDetection(new SourceText(path, text.Length > SniffLength ? sample.ToString() : text)));
    }

    // The tree as written: a template is classified by the directives it holds (and then reported as one).
    private static NginxSyntaxTree ParseForDetection(SourceText source) => NginxSyntaxTree.ParseAsWritten(source, new TextSpan(0, source.Length), source.Path);

    /// <summary>
    /// The answer the sniffed head <paramref name="sample"/> gives before any parsing (a dump, an Apache section tag, no
    /// directive word), or null when the parsed sample must decide; <paramref name="namedAsNginx"/> is <see cref="IsNamedAsNginx"/>'s answer.
    /// </summary>
    private static bool? Sniff(string path, ReadOnlySpan<char> sample, bool wordTest, out bool namedAsNginx)
    {
        namedAsNginx = false;
        if (NginxDump.IsDump(sample))
        {
            return true;
        }

        if (HasApacheSectionTag(sample))
        {
            return false;
        }

        // Past the names that decide on their own, a file is claimed only for the nginx directives it holds, and it can
        // hold one only where the directive's name stands as a word. Every file of a scan is sniffed here before the
        // loaders that claim by name (zone files, YAML) get their turn: parsing each one as nginx was 8% of a scan of
        // 16,000 generated files.
        namedAsNginx = IsNamedAsNginx(path);

        // A script (#!/bin/sh ...) whose shell functions and braces parse like blocks, such as /etc/X11/Xsession, is not
        // nginx configuration unless its name says so.
        if (!namedAsNginx && sample.TrimStart().StartsWith("#!", StringComparison.Ordinal))
        {
            return false;
        }

        // Nor is a program's source or a document (zran.c's "if", "index" and "return" statements parse as directives).
        if (!namedAsNginx && ProgramAndDocumentNames.IsProgramOrDocument(path))
        {
            return false;
        }

        return wordTest && !namedAsNginx && !HasKnownDirectiveWord(sample) ? false : null;
    }

    /// <summary>Whether <paramref name="text"/> holds one of the known directive names as a whole word (letters, digits and underscores).</summary>
    internal static bool HasKnownDirectiveWord(ReadOnlySpan<char> text)
    {
        var names = KnownDirectives.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int start = 0; start < text.Length;)
        {
            if (!IsWordCharacter(text[start]))
            {
                start++;
                continue;
            }

            int end = start + 1;
            while (end < text.Length && IsWordCharacter(text[end]))
            {
                end++;
            }

            if (names.Contains(text[start..end]))
            {
                return true;
            }

            start = end;
        }

        return false;
    }

    private static bool IsWordCharacter(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary><c>nginx.conf</c>, <c>*.nginx</c>, or a <c>*.conf</c> under a directory named <c>nginx</c>: names that claim a file whatever nginx directives it holds.</summary>
    /// <remarks>Over the path's characters: every file of a scan is asked, and splitting its path made a string per segment.</remarks>
    internal static bool IsNamedAsNginx(string path)
    {
        var fileName = FileName(path, out var folders);
        if (fileName.Equals("nginx.conf", StringComparison.OrdinalIgnoreCase) || fileName.EndsWith(".nginx", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return fileName.EndsWith(".conf", StringComparison.OrdinalIgnoreCase) && AnySegment(folders, IsNginxFolder);
    }

    private static readonly SearchValues<char> SeparatorValues = SearchValues.Create(Separators);

    private const string Separators = "/\\";

    /// <summary>
    /// The file name of <paramref name="path"/>: its last non-empty segment ("/" and "\\" both separate, so a trailing
    /// separator does not make the name empty). <paramref name="folders"/> is what stands before it, empty for a bare name.
    /// </summary>
    /// <remarks>The name tests of <see cref="IsNamedAsNginx"/> and of the include folders split a path the same way.</remarks>
    internal static ReadOnlySpan<char> FileName(string path, out ReadOnlySpan<char> folders)
    {
        var rest = path.AsSpan().TrimEnd(Separators);
        int last = rest.LastIndexOfAny(SeparatorValues);
        folders = last < 0 ? [] : rest[..last];
        return rest[(last + 1)..];
    }

    /// <summary>
    /// Whether <paramref name="test"/> holds for one of the non-empty <c>/</c>- or <c>\\</c>-separated segments of
    /// <paramref name="path"/>: the folder tests (a folder named nginx, one nginx includes from) differ only in the test.
    /// Over the path's characters, without a string per segment.
    /// </summary>
    internal static bool AnySegment(ReadOnlySpan<char> path, Func<ReadOnlySpan<char>, bool> test)
    {
        while (true)
        {
            int separator = path.IndexOfAny(SeparatorValues);
            var current = separator < 0 ? path : path[..separator];
            if (!current.IsEmpty && test(current))
            {
                return true;
            }

            if (separator < 0)
            {
                return false;
            }

            path = path[(separator + 1)..];
        }
    }

    /// <summary>Whether a folder is named nginx (in any case): a file under it is claimed by its path (a <c>*.conf</c> whatever it holds).</summary>
    internal static bool IsNginxFolder(ReadOnlySpan<char> folder) => folder.Equals("nginx", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether a folder is one nginx includes from: <c>sites-*</c>, <c>conf.d</c> or <c>snippets</c> (Apache layouts use them too).</summary>
    private static bool IsIncludeFolder(ReadOnlySpan<char> folder) =>
        folder.StartsWith("sites-", StringComparison.OrdinalIgnoreCase) || folder.Equals("conf.d", StringComparison.OrdinalIgnoreCase) || folder.Equals("snippets", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The content and name tests of <see cref="LooksLikeNginx(string, string)"/> on the parsed sample;
    /// <paramref name="namedAsNginx"/> is <see cref="IsNamedAsNginx"/>'s answer for <paramref name="path"/>.
    /// </summary>
    private static bool Classify(string path, bool namedAsNginx, NginxSyntaxTree tree)
    {
        int known = 0, capitalised = 0, hyphenated = 0, programWords = 0;
        bool contextBlock = false, named = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in tree.Root.DescendantNodesAndSelf())
        {
            if (node is not NginxDirectiveSyntax directive)
            {
                continue;
            }

            var name = directive.Name;
            if (KnownDirectives.Contains(name) && HasNginxShape(directive) && seen.Add(name))
            {
                known++;
                programWords += name is "if" or "return" or "index" ? 1 : 0;
                if (name == "listen" && directive.Arguments.Length > 0 && directive.Arguments[0].Value.Any(char.IsAsciiDigit))
                {
                    known++;
                }
            }

            contextBlock |= directive.Block is not null && ContextBlocks.Contains(name);
            capitalised += name.Length > 1 && char.IsAsciiLetterUpper(name[0]) ? 1 : 0;
            hyphenated += IsHyphenatedWord(name) ? 1 : 0;
            named |= name == "zone" && directive.Block is not null && directive.Arguments.Length > 0 && directive.Arguments[0].IsQuoted;
            named |= name == "type" && directive.Arguments.Length == 1 && NamedZoneTypes.Contains(directive.Arguments[0].Value);
        }

        if (named || (hyphenated >= 2 && known < 2) || (capitalised >= 2 && known == 0))
        {
            return false;
        }

        if (namedAsNginx)
        {
            return true;
        }

        if (FileName(path, out var folders).EndsWith(".conf", StringComparison.OrdinalIgnoreCase) && AnySegment(folders, IsIncludeFolder))
        {
            return known >= 1;
        }

        // "if", "return" and "index" are every programming language's words too: C, Perl, Pascal and a text of C++
        // guidelines hold all three in nginx's shape ("if (x) { return y; }", "index = 0;"), so they count only beside another.
        return (contextBlock && known >= 2) || (known >= 3 && known > programWords);
    }

    /// <summary>
    /// Whether a known directive stands as nginx would take it: ended by <c>;</c> or a block, with a block exactly when its
    /// kind needs one. Free Pascal's <c>if not Ready then raise …;</c> and a comment's <c>{ return the handle }</c> parse
    /// as <c>if</c> and <c>return</c>, but nginx refuses both, so they do not make a source file nginx configuration.
    /// </summary>
    private static bool HasNginxShape(NginxDirectiveSyntax directive) =>
        directive.IsTerminated && (directive.Name == "server" || (directive.Block is not null) == BlockDirectives.Contains(directive.Name));

    /// <summary>Whether a line starts with an Apache section tag such as <c>&lt;VirtualHost</c> or <c>&lt;/Directory&gt;</c>.</summary>
    private static bool HasApacheSectionTag(ReadOnlySpan<char> text)
    {
        foreach (var line in SpanLines.AtUnicodeBreaks(text))
        {
            var trimmed = line.TrimStart();
            if (trimmed.Length > 2 && trimmed[0] == '<' && (char.IsAsciiLetter(trimmed[1]) || (trimmed[1] == '/' && char.IsAsciiLetter(trimmed[2]))))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsHyphenatedWord(string name)
    {
        int hyphen = name.IndexOf('-', StringComparison.Ordinal);
        return hyphen > 0 && hyphen < name.Length - 1 && name.All(c => char.IsAsciiLetterLower(c) || c == '-');
    }
}
