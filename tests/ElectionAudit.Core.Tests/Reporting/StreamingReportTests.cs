using System.Text;
using ElectionAudit.Core.Tests.Engine;
using ElectionAudit.Engine;
using ElectionAudit.Reporting;

namespace ElectionAudit.Core.Tests.Reporting;

/// <summary>
/// The machine-readable reports reach their stream as they are written, in chunks, instead of being built whole in
/// memory first (a SARIF log of a large repository is hundreds of megabytes), and what arrives is exactly the report.
/// </summary>
public class StreamingReportTests
{
    private const int Sites = 3000;

    // The largest single write a streaming report may make: Utf8JsonWriter is flushed past 64 KiB, plus one finding.
    private const int LargestWrite = 128 * 1024;

    private static readonly AuditResult Result = Scan();

    public static TheoryData<string> Formats => ["sarif", "json", "gitlab", "junit"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Reports_reach_the_stream_in_chunks_and_match_their_text(string format)
    {
        var stream = new RecordingStream();
        Write(format, stream);
        var text = format switch
        {
            "sarif" => SarifWriter.ToText(Result),
            "json" => JsonReporter.ToText(Result, "1.2.3"),
            "gitlab" => GitLabCodeQualityReporter.ToText(Result),
            _ => JUnitReporter.ToText(Result),
        };

        Encoding.UTF8.GetString(stream.ToArray()).ShouldBe(text);
        text.Length.ShouldBeGreaterThan(LargestWrite, "the report must be large enough for chunking to show");
        stream.Writes.ShouldBeGreaterThan(2);
        stream.LargestWrite.ShouldBeLessThanOrEqualTo(LargestWrite);
        text.ShouldEndWith("\n");
        text.ShouldNotEndWith("\n\n");
    }

    [Fact]
    public void Every_finding_is_in_the_streamed_reports()
    {
        Result.Findings.Length.ShouldBe(Sites);
        var json = new RecordingStream();
        JsonReporter.Write(Result, json, "1.2.3");
        using var document = System.Text.Json.JsonDocument.Parse(json.ToArray());
        document.RootElement.GetProperty("findings").GetArrayLength().ShouldBe(Sites);
        var sarif = new RecordingStream();
        SarifWriter.Write(Result, sarif);
        using var log = System.Text.Json.JsonDocument.Parse(sarif.ToArray());
        var results = log.RootElement.GetProperty("runs")[0].GetProperty("results");
        results.GetArrayLength().ShouldBe(Sites);
        results[Sites - 1].GetProperty("message").GetProperty("text").GetString().ShouldBe($"Site 'site{Sites - 1:0000}' seen.");
    }

    private static void Write(string format, Stream stream)
    {
        switch (format)
        {
            case "sarif":
                SarifWriter.Write(Result, stream);
                break;
            case "json":
                JsonReporter.Write(Result, stream, "1.2.3");
                break;
            case "gitlab":
                GitLabCodeQualityReporter.Write(Result, stream);
                break;
            default:
                JUnitReporter.Write(Result, stream);
                break;
        }
    }

    private static AuditResult Scan()
    {
        var descriptor = new StringBuilder("version: 1\nelection:\n  name: E\n  date: 2027-03-17\nsites:\n");
        for (int i = 0; i < Sites; i++)
        {
            descriptor.Append("  - name: site").Append(i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        }

        var files = new InMemoryFileSystem().Add("election.yml", descriptor.ToString());
        return new AuditEngine([new EverySiteRule()]).Analyze(files, [.. files.Paths]);
    }

    /// <summary>Keeps what is written and how it arrived.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _written = new();

        public int Writes { get; private set; }

        public int LargestWrite { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written.Length;

        public override long Position
        {
            get => _written.Position;
            set => throw new NotSupportedException();
        }

        public byte[] ToArray() => _written.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            LargestWrite = Math.Max(LargestWrite, buffer.Length);
            _written.Write(buffer);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
