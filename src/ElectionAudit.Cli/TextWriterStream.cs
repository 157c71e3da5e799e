using System.Text;

namespace ElectionAudit.Cli;

/// <summary>
/// A write-only stream that passes UTF-8 bytes on to a <see cref="TextWriter"/> as text, a chunk at a time: the reports
/// are written to streams as they go, and standard output here is a text writer (the console, or a test's).
/// </summary>
internal sealed class TextWriterStream(TextWriter writer) : Stream
{
    private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
    private char[] _chars = [];

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // The decoder keeps a character cut between two chunks until the rest of its bytes arrive.
        int needed = _decoder.GetCharCount(buffer, flush: false);
        if (_chars.Length < needed)
        {
            _chars = new char[Math.Max(needed, 4096)];
        }

        int count = _decoder.GetChars(buffer, _chars, flush: false);
        writer.Write(_chars, 0, count);
    }

    public override void Flush() => writer.Flush();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            writer.Flush();
        }

        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
