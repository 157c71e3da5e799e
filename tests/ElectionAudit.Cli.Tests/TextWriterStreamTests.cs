using System.Text;

namespace ElectionAudit.Cli.Tests;

public class TextWriterStreamTests
{
    [Fact]
    public void Characters_cut_between_writes_arrive_whole()
    {
        // Two-, three- and four-byte UTF-8 sequences, written one byte at a time and then in uneven chunks.
        const string text = "Wahlkreis Köln € 😀 — ok\n";
        var bytes = Encoding.UTF8.GetBytes(text);
        var byByte = new StringWriter();
        using (var stream = new TextWriterStream(byByte))
        {
            foreach (var b in bytes)
            {
                stream.Write([b], 0, 1);
            }
        }

        byByte.ToString().ShouldBe(text);
        var byChunk = new StringWriter();
        using (var stream = new TextWriterStream(byChunk))
        {
            for (int i = 0; i < bytes.Length; i += 3)
            {
                stream.Write(bytes.AsSpan(i, Math.Min(3, bytes.Length - i)));
            }
        }

        byChunk.ToString().ShouldBe(text);
    }

    [Fact]
    public void Standard_output_gets_the_same_report_as_a_file()
    {
        var root = CliHarness.RepositoryRoot;
        var file = Path.Combine(Path.GetTempPath(), $"ea-stdout-{Guid.NewGuid():N}.sarif");
        try
        {
            foreach (var format in new[] { "sarif", "json", "junit", "gitlab" })
            {
                var (exit, stdout, _) = CliHarness.Run("scan", "--root", root, Path.Combine(root, "samples"), "--format", format, "--as-of", "2027-03-01");
                var (fileExit, _, _) = CliHarness.Run("scan", "--root", root, Path.Combine(root, "samples"), "--format", format, "--as-of", "2027-03-01", "-o", file);
                exit.ShouldBe(1);
                fileExit.ShouldBe(1);
                stdout.ShouldBe(File.ReadAllText(file, Encoding.UTF8), $"--format {format}");
                stdout.Length.ShouldBeGreaterThan(1000);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }
}
