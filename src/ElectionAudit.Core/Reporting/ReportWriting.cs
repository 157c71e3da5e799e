using System.Text.Json;

namespace ElectionAudit.Reporting;

/// <summary>What the JSON reports share: their writer settings, and writing to the stream as they go.</summary>
internal static class ReportWriting
{
    // Utf8JsonWriter keeps everything written to a stream in its own buffer until it is flushed; a report of a quarter of
    // a million findings would otherwise be held whole (and then copied) before a byte reached the file.
    private const int FlushThreshold = 64 * 1024;

    /// <summary>Indented, non-ASCII characters as they are (the reports are UTF-8 files, not HTML).</summary>
    public static JsonWriterOptions JsonOptions => new() { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Passes what <paramref name="json"/> holds to its stream once it holds more than a few tens of kilobytes.</summary>
    public static void FlushWhenFull(Utf8JsonWriter json)
    {
        if (json.BytesPending > FlushThreshold)
        {
            json.Flush();
        }
    }

    /// <summary>The text <paramref name="write"/> writes to a stream, as a string (for callers that want the report in memory).</summary>
    public static string ToText(Action<Stream> write)
    {
        using var stream = new MemoryStream();
        write(stream);
        return System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
    }
}
