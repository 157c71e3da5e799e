using ElectionAudit.Configuration;
using ElectionAudit.Engine;

namespace ElectionAudit.Core.Tests.Engine;

/// <summary>
/// Binaries and files over limits.max-file-bytes in a scanned repository: only configuration is reported as not read. A
/// file a format claims by its name is, whatever it holds; one claimed by content is when its text (the start of it, for a
/// file too large to read) holds no NUL; everything else (a PDF, an archive, a library, a compiled module) is skipped, as
/// small binaries always were.
/// </summary>
public sealed class LargeAndBinaryFileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ea-large-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private void Write(string path, byte[] bytes)
    {
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
    }

    private void Write(string path, string text) => Write(path, System.Text.Encoding.UTF8.GetBytes(text));

    private static byte[] Binary(string start, int length)
    {
        var bytes = new byte[length];
        System.Text.Encoding.ASCII.GetBytes(start).CopyTo(bytes, 0);
        for (int i = start.Length; i < length; i++)
        {
            bytes[i] = (byte)(i % 7 == 0 ? 0 : 'A' + (i % 26));
        }

        return bytes;
    }

    private List<string> Problems() =>
    [
        .. new AuditEngine([]).Scan(new ScanRequest(_root) { Configuration = AuditConfiguration.Default with { Limits = ScanLimits.Default with { MaxFileBytes = 1000 } }, MaxDegreeOfParallelism = 1 })
            .Findings.Where(f => f.RuleId is "EA0002" or "EA0003").Select(f => $"{f.RuleId} {f.Location.Path}({f.Location.StartLine},{f.Location.StartColumn}) {f.Message}"),
    ];

    [Fact]
    public void Only_configuration_too_large_to_read_is_reported()
    {
        Write("docs/election-law.pdf", Binary("%PDF-1.7\n", 5000));
        Write("tools/results-export", Binary("\u007fELF", 3000));
        Write("notes/minutes.txt", "Minutes of the results working group.\n" + new string('x', 2000) + "\n");
        Write("nginx/nginx.conf", "# the front end\n#" + new string('x', 2000) + "\nevents {}\n");
        Write("deploy/results.conf", "server {\n    listen 443 ssl;\n    server_name results.example.nl;\n    location / { root /srv/www; }\n}\n# " + new string('x', 2000) + "\n");
        Write("bind/named.conf", Binary("options {", 2000)); // claimed by its name, though binary

        Problems().ShouldBe(
        [
            "EA0002 bind/named.conf(1,1) The file is 2,000 bytes, more than limits.max-file-bytes (1,000); it was not read. Raise the limit in .electionaudit.yml if the file is genuine.",
            "EA0002 deploy/results.conf(1,1) The file is 2,104 bytes, more than limits.max-file-bytes (1,000); it was not read. Raise the limit in .electionaudit.yml if the file is genuine.",
            "EA0002 nginx/nginx.conf(1,1) The file is 2,028 bytes, more than limits.max-file-bytes (1,000); it was not read. Raise the limit in .electionaudit.yml if the file is genuine.",
        ]);
    }

    [Fact]
    public void The_text_of_a_file_no_format_reads_is_not_kept_but_an_include_still_reads_it()
    {
        Write("docs/photo.jpg", Binary("\u00ff\u00d8\u00ff", 3000));
        Write("docs/notes.txt", "Election night rota.\n");
        Write("extra/headers.txt", "add_header X-Frame-Options DENY always;\n"); // one directive: no format claims it alone
        Write("nginx/nginx.conf", "events {}\nhttp {\n    server {\n        listen 80;\n        include ../extra/headers.txt;\n    }\n}\n");

        var result = new AuditEngine([]).Scan(new ScanRequest(_root) { MaxDegreeOfParallelism = 1 });
        result.Sources.Keys.Order(StringComparer.Ordinal).ShouldBe(["extra/headers.txt", "nginx/nginx.conf"]);
        result.Model.SyntaxTrees.Select(t => t.Source.Path).ShouldBe(["extra/headers.txt", "nginx/nginx.conf"]);
        result.Findings.Where(f => f.RuleId is "EA0002" or "EA0003").ShouldBeEmpty();
    }

    [Fact]
    public void A_binary_reached_through_a_linked_folder_is_skipped_too()
    {
        Write("releases/v1/app.bin", Binary("MZ", 4000));
        Directory.CreateSymbolicLink(Path.Combine(_root, "current"), "releases/v1");
        Problems().ShouldBeEmpty();
    }

    [Fact]
    public void A_small_binary_is_reported_only_when_its_name_claims_it()
    {
        // A compiled Python module whose strings hold a virtual host: the words claim nothing in a binary.
        Write("lib/__pycache__/trac.cpython-312.pyc", Binary("<VirtualHost *:80>\n  ServerName results.example.nl\n</VirtualHost>\n", 400));
        Write("etc/nginx/nginx.conf", Binary("events {}\n", 300));
        Problems().ShouldBe(["EA0002 etc/nginx/nginx.conf(2,5) The file holds a NUL character, so it is binary or UTF-16 without a byte order mark, not nginx text; it was not parsed."]);
    }
}
